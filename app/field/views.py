"""The worker's pages on the phone. Every stop and route is loaded through can_visit /
can_walk_route: anything not on the worker's own routes of a running round is a plain 404,
the same answer whether it exists or not. Only a visit posted at a stop the worker had (taken
off their route, or its round closed, while the page was open) goes to the write path, which
says what happened and keeps what the family said (app/visits/rejections.py)."""

import uuid
from datetime import UTC, datetime, time, timedelta

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from app import clock
from app.audit.models import AuditEvent
from app.audit.services import record_read
from app.extensions import db
from app.field.door import door_facts, family_offer
from app.field.forms import BulkNotHomeForm, OutcomeForm, contact_form
from app.field.walk_sheet import page_css
from app.forms import ConfirmForm
from app.http import render_form
from app.permissions import (
    allowed_or_404,
    can_print_walk_sheet,
    can_print_walk_sheets,
    can_undo_visit,
    can_visit,
    can_walk_route,
    is_worker,
    permission_required,
)
from app.rounds.models import Route, Stop
from app.rounds.pdf import walk_sheet_response
from app.rounds.queries import progress_of, routes_for_worker
from app.visits.codes import OUTCOMES
from app.visits.models import Visit
from app.visits.rejections import HAD_STOP, INVALID, why_refused
from app.visits.services import log_visits
from app.visits.undo import may_undo, undo_visit, undoable_visits

FLYER_KEY = "field_flyer_routes"
# How far ahead /vandaag lists a worker's routes, so they can open (and keep) them on Wi-Fi.
UPCOMING_DAYS = 7


# The route page shows every stop's address: load them with the route, not one query per stop.
ROUTE_PAGE_LOAD = (
    joinedload(Route.round),
    selectinload(Route.workers),
    selectinload(Route.stops).joinedload(Stop.household),
)


def get_route(route_id: int) -> Route:
    return allowed_or_404(Route, route_id, can_walk_route, options=ROUTE_PAGE_LOAD)


def get_own_walk_sheet(route_id: int) -> Route:
    return allowed_or_404(Route, route_id, can_print_walk_sheet, options=ROUTE_PAGE_LOAD)


def get_stop(stop_id: int) -> Stop:
    return allowed_or_404(Stop, stop_id, can_visit)


def get_stop_to_log(stop_id: int) -> Stop | None:
    """For a posted visit: a stop the worker may visit, or one they had (then the write path
    answers why not; None when it was removed). Any other stop is the same 404 as ever."""
    stop = db.session.get(Stop, stop_id)
    if can_visit(current_user, stop):
        return stop
    if why_refused(current_user, stop_id, stop).reason in HAD_STOP:
        return stop if stop is not None and stop.household is not None else None
    abort(404)


def per_stop_url(endpoint: str):
    """`url_for(endpoint, stop_id=…)` for many stops: the URL is built once, then filled in."""
    marker = "2147483647"
    return url_for(endpoint, stop_id=int(marker)).replace(marker, "{}").format


def flyer_by_default(route_id: int) -> bool:
    """The worker's choice for this route: leave a flyer at every "niet thuis"."""
    return route_id in session.get(FLYER_KEY, [])


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _back_to(stop: Stop | None):
    if not can_visit(current_user, stop):
        return redirect(url_for("field.today"))
    return redirect(url_for("field.show_route", route_id=stop.route_id, _anchor=f"stop-{stop.id}"))


def _announce(result: dict, stop: Stop | None, outcome: str) -> None:
    address = stop.household.address_line if stop is not None else "—"
    if result["status"] == "created":
        flash(
            _("%(outcome)s bewaard: %(address)s.", outcome=OUTCOMES[outcome], address=address),
            "success",
        )
    elif result["status"] == "duplicate":
        flash(_("Dit bezoek was al bewaard: %(address)s.", address=address), "warning")
    else:
        errors = " ".join(result["errors"].values())
        if result.get("kept"):
            errors += " " + _("Je coördinator kan het bezoek aan het gezin koppelen.")
        flash(_("Niet bewaard (%(address)s): %(errors)s", address=address, errors=errors), "error")


