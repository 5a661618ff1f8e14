"""Reading follow-ups: the list a coordinator or a partner's worker works through."""

from app.auth.models import User
from app.extensions import db
from app.followups.models import FOLLOW_UP_STATUSES, FollowUp
from app.rounds.models import Round, Route, Stop, route_worker
from app.visits.codes import FOLLOW_UP_KINDS


def households_on_running_routes(user):
    """The ids of the households on the user's routes of running rounds, as a subquery.

    A worker sees a household only there and only then (DOMAIN.md), follow-ups included.
    """
    return (
        db.select(Stop.household_id)
        .join(Route, Stop.route_id == Route.id)
        .join(route_worker, route_worker.c.route_id == Route.id)
        .join(Round, Route.round_id == Round.id)
        .where(route_worker.c.user_id == user.id, Round.status == "active")
    )


def worker_sees_household(user, household_id: int) -> bool:
    stmt = households_on_running_routes(user).where(Stop.household_id == household_id)
    return db.session.scalar(db.select(stmt.exists())) is True


def followup_list(*, organisation_id=None, status="open", kind=None, worker=None):
    """Oldest open first: the family has waited longest. With `worker`: only theirs to see."""
    stmt = db.select(FollowUp).order_by(FollowUp.created_at, FollowUp.id)
    if worker is not None:
        stmt = stmt.where(FollowUp.household_id.in_(households_on_running_routes(worker)))
    if status in FOLLOW_UP_STATUSES:
        stmt = stmt.where(FollowUp.status == status)
    if kind in FOLLOW_UP_KINDS:
        stmt = stmt.where(FollowUp.kind == kind)
    if organisation_id:
        stmt = stmt.where(FollowUp.organisation_id == organisation_id)
    return stmt


def assignable_users(followup: FollowUp) -> list[User]:
    """Active staff of the follow-up's organisation who may open it (can_handle_followup):
    its coordinators and admins, and the workers who have the family on one of their routes of
    a running round. Anyone else would be handed a follow-up they cannot see."""
    walks_there = (
        db.select(route_worker.c.user_id)
        .join(Route, route_worker.c.route_id == Route.id)
        .join(Stop, Stop.route_id == Route.id)
        .join(Round, Route.round_id == Round.id)
        .where(Stop.household_id == followup.household_id, Round.status == "active")
    )
    return list(
        db.session.scalars(
            db.select(User)
            .where(
                User.organisation_id == followup.organisation_id,
                User.active.is_(True),
                db.or_(
                    User.role.in_(("coordinator", "admin")),
                    db.and_(User.role == "worker", User.id.in_(walks_there)),
                ),
            )
            .order_by(User.name)
        )
    )
