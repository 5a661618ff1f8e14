"""Reads about visits: whether a round or route has any, a stop's history, and the visits a
coordinator checks (unplaced ones, times corrected for a phone's clock)."""

from app.auth.models import User
from app.extensions import db
from app.households.models import Household
from app.permissions import can_place_at, is_coordinator
from app.rounds.models import Round, Stop
from app.visits.clock import FLAG_SECONDS
from app.visits.models import UnplacedVisit, Visit


def round_has_visits(round_id: int) -> bool:
    stmt = db.select(db.func.count()).select_from(Visit).where(Visit.round_id == round_id)
    return bool(db.session.scalar(stmt))


def route_has_visits(route_id: int) -> bool:
    stmt = (
        db.select(db.func.count())
        .select_from(Visit)
        .join(Stop, Stop.id == Visit.stop_id)
        .where(Stop.route_id == route_id)
    )
    return bool(db.session.scalar(stmt))


def stop_has_visits(stop_id: int) -> bool:
    stmt = db.select(db.func.count()).select_from(Visit).where(Visit.stop_id == stop_id)
    return bool(db.session.scalar(stmt))


def visits_of_stop(stop_id: int) -> list[Visit]:
    return list(
        db.session.scalars(
            db.select(Visit).where(Visit.stop_id == stop_id).order_by(Visit.occurred_at)
        )
    )


def unplaced_for(user) -> list[UnplacedVisit]:
    """The unplaced visits `user` may handle, oldest first (the longest waiting on top)."""
    stmt = db.select(UnplacedVisit).order_by(UnplacedVisit.received_at, UnplacedVisit.id)
    if not is_coordinator(user):
        stmt = stmt.where(UnplacedVisit.worker_id == user.id)
    return list(db.session.scalars(stmt))


def placement_targets(user, unplaced: UnplacedVisit) -> list[Stop]:
    """The household's stops where `user` may attach the visit: the stop it was meant for
    first, then the running rounds' (newest first), then the closed ones'."""
    stops = db.session.scalars(db.select(Stop).where(Stop.household_id == unplaced.household_id))
    allowed = [stop for stop in stops if can_place_at(user, unplaced, stop)]
    return sorted(
        allowed,
        key=lambda s: (s.id != unplaced.stop_id, s.round.status != "active", -s.round_id),
    )


def clock_corrected_visits(limit: int = 100) -> list:
    """Visits of running rounds whose time was moved by ten minutes or more because the phone's
    clock was off, newest first, as (visit, household, worker) rows: the coordinator checks them.
    """
    return list(
        db.session.execute(
            db.select(Visit, Household, User)
            .join(Round, Round.id == Visit.round_id)
            .join(Household, Household.id == Visit.household_id)
            .outerjoin(User, User.id == Visit.worker_id)
            .where(
                Round.status == "active",
                db.func.abs(Visit.clock_offset_s) >= FLAG_SECONDS,
            )
            .order_by(Visit.received_at.desc(), Visit.id)
            .limit(limit)
        ).all()
    )