@permission_required(is_worker)
def today():
    day = clock.today()
    routes = [(route, progress_of(route.stops)) for route in routes_for_worker(current_user, day)]
    coming = [
        (day + timedelta(days=ahead), route)
        for ahead in range(1, UPCOMING_DAYS + 1)
        for route in routes_for_worker(current_user, day + timedelta(days=ahead))
    ]
    return render_template("field/today.html", routes=routes, day=day, coming=coming)


@permission_required(is_worker)
def show_route(route_id: int):
    route = get_route(route_id)
    undoable = undoable_visits(current_user, route.stops)
    numbered = list(enumerate(route.stops, 1))
    # Finished stops fold away at the end, unless their last visit can still be undone there.
    page = render_template(
        "field/route.html",
        route=route,
        open_stops=[(n, s) for n, s in numbered if not s.closed or s.id in undoable],
        done_stops=[(n, s) for n, s in numbered if s.closed and s.id not in undoable],
        facts=door_facts(route.stops),
        undoable=undoable,
        progress=progress_of(route.stops),
        flyer_default=flyer_by_default(route.id),
        new_id=lambda: str(uuid.uuid4()),
        outcomes=OUTCOMES,
        stop_url={
            "log": per_stop_url("field.log_outcome"),
            "contact": per_stop_url("field.contact"),
        },
    )
    # Recorded after rendering: its commit expires what the page read, which would otherwise be
    # loaded again. The page is only sent once the record is stored.
    record_route_view(route)
    return page


def record_route_view(route: Route) -> None:
    """One `route_viewed` event per worker, route and day (Ghent's), naming every household the
    page showed. A worker opens their route again after each doorstep; what the trail must say,
    who saw which families' addresses on which day, is already there after the first view, so
    later views write nothing (no commit, no turn at SQLite's single writer). A household added
    to the route later that day is not in the first event: the next view writes a new one.
    Two first views at the same moment may both write; the trail then says it twice."""
    shown = {stop.household_id for stop in route.stops}
    if not shown:
        return
    midnight = datetime.combine(clock.today(), time.min, tzinfo=clock.GHENT)
    since = midnight.astimezone(UTC).replace(tzinfo=None)  # AuditEvent.at is naive UTC
    earlier = db.session.scalars(
        db.select(AuditEvent.detail).where(
            AuditEvent.user_id == current_user.id,
            AuditEvent.action == "route_viewed",
            AuditEvent.at >= since,
        )
    )
    if any(e.get("route_id") == route.id and shown <= set(e.get("ids", ())) for e in earlier):
        return
    record_read("route_viewed", "household", sorted(shown), route_id=route.id)


@permission_required(is_worker)
def toggle_flyer(route_id: int):
    route = get_route(route_id)
    chosen = set(session.get(FLYER_KEY, []))
    chosen ^= {route.id}
    session[FLYER_KEY] = sorted(chosen)
    return redirect(url_for("field.show_route", route_id=route.id))


@permission_required(is_worker)
def log_outcome(stop_id: int):
    stop = get_stop_to_log(stop_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        flash(_("Niet bewaard: laad de pagina opnieuw en probeer nog eens."), "error")
        return _back_to(stop)
    outcome = form.outcome.data
    last_try = stop is not None and stop.last_attempt
    flyer = {"not_home_flyer": True, "not_home_no_flyer": False}.get(
        outcome,
        outcome == "not_home"
        and (stop is not None and flyer_by_default(stop.route_id) or last_try),
    )
    outcome = "not_home" if outcome.startswith("not_home") else outcome
    payload = {
        "id": form.visit_id.data,
        "stop_id": stop_id,
        "occurred_at": _now(),
        "outcome": outcome,
        "flyer_left": flyer,
    }
    _announce(log_visits(current_user, [payload])[0], stop, outcome)
    return _back_to(stop)


@permission_required(is_worker)
def bulk_not_home(route_id: int):
    route = get_route(route_id)
    form = BulkNotHomeForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.visit.errors)) or _("Niet bewaard."), "error")
        return redirect(url_for("field.show_route", route_id=route.id))
    flyer = flyer_by_default(route.id)
    payloads = [
        {
            "id": visit_id,
            "stop_id": stop_id,
            "occurred_at": _now(),
            "outcome": "not_home",
            "flyer_left": flyer,
        }
        for stop_id, visit_id in form.pairs()
    ]
    results = log_visits(current_user, payloads)
    created = sum(1 for r in results if r["status"] == "created")
    duplicate = sum(1 for r in results if r["status"] == "duplicate")
    rejected = len(results) - created - duplicate
    if created or not (duplicate or rejected):
        flash(_("Niet thuis bewaard voor %(n)s adressen.", n=created), "success")
    if duplicate:
        flash(_("%(n)s waren al bewaard.", n=duplicate), "warning")
    if rejected:
        flash(_("%(n)s konden niet bewaard worden.", n=rejected), "error")
    return redirect(url_for("field.show_route", route_id=route.id))


