"""Changes to follow-ups; each commits once and writes the audit trail (ids only, no text)."""

from datetime import UTC, datetime

from app.audit.services import record
from app.extensions import db
from app.followups.models import FollowUp


def assign(followup: FollowUp, user_id: int | None) -> None:
    followup.assigned_to_id = user_id
    record("followup_assigned", followup, assigned_to_id=user_id)
    db.session.commit()


def close(followup: FollowUp, outcome: str) -> None:
    followup.status = "closed"
    followup.outcome = outcome.strip()
    followup.closed_at = datetime.now(UTC).replace(tzinfo=None)
    record("followup_closed", followup)
    db.session.commit()


def reopen(followup: FollowUp) -> None:
    """Closing was a mistake or the family needs more: the outcome stays for the record."""
    followup.status = "open"
    followup.closed_at = None
    record("followup_reopened", followup)
    db.session.commit()
