"""Admin pages for users and organisations."""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import services
from app.admin.forms import (
    NewUserForm,
    OrganisationForm,
    PasswordResetForm,
    UserForm,
)
from app.auth.models import ROLES, User
from app.extensions import db
from app.forms import ConfirmForm, form_values
from app.http import flash_and_redirect, render_form
from app.lists import containing, page_of, search_text
from app.organisations.models import Organisation
from app.permissions import can_manage_organisations, can_manage_users, permission_required


@permission_required(can_manage_users)
def list_users():
    query = search_text()
    role = request.args.get("role", "")
    stmt = db.select(User).join(User.organisation).order_by(User.name)
    stmt = containing(stmt, query, User.name, User.email)
    if role in ROLES:
        stmt = stmt.where(User.role == role)
    page = page_of(stmt)
    return render_template("admin/users.html", page=page, q=query, role=role, roles=ROLES)


@permission_required(can_manage_users)
def create_user():
    form = NewUserForm()
    if form.validate_on_submit():
        user = services.create_user(
            **form_values(
                form, "email", "name", "role", "organisation_id", "password", "preferred_language"
            ),
        )
        return flash_and_redirect(
            _("Account voor %(name)s aangemaakt.", name=user.name), "admin.list_users"
        )
    return render_form("admin/user_form.html", form=form, user=None)


@permission_required(can_manage_users)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user, user=user)
    if request.method == "GET":
        form.organisation_id.data = str(user.organisation_id)
        form.preferred_language.data = user.preferred_language or ""
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != "admin":
            form.role.errors.append(_("Je kan je eigen beheerdersrol niet afnemen."))
        else:
            services.update_user(
                user,
                **form_values(
                    form, "email", "name", "role", "organisation_id", "preferred_language"
                ),
            )
            return flash_and_redirect(_("Wijzigingen bewaard."), "admin.list_users")
    return render_form("admin/user_form.html", form=form, user=user)


@permission_required(can_manage_users)
def toggle_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.set_user_active(user, not user.active)
        message = (
            _("%(name)s kan weer aanmelden.", name=user.name)
            if user.active
            else _("%(name)s kan niet meer aanmelden.", name=user.name)
        )
        return flash_and_redirect(message, "admin.list_users")
    return render_template("admin/confirm_toggle.html", user=user, form=form)


@permission_required(can_manage_users)
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        return flash_and_redirect(
            _("Nieuw wachtwoord ingesteld voor %(name)s.", name=user.name), "admin.list_users"
        )
    return render_form("admin/password_form.html", form=form, user=user)


@permission_required(can_manage_organisations)
def list_organisations():
    query = search_text()
    stmt = containing(db.select(Organisation).order_by(Organisation.name), query, Organisation.name)
    page = page_of(stmt)
    return render_template("admin/organisations.html", page=page, q=query)


@permission_required(can_manage_organisations)
def edit_organisation(organisation_id: int | None = None):
    organisation = db.get_or_404(Organisation, organisation_id) if organisation_id else None
    form = OrganisationForm(obj=organisation, organisation=organisation)
    if form.validate_on_submit():
        services.save_organisation(
            organisation, name=form.name.data, kind=form.kind.data, active=form.active.data
        )
        return flash_and_redirect(_("Organisatie bewaard."), "admin.list_organisations")
    return render_form("admin/organisation_form.html", form=form, organisation=organisation)
