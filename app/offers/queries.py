"""Reading the offer: the public list and its filters, a provider's list, the moderation queue."""

from sqlalchemy import exists
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.lists import containing
from app.offers.filters import CHILD_AGE_MAX, Filters
from app.offers.models import Activity, ActivityCategory, ActivityWeek, Call, Tip
from app.season import Season

PUBLIC_LOAD = (
    selectinload(Activity.category_rows),
    selectinload(Activity.week_rows),
    selectinload(Activity.session_rows),
    joinedload(Activity.wijk),
)


def public_activities_stmt(filters: Filters, season: Season):
    """Published activities of the season matching every filter, in the order of their first day."""
    week_rows = ActivityWeek.activity_id == Activity.id
    if filters.week:
        in_season = exists().where(week_rows, ActivityWeek.week == filters.week)
    else:
        in_season = exists().where(week_rows, ActivityWeek.week.in_(season.weeks))
    stmt = db.select(Activity).where(Activity.status == "published", in_season)
    if filters.ages:
        stmt = stmt.where(
            db.or_(
                *(db.and_(Activity.age_min <= age, Activity.age_max >= age) for age in filters.ages)
            )
        )
    else:
        stmt = stmt.where(Activity.age_min <= CHILD_AGE_MAX)
    if filters.wijk is not None:
        stmt = stmt.where(Activity.wijk_number == filters.wijk)
    if filters.categories:
        stmt = stmt.where(
            exists().where(
                ActivityCategory.activity_id == Activity.id,
                ActivityCategory.code.in_(filters.categories),
            )
        )
    if filters.overnight is not None:
        stmt = stmt.where(Activity.overnight.is_(filters.overnight))
    if filters.free:
        # Free for the children is what a family asks for (others may pay the base price).
        stmt = stmt.where(db.or_(Activity.free.is_(True), Activity.children_free.is_(True)))
    return stmt.order_by(Activity.start_date, Activity.title, Activity.id)


def published_activity(activity_id: int) -> Activity | None:
    return db.session.scalar(
        db.select(Activity)
        .where(Activity.id == activity_id, Activity.status == "published")
        .options(*PUBLIC_LOAD)
    )


def organisation_activities_stmt(organisation_id: int):
    return (
        db.select(Activity)
        .where(Activity.provider_organisation_id == organisation_id)
        .options(selectinload(Activity.category_rows))
        .order_by(Activity.start_date.desc(), Activity.id.desc())
    )


def moderation_queue() -> list[Activity]:
    """New submissions and proposed changes, oldest first."""
    return list(
        db.session.scalars(
            db.select(Activity)
            .where(db.or_(Activity.status == "submitted", Activity.pending_changes.is_not(None)))
            .options(selectinload(Activity.category_rows))
            .order_by(Activity.updated_at, Activity.id)
        )
    )


def all_activities_stmt(q: str = "", status: str = ""):
    stmt = db.select(Activity).options(selectinload(Activity.category_rows))
    stmt = containing(stmt, q, Activity.title, Activity.provider_name)
    if status:
        stmt = stmt.where(Activity.status == status)
    return stmt.order_by(Activity.start_date, Activity.id)


def calls_stmt():
    return db.select(Call).order_by(Call.created_at.desc(), Call.id.desc())


def call_by_token(token: str) -> Call | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(db.select(Call).where(Call.token == token))


def published_tips() -> list[Tip]:
    return list(
        db.session.scalars(
            db.select(Tip).where(Tip.published.is_(True)).order_by(Tip.kind, Tip.age_min, Tip.title)
        )
    )


def activities_of_call(call_id: int) -> list[Activity]:
    """The activities that came in through a call's link, newest first, whatever their status."""
    stmt = (
        db.select(Activity)
        .where(Activity.call_id == call_id)
        .options(joinedload(Activity.wijk))
        .order_by(Activity.created_at.desc(), Activity.id.desc())
    )
    return list(db.session.scalars(stmt))
