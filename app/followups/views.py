"""Pages for follow-ups: the list, one follow-up with assign, close and reopen."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.forms import organisation_choices
from app.audit.services import record_read
from app.followups import services
from app.followups.forms import AssignForm, CloseForm, ReopenForm
from app.followups.models import FOLLOW_UP_STATUSES, FollowUp
from app.followups.queries import followup_list
from app.http import flash_and_redirect
from app.lists import page_of
from app.permissions import (
    allowed_or_404,
    can_handle_followup,
    can_view_followups,
    is_coordinator,
    permission_required,
)
from app.visits.codes import FOLLOW_UP_KINDS


@permission_required(can_view_followups)
def list_followups():
    coordinator = is_coordinator(current_user)
    organisation = request.args.get("organisation", "")
    filters = {
        "status": request.args.get("status", "open"),
        "kind": request.args.get("kind", ""),
        # A worker sees only the follow-ups of their own organisation, whatever they ask for.
        "organisation_id": (int(organisation) if organisation.isdigit() else None)
        if coordinator
        else current_user.organisation_id,
    }
    worker = None if coordinator else current_user
    page = page_of(followup_list(**filters, worker=worker))
    record_read(
        "households_listed",
        "household",
        [f.household_id for f in page.items],
        followup_ids=[f.id for f in page.items],
    )
    return render_template(
        "followups/list.html",
        page=page,
        filters=filters,
        statuses=FOLLOW_UP_STATUSES,
        kinds=FOLLOW_UP_KINDS,
        organisations=organisation_choices() if coordinator else [],
    )


def _detail(followup, *, assign_form=None, close_form=None, status=200):
    record_read(
        "household_viewed",
        "household",
        [followup],
        subject=followup.household,
        followup_id=followup.id,
    )
    page = render_template(
        "followups/detail.html",
        followup=followup,
        kinds=FOLLOW_UP_KINDS,
        statuses=FOLLOW_UP_STATUSES,
        assign_form=assign_form
        or AssignForm(
            followup=followup, formdata=None, assigned_to_id=str(followup.assigned_to_id or "")
        ),
        close_form=close_form or CloseForm(formdata=None),
        reopen_form=ReopenForm(formdata=None),
    )
    return page, status


@permission_required(can_view_followups)
def show_followup(followup_id: int):
    return _detail(allowed_or_404(FollowUp, followup_id, can_handle_followup))


@permission_required(can_view_followups)
def assign_followup(followup_id: int):
    followup = allowed_or_404(FollowUp, followup_id, can_handle_followup)
    form = AssignForm(followup=followup)
    if form.validate_on_submit():
        services.assign(
            followup, int(form.assigned_to_id.data) if form.assigned_to_id.data else None
        )
        return flash_and_redirect(
            _("Toewijzing bewaard."), "followups.show_followup", followup_id=followup.id
        )
    return _detail(followup, assign_form=form, status=422)


@permission_required(can_view_followups)
def close_followup(followup_id: int):
    followup = allowed_or_404(FollowUp, followup_id, can_handle_followup)
    form = CloseForm()
    if form.validate_on_submit():
        services.close(followup, form.outcome.data)
        flash(
            _("Opvolging afgerond. Je kan ze heropenen als er nog iets moet gebeuren."), "success"
        )
        return redirect(url_for("followups.list_followups"))
    return _detail(followup, close_form=form, status=422)


@permission_required(can_view_followups)
def reopen_followup(followup_id: int):
    followup = allowed_or_404(FollowUp, followup_id, can_handle_followup)
    if ReopenForm().validate_on_submit():
        services.reopen(followup)
        flash(_("Opvolging heropend."), "success")
    return redirect(url_for("followups.show_followup", followup_id=followup.id))
