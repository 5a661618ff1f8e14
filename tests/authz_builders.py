"""Builders for the authorization table: each makes the record a request is about.

A builder is called once per role, just before that role's request, with the test's `World`
(`.users[role]`, `.db`) and the role name; it returns the URL values. Records are made fresh on
every call, so that an allowed request of one role (a delete, a status change) never decides
what the next role sees. "own" is always seen from `worker` (organisation A) and `provider`
(organisation X): `worker_other_org` and another provider's organisation are the outsiders.
"""

import itertools
import uuid
from collections.abc import Callable

from tests import factories

MISSING = 987654  # an id that no record has
_numbers = itertools.count(500)


def _worker(world):
    return world.users["worker"]


def _route_of(world, worker, status="active"):
    route, stops = factories.walked_route(worker, n_stops=2, status=status)
    return route, stops


# --- accounts and organisations ---


def a_worker_account(world, role) -> dict:
    return {"user_id": _worker(world).id}


def own_account(world, role) -> dict:
    user = world.users.get(role) or _worker(world)
    return {"user_id": user.id}


def a_fresh_account(world, role) -> dict:
    return {"user_id": factories.user("worker").id}


def missing_user(world, role) -> dict:
    return {"user_id": MISSING}


def an_organisation(world, role) -> dict:
    return {"organisation_id": _worker(world).organisation_id}


def stylesheet(world, role) -> dict:
    return {"filename": "css/app.css"}


def a_wijk(world, role) -> dict:
    return {"number": 4}


def csv_kind(world, role) -> dict:
    return {"kind": "csv"}


def csv_fmt(world, role) -> dict:
    return {"fmt": "csv"}


def xlsx_fmt(world, role) -> dict:
    return {"fmt": "xlsx"}


# --- field work: routes and stops of worker A ---


def own_route(world, role) -> dict:
    """A route of `worker` (org A) in a running round: worker B must not tell it exists."""
    route, _ = _route_of(world, _worker(world))
    return {"route_id": route.id}


def closed_round_route(world, role) -> dict:
    """The worker's own route, but its round is closed: no longer theirs to see."""
    route, _ = _route_of(world, _worker(world), status="closed")
    return {"route_id": route.id}


def missing_route(world, role) -> dict:
    return {"route_id": MISSING}


def own_stop(world, role) -> dict:
    _, stops = _route_of(world, _worker(world))
    world.last_stop = stops[0]
    return {"stop_id": stops[0].id}


def closed_round_stop(world, role) -> dict:
    _, stops = _route_of(world, _worker(world), status="closed")
    world.last_stop = stops[0]
    return {"stop_id": stops[0].id}


def missing_stop(world, role) -> dict:
    world.last_stop = None
    return {"stop_id": MISSING}


def own_unplaced(world, role) -> dict:
    """A visit of `worker` (org A) kept because its stop was taken off their route meanwhile."""
    import datetime as dt

    from app.extensions import db
    from app.visits.models import UnplacedVisit

    route, stops = _route_of(world, _worker(world))
    unplaced = UnplacedVisit(
        id=str(uuid.uuid4()),
        household_id=stops[0].household_id,
        round_id=route.round_id,
        stop_id=stops[0].id,
        worker_id=_worker(world).id,
        reason="stop_removed",
        occurred_at=dt.datetime(2027, 7, 1, 10, 0),
        outcome="contact",
        details={
            "packages": [],
            "interests": ["camp"],
            "info_given": [],
            "follow_up": None,
            "notes": "",
            "language_used": "",
        },
    )
    db.session.add(unplaced)
    db.session.flush()
    world.last_stop = stops[0]
    return {"visit_id": unplaced.id}


def own_recent_visit(world, role) -> dict:
    """A visit `worker` (org A) logged a minute ago at a stop of their own: theirs to undo."""
    import datetime as dt

    from app.extensions import db
    from app.visits.models import Visit

    route, stops = _route_of(world, _worker(world))
    visit = Visit(
        id=str(uuid.uuid4()),
        stop_id=stops[0].id,
        household_id=stops[0].household_id,
        round_id=route.round_id,
        worker_id=_worker(world).id,
        outcome="not_home",
        occurred_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=1),
    )
    db.session.add(visit)
    db.session.flush()
    world.last_stop = stops[0]
    return {"visit_id": visit.id}


def missing_visit(world, role) -> dict:
    return {"visit_id": "00000000-0000-4000-8000-000000000001"}


def missing_unplaced(world, role) -> dict:
    return {"visit_id": "00000000-0000-4000-8000-000000000000"}


# --- follow-ups of organisation A ---


