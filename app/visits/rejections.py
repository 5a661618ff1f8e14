"""Why a visit was refused at its stop, in words the worker can act on.

A worker learns what happened to a stop they had — taken off their route, moved to another
route, the route given to someone else, the round closed — and nothing more (not whose route it
is now). A stop they never had answers exactly like one that does not exist (contract §6): the
stop's history is looked up for this worker only (`StopDeparture`).
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.permissions import is_worker
from app.rounds.models import Round, Stop, StopDeparture
from app.visits.validation import NO_STOP

UNKNOWN_STOP = "unknown_stop"
INVALID = "invalid"  # the stop is fine, something in the visit is not: the worker can correct it
REASONS = {
    UNKNOWN_STOP: NO_STOP,
    "stop_removed": _l("Dit adres is van je route gehaald."),
    "stop_moved": _l("Dit adres staat nu op een andere route."),
    "route_unassigned": _l("Deze route is niet meer aan jou toegewezen."),
    "round_closed": _l("Deze ronde is afgesloten."),
}
# The worker had the stop: what the family said can still be attached to the household.
HAD_STOP = frozenset(REASONS) - {UNKNOWN_STOP}


@dataclass(frozen=True)
class Refusal:
    reason: str
    household_id: int | None = None
    round: Round | None = None
    stop_id: int | None = None

    @property
    def message(self) -> str:
        return str(REASONS[self.reason])


def _last_departure(user, stop_id: int) -> StopDeparture | None:
    return db.session.scalar(
        db.select(StopDeparture)
        .where(StopDeparture.stop_id == stop_id, StopDeparture.worker_id == user.id)
        .order_by(StopDeparture.id.desc())
        .limit(1)
    )


def _on_own_route(user, stop: Stop | None) -> bool:
    return bool(
        stop is not None
        and stop.route is not None
        and any(worker.id == user.id for worker in stop.route.workers)
    )


def why_refused(user, stop_id: int | None, stop: Stop | None) -> Refusal:
    """Why `user` may not log a visit at this stop (which `can_visit` has just refused)."""
    if stop_id is None or not is_worker(user):
        return Refusal(UNKNOWN_STOP)
    departure = _last_departure(user, stop_id)
    had = _on_own_route(user, stop) or departure is not None
    if not had or (stop is not None and stop.round.status == "draft"):
        return Refusal(UNKNOWN_STOP)
    if stop is None:  # removed from the round since: its history knows the household
        return Refusal(
            "stop_removed",
            household_id=departure.household_id,
            round=db.session.get(Round, departure.round_id),
            stop_id=stop_id,
        )
    found: dict[str, Any] = {
        "household_id": stop.household_id,
        "round": stop.round,
        "stop_id": stop.id,
    }
    if stop.round.status == "closed":
        return Refusal("round_closed", **found)
    if stop.route_id is None:
        return Refusal("stop_removed", **found)
    if departure is not None and departure.route_id == stop.route_id:
        return Refusal("route_unassigned", **found)
    return Refusal("stop_moved", **found)
