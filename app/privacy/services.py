"""Data rights that change or hand out data: the audited export, and erasure.

Erasure deletes what the app stores about the family: the household, its stops, its visits (with
their interests), its follow-ups, and its address in import previews waiting for confirmation. We
do not keep "anonymous" visit rows for the statistics: a visit keeps its round, its worker and its
minute, and with the route of that day that points back at the door. Stock movements stay,
unlinked from the visit: they record packages that left a partner's shelf, say nothing about the
family, and the stock would be wrong without them. The audit trail stays too (it is append-only
and holds ids only); the erasure itself is its last entry.
"""

from app.audit.services import record
from app.extensions import db
from app.followups.models import FollowUp
from app.households import previews
from app.households.models import Household
from app.privacy.queries import HouseholdRecord
from app.rounds.models import Stop
from app.stock.models import StockMovement
from app.visits.models import Visit, VisitInterest


def record_export(household: Household) -> None:
    record("household_exported", household, format="json")
    db.session.commit()


def erase_household(found: HouseholdRecord) -> dict[str, int]:
    """Delete the household and everything about it; returns the counts, for the audit trail."""
    household = found.household
    visit_ids = [v.id for v in found.visits]
    counts = {
        "stops": len(found.stops),
        "visits": len(visit_ids),
        "follow_ups": len(found.followups),
        "stock_movements_unlinked": len(found.movements),
    }
    if visit_ids:
        db.session.execute(
            db.update(StockMovement)
            .where(StockMovement.visit_id.in_(visit_ids))
            .values(visit_id=None)
        )
    db.session.execute(db.delete(FollowUp).where(FollowUp.household_id == household.id))
    if visit_ids:
        db.session.execute(db.delete(VisitInterest).where(VisitInterest.visit_id.in_(visit_ids)))
        db.session.execute(db.delete(Visit).where(Visit.id.in_(visit_ids)))
    db.session.execute(db.delete(Stop).where(Stop.household_id == household.id))
    # An upload waiting for confirmation must not bring the address back (nor keep it on disk).
    counts["import_preview_rows"] = previews.erase_address(household)
    household_id = household.id
    db.session.delete(household)
    record(
        "household_erased",
        object_type="household",
        object_id=household_id,
        stop_ids=[s.id for s in found.stops],
        visit_ids=visit_ids,
        follow_up_ids=[f.id for f in found.followups],
        **counts,
    )
    db.session.commit()
    return counts
