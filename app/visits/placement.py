"""Placing an unplaced visit: attach it to a stop of its household, or discard it.

Attaching stores the visit through the same write as any logged visit (services.place_visit), with
its own id, for the worker who was at the door; both changes are audited with ids only.
"""

from app.audit.services import record
from app.auth.models import User
from app.extensions import db
from app.rounds.models import Stop
from app.visits.models import UnplacedVisit, Visit
from app.visits.services import place_visit
from app.visits.unplaced import as_clean_visit


def attach_unplaced(actor, unplaced: UnplacedVisit, stop: Stop) -> Visit:
    """Store the unplaced visit at `stop` (checked by permissions.can_place_at) and commit."""
    worker = db.session.get(User, unplaced.worker_id) if unplaced.worker_id else None
    visit = place_visit(worker or actor, stop, as_clean_visit(unplaced, stop.id), by=actor)
    record(
        "unplaced_visit_attached",
        unplaced,
        user=actor,
        stop_id=stop.id,
        round_id=stop.round_id,
        household_id=unplaced.household_id,
    )
    db.session.delete(unplaced)
    db.session.commit()
    return visit


def discard_unplaced(actor, unplaced: UnplacedVisit) -> None:
    record(
        "unplaced_visit_discarded",
        unplaced,
        user=actor,
        household_id=unplaced.household_id,
        reason=unplaced.reason,
    )
    db.session.delete(unplaced)
    db.session.commit()
