"""Undoing a wrong tap: a worker takes back the last visit at a stop within minutes.

Only the newest visit at a stop, only by the worker who logged it, only within UNDO_WITHIN of
when it happened. The visit goes with what came with it (its interests, its follow-up, and the
packages it took from stock, which return to the partner's stock), and a consent it gave or
withdrew goes back to what it was (Visit.consent_before) unless another visit to the family was
stored since; its id is kept in
UndoneVisit, so that a phone sending it again hears "duplicate" and it does not come back
(the visits write path stores every id at most once). The stop's status follows its remaining
visits. The audit trail keeps what was undone (ids and counts, never what was said).

A visit still in the phone's queue never reached the server: the phone removes it itself
(app/static/js/field-client.js).
"""

from datetime import timedelta

from app.audit.services import record
from app.database import writer_turn
from app.extensions import db
from app.households.models import Household
from app.rounds.models import Stop
from app.stock.models import StockMovement
from app.visits.clock import server_now
from app.visits.consent import consent_undone
from app.visits.models import UndoneVisit, Visit
from app.visits.services import _take_write_lock, refresh_stops

UNDO_WITHIN = timedelta(minutes=10)


def newest_visits(stop_ids) -> dict[int, Visit]:
    """The newest visit per stop among those of the last UNDO_WITHIN (older ones cannot be undone;
    a newer visit at the stop would be among them)."""
    stop_ids = list(stop_ids)
    if not stop_ids:
        return {}
    recent = db.session.scalars(
        db.select(Visit)
        .where(Visit.stop_id.in_(stop_ids), Visit.occurred_at >= server_now() - UNDO_WITHIN)
        .order_by(Visit.occurred_at, Visit.received_at, Visit.id)
    )
    return {visit.stop_id: visit for visit in recent}  # oldest first: the newest wins


def undoable_visits(user, stops) -> dict[int, Visit]:
    """Per stop id, the visit this worker may still undo there."""
    return {
        stop_id: visit
        for stop_id, visit in newest_visits(stop.id for stop in stops).items()
        if visit.worker_id == user.id
    }


def may_undo(user, visit: Visit | None) -> bool:
    """The time rule; who may touch the visit is app.permissions.can_undo_visit."""
    if visit is None:
        return False
    newest = newest_visits([visit.stop_id]).get(visit.stop_id)
    return newest is not None and newest.id == visit.id and newest.worker_id == user.id


def _restore_consent(household: Household, visit: Visit) -> bool:
    """Put back the consent `visit` changed, unless another visit to the household has been
    stored since: it may have heard the same answer at the door (a phone that was offline, an
    unplaced visit attached), and then that answer stands."""
    if visit.consent_before is None:
        return False
    # Compared here, not in SQL: SQLite keeps the server's CURRENT_TIMESTAMP as text without the
    # fraction that a bound datetime has. The same second counts as since.
    received = db.session.scalars(
        db.select(Visit.received_at).where(Visit.household_id == household.id, Visit.id != visit.id)
    )
    stored_since = any(at >= visit.received_at for at in received)
    consent = consent_undone(household.consent, visit.consent_before)
    if stored_since or consent == household.consent:
        return False
    household.consent = consent
    return True


def undo_visit(user, visit: Visit) -> dict:
    """Remove the visit and everything that came with it; returns the audit detail."""
    with writer_turn(db.engine):
        try:
            _take_write_lock([{"stop_id": visit.stop_id}])
            stop = db.session.get_one(Stop, visit.stop_id)
            packages = db.session.execute(
                db.select(StockMovement.package_type_id, StockMovement.quantity).where(
                    StockMovement.visit_id == visit.id
                )
            ).all()
            detail = {
                "stop_id": visit.stop_id,
                "round_id": visit.round_id,
                "outcome": visit.outcome,
                # What returns to stock, per package type (handed out is negative).
                "packages_returned": {str(pt): -qty for pt, qty in packages},
                "minutes_after": int((server_now() - visit.occurred_at).total_seconds() // 60),
            }
            # A consent given or withdrawn by the wrong tap goes back to what it was.
            if _restore_consent(stop.household, visit):
                detail["consent_restored"] = True  # that it was, not what the family said
            # Packages, interests and follow-up go with the visit (ON DELETE CASCADE, and the
            # ORM's cascade for the interests it loaded).
            db.session.execute(db.delete(StockMovement).where(StockMovement.visit_id == visit.id))
            db.session.add(UndoneVisit(id=visit.id, stop_id=visit.stop_id, worker_id=user.id))
            record("visit_undone", visit, user=user, **detail)
            db.session.delete(visit)
            db.session.flush()
            refresh_stops([stop])
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return detail