def followup_on_route(world, role) -> dict:
    """A follow-up of org A about a household on worker A's route of a running round."""
    worker = _worker(world)
    _, stops = _route_of(world, worker)
    followup = factories.follow_up(organisation=worker.organisation, household=stops[0].household)
    return {"followup_id": followup.id}


def followup_off_route(world, role) -> dict:
    """A follow-up of org A about a household on none of worker A's routes."""
    followup = factories.follow_up(organisation=_worker(world).organisation)
    return {"followup_id": followup.id}


def missing_followup(world, role) -> dict:
    return {"followup_id": MISSING}


# --- households ---


def a_household(world, role) -> dict:
    return {"household_id": factories.household().id}


def missing_household(world, role) -> dict:
    return {"household_id": MISSING}


def two_households(world, role) -> dict:
    return {"household_id": factories.household().id, "other_id": factories.household().id}


def coordinators_import(world, role) -> dict:
    """An upload stored for the coordinator: nobody else, not even an admin, opens it."""
    from app.households import previews

    row = {"street": "Sleepstraat", "number": str(next(_numbers)), "postcode": "9000", "wijk": "2"}
    token = previews.store([(2, row)], user_id=world.users["coordinator"].id, filename="x.csv")
    return {"token": token}


# --- rounds ---


def a_round(world, role) -> dict:
    return {"round_id": factories.visit_round(status="draft").id}


def a_round_to_activate(world, role) -> dict:
    return {"round_id": factories.visit_round(status="draft").id, "status": "active"}


def a_planned_route(world, role) -> dict:
    route, _ = _route_of(world, _worker(world))
    return {"route_id": route.id}


def a_planned_stop(world, role) -> dict:
    _, stops = _route_of(world, _worker(world))
    return {"stop_id": stops[0].id}


# --- stock ---


def a_package_type(world, role) -> dict:
    return {"package_type_id": factories.package_type().id}


# --- flyers ---


def a_short_link(world, role) -> dict:
    return {"code": factories.short_link(wijk_number=4).code}


def link_of_workers_wijk(world, role) -> dict:
    """A wijk's link that worker A shows at the door: their route runs in that wijk."""
    factories.flyer_round((7,), worker=_worker(world))
    return {"code": factories.short_link(wijk_number=7).code}


def missing_link(world, role) -> dict:
    return {"code": "zzzzzz"}


# --- the offer ---


def own_activity(world, role) -> dict:
    """An activity of the provider's own organisation (X)."""
    activity = factories.activity(
        status="submitted", organisation=world.users["provider"].organisation
    )
    return {"activity_id": activity.id}


def other_org_activity(world, role) -> dict:
    """An activity of another provider organisation (Y)."""
    activity = factories.activity(status="submitted", organisation=factories.organisation())
    return {"activity_id": activity.id}


def missing_activity(world, role) -> dict:
    return {"activity_id": MISSING}


def activity_with_changes(world, role) -> dict:
    activity = factories.activity(organisation=world.users["provider"].organisation)
    activity.pending_changes = {"title": "Nieuwe titel"}
    world.db.session.flush()
    return {"activity_id": activity.id}


def published_activity(world, role) -> dict:
    return {"activity_id": factories.activity(status="published").id}


def unpublished_activity(world, role) -> dict:
    return {"activity_id": factories.activity(status="submitted").id}


def a_call(world, role) -> dict:
    return {"call_id": factories.call().id}


def open_call(world, role) -> dict:
    return {"token": factories.call().token}


def missing_call(world, role) -> dict:
    return {"token": "no-such-call-token-abcdefghijklmnop"}


def call_submission(world, role) -> dict:
    from app.offers import services

    call = factories.call()
    activity, edit_token = services.submit_through_call(factories.activity_values(), call)
    world.db.session.flush()
    return {"token": call.token, "activity_id": activity.id, "edit_token": edit_token}


def wrong_edit_token(world, role) -> dict:
    values = call_submission(world, role)
    return {**values, "edit_token": "not-the-token-" + "x" * 20}


def a_tip(world, role) -> dict:
    return {"tip_id": factories.tip().id}


# --- data rights ---


def a_household_with_history(world, role) -> dict:
    worker = _worker(world)
    _, stops = _route_of(world, worker)
    household = stops[0].household
    factories.follow_up(organisation=worker.organisation, household=household)
    return {"household_id": household.id}


# --- the families' language switcher ---


def a_public_language(world, role) -> dict:
    return {"code": "ar"}


def unknown_language(world, role) -> dict:
    return {"code": "xx"}


BUILDERS: dict[str, Callable] = {
    name: value
    for name, value in dict(globals()).items()
    if callable(value) and not name.startswith("_") and value.__module__ == __name__
}
