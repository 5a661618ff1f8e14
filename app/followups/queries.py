"""Reading follow-ups: the list a coordinator or a partner's worker works through."""

from app.auth.models import User
from app.extensions import db
from app.followups.models import FOLLOW_UP_STATUSES, FollowUp
from app.visits.codes import FOLLOW_UP_KINDS


def followup_list(*, organisation_id=None, status="open", kind=None):
    """Oldest open first: the family has waited longest."""
    stmt = db.select(FollowUp).order_by(FollowUp.created_at, FollowUp.id)
    if status in FOLLOW_UP_STATUSES:
        stmt = stmt.where(FollowUp.status == status)
    if kind in FOLLOW_UP_KINDS:
        stmt = stmt.where(FollowUp.kind == kind)
    if organisation_id:
        stmt = stmt.where(FollowUp.organisation_id == organisation_id)
    return stmt


def assignable_users(organisation_id: int) -> list[User]:
    """Active staff of the follow-up's organisation: they take it over from the worker."""
    return list(
        db.session.scalars(
            db.select(User)
            .where(
                User.organisation_id == organisation_id,
                User.active.is_(True),
                User.role.in_(("worker", "coordinator", "admin")),
            )
            .order_by(User.name)
        )
    )
