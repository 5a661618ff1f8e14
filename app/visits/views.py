"""Visits to check: unplaced visits (attach to the household's stop, or discard) and, for the
coordinator, visits whose time was corrected for a phone's clock."""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.services import record_read
from app.extensions import db
from app.http import flash_and_redirect, render_form
from app.permissions import (
    allowed_or_404,
    can_handle_unplaced,
    can_place_at,
    can_review_unplaced,
    is_coordinator,
    permission_required,
)
from app.rounds.models import Stop
from app.stock.models import PackageType
from app.visits.codes import FOLLOW_UP_KINDS, INFO_GIVEN, INTERESTS, OUTCOMES
from app.visits.forms import AttachForm, DiscardForm
from app.visits.models import UnplacedVisit
from app.visits.placement import attach_unplaced, discard_unplaced
from app.visits.queries import clock_corrected_visits, placement_targets, unplaced_for
from app.visits.rejections import REASONS


def _stop_label(stop: Stop) -> str:
    route = stop.route.name if stop.route else _("op geen route")
    return f"{stop.round.name} · {route} · {stop.household.address_line}"


def _attach_form(unplaced: UnplacedVisit, targets: list[Stop]) -> AttachForm:
    form = AttachForm(prefix=f"attach-{unplaced.id}")
    form.stop_id.choices = [(stop.id, _stop_label(stop)) for stop in targets]
    return form


def clock_note(offset_s: int) -> str:
    """What the phone's clock did, from the seconds the server added to its time."""
    amount = format_timedelta(timedelta(seconds=abs(offset_s)))
    if offset_s < 0:
        return _("de telefoon liep %(amount)s voor", amount=amount)
    return _("de telefoon liep %(amount)s achter", amount=amount)


def _package_names(items) -> dict[int, str]:
    ids = {package_type_id for item in items for package_type_id, _q in item.details["packages"]}
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(PackageType.id, PackageType.name).where(PackageType.id.in_(ids))
    )
    return dict(rows.all())


@permission_required(can_review_unplaced)
def list_unplaced():
    coordinator = is_coordinator(current_user)
    items = [
        (unplaced, _attach_form(unplaced, placement_targets(current_user, unplaced)))
        for unplaced in unplaced_for(current_user)
    ]
    corrected = clock_corrected_visits() if coordinator else []
    page = render_template(
        "visits/unplaced.html",
        items=items,
        corrected=corrected,
        coordinator=coordinator,
        package_names=_package_names([u for u, _f in items]),
        reasons=REASONS,
        clock_note=clock_note,
        labels={
            "outcome": OUTCOMES,
            "interest": INTERESTS,
            "info": INFO_GIVEN,
            "follow_up": FOLLOW_UP_KINDS,
        },
    )
    # A coordinator sees the households' addresses; a worker only those of their own stops.
    shown = [u.household_id for u, form in items if coordinator or form.stop_id.choices]
    record_read(
        "unplaced_visits_viewed",
        "household",
        shown + [household.id for _v, household, _w in corrected],
    )
    return page


@permission_required(can_review_unplaced)
def attach(visit_id: str):
    unplaced = allowed_or_404(UnplacedVisit, visit_id, can_handle_unplaced)
    form = _attach_form(unplaced, placement_targets(current_user, unplaced))
    stop = db.session.get(Stop, form.stop_id.data) if form.validate_on_submit() else None
    if not can_place_at(current_user, unplaced, stop):
        flash(_("Kies een stop van dit gezin om het bezoek aan te koppelen."), "error")
        return redirect(url_for("visits.list_unplaced"))
    attach_unplaced(current_user, unplaced, stop)
    return flash_and_redirect(
        _("Het bezoek staat nu bij %(stop)s.", stop=_stop_label(stop)), "visits.list_unplaced"
    )


@permission_required(is_coordinator)
def discard(visit_id: str):
    unplaced = allowed_or_404(UnplacedVisit, visit_id, can_handle_unplaced)
    form = DiscardForm()
    if form.validate_on_submit():
        discard_unplaced(current_user, unplaced)
        return flash_and_redirect(_("Het bezoek is weggegooid."), "visits.list_unplaced")
    if request.method == "GET":
        record_read(
            "unplaced_visit_viewed", "household", [unplaced.household_id], unplaced_id=unplaced.id
        )
    return render_form(
        "visits/discard.html", form=form, unplaced=unplaced, reasons=REASONS, outcomes=OUTCOMES
    )
