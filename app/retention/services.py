"""The retention purge: anonymise households whose rounds closed longer ago than the period.

What goes: the address below the wijk (street, number, box, postcode, coordinates), and every
free-text note about the family (household note, visit notes, follow-up notes and outcomes).
What stays, for the aggregates: the household row with its wijk, age bands, languages, partner
and consent; visits with their outcome, interests and info codes; stock movements; follow-up
kinds and statuses; the audit trail (which holds identifiers only). Import previews that waited
more than a day for confirmation are removed too. Age bands and languages stay
because the reports count children and languages per wijk; without a street they no longer point
at a door.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import and_, exists, not_, or_

from app.audit.models import utcnow
from app.audit.services import record
from app.extensions import db
from app.followups.models import FollowUp
from app.households import previews
from app.households.models import Household
from app.rounds.models import Round, Stop
from app.visits.models import UnplacedVisit, Visit

BATCH = 500  # households updated per statement, to keep IN lists and transactions modest


@dataclass
class PurgeReport:
    cutoff: datetime
    households: int = 0
    visit_notes: int = 0
    follow_up_notes: int = 0
    import_previews: int = 0
    household_ids: list[int] = field(default_factory=list, repr=False)

    def lines(self) -> list[str]:
        return [
            f"Retention cutoff: {self.cutoff:%Y-%m-%d %H:%M} UTC",
            f"Households anonymised: {self.households}",
            f"Visit notes cleared: {self.visit_notes}",
            f"Follow-up notes cleared: {self.follow_up_notes}",
            f"Import previews older than a day removed: {self.import_previews}",
        ]


def months_before(moment: datetime, months: int) -> datetime:
    """The same day `months` earlier (clamped to the month's last day)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in range(moment.day, 0, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError("no valid day")  # unreachable: day 28 exists in every month


def retention_cutoff(now: datetime | None = None) -> datetime:
    return months_before(now or utcnow(), int(current_app.config["RETENTION_MONTHS"]))


def expired_households(cutoff: datetime):
    """Households not yet anonymised whose every round closed before the cutoff.

    A household in no round at all expires once it was created before the cutoff.
    """
    still_kept = (
        db.select(Stop.id)
        .join(Round, Round.id == Stop.round_id)
        .where(Stop.household_id == Household.id)
        .where(
            not_(
                and_(
                    Round.status == "closed",
                    Round.closed_at.is_not(None),
                    Round.closed_at < cutoff,
                )
            )
        )
    )
    in_some_round = db.select(Stop.id).where(Stop.household_id == Household.id)
    return (
        db.select(Household.id)
        .where(Household.anonymised_at.is_(None))
        .where(not_(exists(still_kept)))
        .where(or_(exists(in_some_round), Household.created_at < cutoff))
        .order_by(Household.id)
    )


def purge(*, dry_run: bool = False, now: datetime | None = None) -> PurgeReport:
    """Anonymise what is past retention; on a dry run count it and change nothing."""
    report = PurgeReport(cutoff=retention_cutoff(now))
    ids = list(db.session.scalars(expired_households(report.cutoff)))
    report.household_ids = ids
    report.households = len(ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        report.visit_notes += _count(Visit, Visit.household_id.in_(batch), Visit.notes != "")
        report.follow_up_notes += _count(
            FollowUp,
            FollowUp.household_id.in_(batch),
            or_(FollowUp.note != "", FollowUp.outcome != ""),
        )
        if not dry_run:
            _anonymise(batch, utcnow())
    # Uploads of addresses that nobody confirmed within a day (app/households/previews.py).
    report.import_previews = previews.remove_expired(dry_run=dry_run)
    if not dry_run and (ids or report.import_previews):
        record(
            "purge",
            object_type="household",
            households=report.households,
            visits_cleared=report.visit_notes,
            follow_ups_cleared=report.follow_up_notes,
            import_previews_removed=report.import_previews,
            retention_months=int(current_app.config["RETENTION_MONTHS"]),
        )
    if not dry_run:
        db.session.commit()
    return report


def _count(model, *where) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


def _anonymise(ids: list[int], at: datetime) -> None:
    # Bulk statements: a purge may cover thousands of households; nothing here needs the ORM's
    # per-object events (the audit guard only watches AuditEvent).
    db.session.execute(
        db.update(Household)
        .where(Household.id.in_(ids))
        .values(
            street="",
            number="",
            number_sort=0,
            box="",
            postcode="",
            lat=None,
            lon=None,
            position_source=None,
            address_key=db.literal("anonymised:") + db.cast(Household.id, db.String),
            note="",
            anonymised_at=at,
        ),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        db.update(Visit).where(Visit.household_id.in_(ids)).values(notes=""),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        db.update(FollowUp).where(FollowUp.household_id.in_(ids)).values(note="", outcome=""),
        execution_options={"synchronize_session": False},
    )
    # A visit never attached to the household in all that time goes, with what it said.
    db.session.execute(
        db.delete(UnplacedVisit).where(UnplacedVisit.household_id.in_(ids)),
        execution_options={"synchronize_session": False},
    )