@permission_required(is_worker)
def contact(stop_id: int):
    stop = get_stop(stop_id) if request.method == "GET" else get_stop_to_log(stop_id)
    if stop is None:  # removed from the round meanwhile: there is no form to rebuild
        abort(404)
    form = contact_form(stop.round, stop.household)
    if request.method == "GET":
        form.visit_id.data = str(uuid.uuid4())
    if form.validate_on_submit():
        follow_up = (
            {"kind": form.follow_up_kind.data, "note": form.follow_up_note.data or ""}
            if form.follow_up_kind.data
            else None
        )
        payload = {
            "id": form.visit_id.data,
            "stop_id": stop.id,
            "occurred_at": _now(),
            "outcome": "contact",
            "flyer_left": form.flyer_left.data,
            "packages": form.packages(),
            "interests": form.interests.data or [],
            "info_given": form.info_given.data or [],
            "follow_up": follow_up,
            "notes": form.notes.data,
            "language_used": form.language_used.data,
            "consent": form.consent_given(),
        }
        result = log_visits(current_user, [payload])[0]
        if result["status"] != "rejected" or result["reason"] != INVALID:
            # Stored, or refused for the stop itself (then kept for the coordinator): say so.
            _announce(result, stop, "contact")
            return _back_to(stop)
        for name, message in result["errors"].items():
            target = form._fields.get(name) or form._fields.get(f"{name}_kind") or form.visit_id
            target.errors = [*target.errors, message]
    # Also when the form comes back with errors: the address is on the page again.
    record_read("household_viewed", "household", [stop.household_id], stop_id=stop.id)
    return render_form(
        "field/contact.html",
        form=form,
        stop=stop,
        facts=door_facts([stop])[stop.id],
        offer=family_offer(stop.household),
    )


@permission_required(is_worker)
def undo(visit_id: str):
    """Take back the last visit at a stop (a wrong tap), within minutes of it."""
    visit = db.session.get(Visit, visit_id)
    stop = db.session.get(Stop, visit.stop_id) if visit is not None else None
    if not can_undo_visit(current_user, visit, stop):
        abort(404)
    if not ConfirmForm().validate_on_submit():
        flash(_("Niet ongedaan gemaakt: laad de pagina opnieuw en probeer nog eens."), "error")
    elif not may_undo(current_user, visit):
        flash(
            _(
                "Dit bezoek kan niet meer ongedaan gemaakt worden: het is langer dan 10 minuten "
                "geleden, of er kwam een nieuwer bezoek bij."
            ),
            "error",
        )
    else:
        outcome = visit.outcome
        undo_visit(current_user, visit)
        flash(
            _(
                "%(outcome)s ongedaan gemaakt: %(address)s.",
                outcome=OUTCOMES[outcome],
                address=stop.household.address_line,
            ),
            "success",
        )
    return _back_to(stop)


@permission_required(is_worker)
def walk_sheet(route_id: int):
    """The worker's own walk sheet, to print or keep on paper."""
    route = get_own_walk_sheet(route_id)
    record_read(
        "walk_sheet_viewed", "household", [s.household_id for s in route.stops], route_id=route.id
    )
    return render_template(
        "rounds/walk_sheet.html",
        route=route,
        pdf=False,
        back_url=url_for("field.show_route", route_id=route.id),
        pdf_url=url_for("field.walk_sheet_pdf", route_id=route.id),
    )


@permission_required(can_print_walk_sheets)
def walk_sheet_page_css():
    response = current_app.response_class(page_css(), mimetype="text/css")
    response.cache_control.private = True
    response.cache_control.max_age = 3600
    return response


@permission_required(is_worker)
def walk_sheet_pdf(route_id: int):
    return walk_sheet_response(get_own_walk_sheet(route_id))
