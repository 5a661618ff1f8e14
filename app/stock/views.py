"""Pages for stock: levels per partner, movements, package types."""

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin.forms import organisation_choices
from app.extensions import db
from app.forms import form_values
from app.http import flash_and_redirect, render_form
from app.lists import int_arg, page_of
from app.permissions import can_manage_stock, permission_required
from app.stock import services
from app.stock.forms import CorrectionForm, PackageTypeForm, ReceivedForm, TransferForm
from app.stock.models import MOVEMENT_KINDS, PackageType
from app.stock.queries import movements, negative_stock, package_types, stock_levels

MOVEMENTS_PER_PAGE = 50


@permission_required(can_manage_stock)
def show_stock():
    organisation_id = int_arg("organisation")
    return render_template(
        "stock/levels.html",
        levels=stock_levels(organisation_id),
        negative=negative_stock(),
        organisations=organisation_choices(),
        organisation_id=organisation_id,
        has_types=bool(package_types()),
    )


@permission_required(can_manage_stock)
def list_movements():
    filters = {
        "organisation_id": int_arg("organisation"),
        "package_type_id": int_arg("package_type"),
    }
    page = page_of(movements(**filters), per_page=MOVEMENTS_PER_PAGE)
    return render_template(
        "stock/movements.html",
        page=page,
        kinds=MOVEMENT_KINDS,
        filters=filters,
        organisations=organisation_choices(),
        types=package_types(),
    )


def _saved(stored: bool, message: str) -> None:
    if stored:
        flash(message, "success")
    else:  # the same form again: a double tap, or a resend after an answer that got lost
        flash(_("Dit formulier was al bewaard; er is niets dubbel geteld."), "warning")


def _movement_view(form, kind: str, save, saved: str, title: str):
    """What the three stock forms share: a form stored before is said so (before it is checked
    against today's stock, which would refuse a resent transfer of the last packages as too
    many); a valid one is saved; otherwise the form comes back with what was typed."""
    if form.is_submitted() and services.stored_form(kind, form.submission_id()) is not None:
        _saved(False, saved)
        return redirect(url_for("stock.show_stock"))
    if form.validate_on_submit():
        _movement, stored = save(
            **form_values(form, "package_type_id", "quantity"),
            reason=form.reason.data or "",
            form_id=form.submission_id(),
        )
        _saved(stored, saved)
        return redirect(url_for("stock.show_stock"))
    page_kind = "transfer" if kind == "transfer_out" else kind
    return render_form("stock/movement_form.html", form=form, kind=page_kind, title=title)


def _form(form_class):
    return form_class(request.form or None, organisation_id=request.args.get("organisation"))


@permission_required(can_manage_stock)
def record_received():
    form = _form(ReceivedForm)
    save = partial(services.record_received, organisation_id=form.organisation_id.data)
    return _movement_view(form, "received", save, _("Ontvangst bewaard."), _("Pakketten ontvangen"))


@permission_required(can_manage_stock)
def record_correction():
    form = _form(CorrectionForm)
    save = partial(services.record_correction, organisation_id=form.organisation_id.data)
    return _movement_view(
        form, "correction", save, _("Correctie bewaard."), _("Voorraad corrigeren")
    )


@permission_required(can_manage_stock)
def record_transfer():
    form = _form(TransferForm)
    save = partial(
        services.record_transfer,
        from_organisation_id=form.organisation_id.data,
        to_organisation_id=form.to_organisation_id.data,
    )
    return _movement_view(
        form, "transfer_out", save, _("Overdracht bewaard."), _("Pakketten overdragen")
    )


@permission_required(can_manage_stock)
def list_package_types():
    return render_template("stock/package_types.html", types=package_types())


@permission_required(can_manage_stock)
def edit_package_type(package_type_id: int | None = None):
    package_type = db.get_or_404(PackageType, package_type_id) if package_type_id else None
    form = PackageTypeForm(obj=package_type, package_type=package_type)
    if form.validate_on_submit():
        services.save_package_type(
            package_type,
            **form_values(form, "name", "contents", "age_band", "active"),
        )
        return flash_and_redirect(_("Pakkettype bewaard."), "stock.list_package_types")
    return render_form("stock/package_type_form.html", form=form, package_type=package_type)
