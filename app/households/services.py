"""Changes to households: create, edit, import, merge; each commits once and writes the audit trail.

The audit trail names fields and ids only, never an address or a note.
"""

from app.addresses.belgian import address_key
from app.audit.services import record
from app.database import rows_changed
from app.extensions import db
from app.followups.models import FollowUp
from app.households.models import Household
from app.rounds.models import Stop, StopDeparture
from app.rounds.services import stage_households
from app.visits.models import UnplacedVisit, Visit


def _key(values: dict) -> str:
    return address_key(values["street"], values["number"], values["box"], values["postcode"])


def create_household(values: dict) -> Household:
    household = Household(**values, address_key=_key(values))
    db.session.add(household)
    db.session.flush()
    record("household_created", household, wijk=household.wijk_number)
    db.session.commit()
    return household


def update_household(household: Household, values: dict) -> list[str]:
    """Apply the form's values; returns the names of the fields that changed."""
    changed = []
    for field, value in values.items():
        if getattr(household, field) != value:
            setattr(household, field, value)
            changed.append(field)
    if changed:
        household.address_key = _key(values)
        record("household_changed", household, fields=sorted(changed))
        db.session.commit()
    return changed


def _create_households(rows: list[dict]) -> list[Household]:
    households = [Household(**values, address_key=_key(values)) for values in rows]
    db.session.add_all(households)
    db.session.flush()
    record(
        "households_imported",
        object_type="household",
        count=len(rows),
        household_ids=[h.id for h in households],
    )
    return households


def import_households(rows: list[dict]) -> int:
    """Create all households of a checked import in one transaction."""
    _create_households(rows)
    db.session.commit()
    return len(rows)


def import_households_into_round(rows: list[dict], round_) -> tuple[int, int]:
    """Create the households and add them to the round they were imported for, in one
    transaction; returns (households created, stops added). The round must not be closed."""
    households = _create_households(rows)
    added = stage_households(round_, [h.id for h in households], how="import")
    db.session.commit()
    return len(households), added


def _visit_count(stop_id: int) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(Visit).where(Visit.stop_id == stop_id)
    )


def _fold_stop(kept: Stop, other: Stop) -> Stop:
    """Two stops of one round for the same door: keep the busier one, move the other's visits."""
    if (other.attempts, _visit_count(other.id)) > (kept.attempts, _visit_count(kept.id)):
        kept, other = other, kept
    db.session.execute(db.update(Visit).where(Visit.stop_id == other.id).values(stop_id=kept.id))
    kept.attempts += other.attempts
    kept.closed = kept.closed or other.closed
    last = db.session.scalar(
        db.select(Visit.outcome)
        .where(Visit.stop_id == kept.id)
        .order_by(Visit.occurred_at.desc())
        .limit(1)
    )
    kept.status = last or kept.status
    # Delete before the survivor may take over the household id: (round, household) is unique.
    db.session.delete(other)
    db.session.flush()
    return kept


def merge_households(keep: Household, remove: Household) -> dict[str, int]:
    """Move everything that points at `remove` onto `keep`, then delete `remove`.

    Stock movements point at visits, not households, so moving the visits moves them too.
    """
    moved = {"stops": 0, "stops_folded": 0, "visits": 0, "followups": 0}
    stops_of_keep = db.session.scalars(db.select(Stop).where(Stop.household_id == keep.id))
    kept_stops = {stop.round_id: stop for stop in stops_of_keep}
    for stop in db.session.scalars(db.select(Stop).where(Stop.household_id == remove.id)).all():
        if stop.round_id in kept_stops:
            survivor = _fold_stop(kept_stops[stop.round_id], stop)
            survivor.household_id = keep.id
            moved["stops_folded"] += 1
        else:
            stop.household_id = keep.id
            moved["stops"] += 1
        # The unique (round_id, household_id) is checked per statement: write stop by stop.
        db.session.flush()
    moved["visits"] = rows_changed(
        db.session,
        db.update(Visit).where(Visit.household_id == remove.id).values(household_id=keep.id),
    )
    moved["followups"] = rows_changed(
        db.session,
        db.update(FollowUp).where(FollowUp.household_id == remove.id).values(household_id=keep.id),
    )
    # Visits waiting to be placed, and the stops it had on workers' routes, follow the household.
    for model in (UnplacedVisit, StopDeparture):
        db.session.execute(
            db.update(model).where(model.household_id == remove.id).values(household_id=keep.id)
        )
    removed_id = remove.id
    db.session.delete(remove)
    record("households_merged", keep, removed_id=removed_id, **moved)
    db.session.commit()
    return moved
