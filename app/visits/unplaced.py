"""Unplaced visits: a visit refused at a stop its worker had, kept with what the family said.

Kept by the write path (services.py) in the batch's transaction, so the phone may let go of it
as soon as the answer says `kept`. Without the family's consent it keeps what happened and what
was handed over, never what they told us — the same rule as a stored visit (consent.py), so that
once placed it keeps what the visit would have kept had it been stored right away.
"""

from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.extensions import db
from app.households.models import Household
from app.visits.consent import answers_kept, consent_after
from app.visits.models import UnplacedVisit
from app.visits.rejections import Refusal
from app.visits.validation import CleanVisit


def keep_unplaced(user, visit: CleanVisit, refusal: Refusal) -> None:
    """Add the refused visit to the unplaced ones (the caller commits). Kept by another
    request meanwhile (the same id sent twice at once), it is kept once."""
    household = db.session.get(Household, refusal.household_id)
    # The household's consent changes only once the visit is placed; what it keeps is decided
    # now, as storing the visit at this moment would decide it.
    answers = answers_kept(consent_after(household.consent, visit.outcome, visit.consent))
    unplaced = UnplacedVisit(
        id=visit.id,
        household_id=household.id,
        round_id=refusal.round.id,
        stop_id=refusal.stop_id,
        worker_id=user.id,
        reason=refusal.reason,
        occurred_at=visit.occurred_at,
        clock_offset_s=visit.clock_offset_s,
        outcome=visit.outcome,
        flyer_left=visit.flyer_left,
        consent=visit.consent,
        details={
            "packages": [list(pair) for pair in visit.packages],
            "info_given": visit.info_given,
            "interests": visit.interests if answers else [],
            "follow_up": list(visit.follow_up) if answers and visit.follow_up else None,
            "notes": visit.notes if answers else "",
            "language_used": visit.language_used if answers else "",
        },
    )
    try:
        with db.session.begin_nested():
            db.session.add(unplaced)
    except IntegrityError:
        return
    record(
        "visit_unplaced",
        unplaced,
        user=user,
        reason=refusal.reason,
        stop_id=refusal.stop_id,
        round_id=refusal.round.id,
        household_id=household.id,
    )


def as_clean_visit(unplaced: UnplacedVisit, stop_id: int) -> CleanVisit:
    """The kept visit as the write path takes it, for the stop it is attached to."""
    details = unplaced.details or {}
    follow_up = details.get("follow_up")
    return CleanVisit(
        id=unplaced.id,
        stop_id=stop_id,
        occurred_at=unplaced.occurred_at,
        outcome=unplaced.outcome,
        flyer_left=unplaced.flyer_left,
        packages=[tuple(pair) for pair in details.get("packages", [])],
        interests=list(details.get("interests", [])),
        info_given=list(details.get("info_given", [])),
        follow_up=tuple(follow_up) if follow_up else None,
        notes=details.get("notes", ""),
        language_used=details.get("language_used", ""),
        consent=unplaced.consent,
        clock_offset_s=unplaced.clock_offset_s,
    )
