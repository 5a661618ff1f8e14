"""Counting offer and demand per wijk: a handful of GROUP BY queries, never one query per cell.

Supply: published activities located in a wijk (a mobile activity without a wijk counts nowhere),
open to some age from 0 to 12, per season week they run in (ActivityWeek).
Demand: per wijk, the distinct households with a visit in the demand window, and per interest code
the distinct households whose visits recorded it.

Every count is made when a page asks for it, never kept: at city scale (20,000 households,
200,000 visits, 2,000 activities) the coverage API takes ~90 ms of CPU (BENCHMARKS.md, notes),
within the 200 ms a report may take, and a kept figure could be older than what a coordinator
just changed.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, join

from app.extensions import db
from app.households.models import Household
from app.offers.filters import CHILD_AGE_MAX
from app.offers.models import Activity, ActivityCategory, ActivityWeek
from app.reports.seasons import demand_window
from app.season import Season
from app.visits.models import Visit, VisitInterest

# Ages are whole years: "2,5 to 6" means activities whose range overlaps 3..6.
AGE_GROUPS = {
    "3-6": (3, 6, _l("2,5–6 jaar (kleuters)")),
    "6-12": (6, 12, _l("6–12 jaar (lagere school)")),
}


@dataclass(frozen=True)
class OfferFilters:
    age_group: str = ""
    category: str = ""
    overnight: bool | None = None


def _published_for_children(season: Season, filters: OfferFilters | None = None):
    """WHERE clauses shared by every supply count."""
    clauses = [
        Activity.status == "published",
        Activity.wijk_number.is_not(None),
        Activity.age_min <= CHILD_AGE_MAX,
        ActivityWeek.activity_id == Activity.id,
        ActivityWeek.week.in_(season.weeks),
    ]
    filters = filters or OfferFilters()
    if filters.age_group in AGE_GROUPS:
        low, high, _label = AGE_GROUPS[filters.age_group]
        clauses += [Activity.age_min <= high, Activity.age_max >= low]
    if filters.category:
        clauses.append(
            exists().where(
                ActivityCategory.activity_id == Activity.id,
                ActivityCategory.code == filters.category,
            )
        )
    if filters.overnight is not None:
        clauses.append(Activity.overnight.is_(filters.overnight))
    return clauses


def _count_per_wijk(wijk_number, counted, tables, clauses: list) -> dict[int, int]:
    """wijk number → distinct values of `counted` in `tables` (a join) where `clauses` hold."""
    stmt = (
        db.select(wijk_number, db.func.count(db.distinct(counted)))
        .select_from(tables)
        .where(*clauses)
        .group_by(wijk_number)
    )
    return dict(db.session.execute(stmt).all())


def activities_per_wijk_week(
    season: Season, filters: OfferFilters | None = None
) -> dict[tuple[int, str], int]:
    """(wijk number, week) → number of activities; cells without offer are absent."""
    stmt = (
        db.select(Activity.wijk_number, ActivityWeek.week, db.func.count(Activity.id))
        .select_from(Activity)
        .join(ActivityWeek, ActivityWeek.activity_id == Activity.id)
        .where(*_published_for_children(season, filters))
        .group_by(Activity.wijk_number, ActivityWeek.week)
    )
    return {(wijk, week): n for wijk, week, n in db.session.execute(stmt)}


def activities_per_wijk(
    season: Season, filters: OfferFilters | None = None, week: str | None = None
) -> dict[int, int]:
    """wijk number → distinct activities over the season (or in one week)."""
    clauses = _published_for_children(season, filters)
    if week:
        clauses.append(ActivityWeek.week == week)
    tables = join(Activity, ActivityWeek, ActivityWeek.activity_id == Activity.id)
    return _count_per_wijk(Activity.wijk_number, Activity.id, tables, clauses)


def activities_per_category_week(
    season: Season, wijk_number: int | None = None
) -> dict[tuple[int, str, str], int]:
    """(wijk number, category, week) → number of activities: the supply side of the gaps."""
    clauses = _published_for_children(season)
    if wijk_number is not None:
        clauses.append(Activity.wijk_number == wijk_number)
    stmt = (
        db.select(Activity.wijk_number, ActivityCategory.code, ActivityWeek.week, db.func.count())
        .select_from(Activity)
        .join(ActivityWeek, ActivityWeek.activity_id == Activity.id)
        .join(ActivityCategory, ActivityCategory.activity_id == Activity.id)
        .where(*clauses)
        .group_by(Activity.wijk_number, ActivityCategory.code, ActivityWeek.week)
    )
    return {(w, c, week): n for w, c, week, n in db.session.execute(stmt)}


def _window(season: Season):
    start, until = demand_window(season)
    return [Visit.occurred_at >= start, Visit.occurred_at < until]


def households_visited(season: Season, wijk_number: int | None = None) -> dict[int, int]:
    """wijk number → distinct households with at least one visit in the demand window."""
    clauses = _window(season)
    if wijk_number is not None:
        clauses.append(Household.wijk_number == wijk_number)
    tables = join(Visit, Household, Household.id == Visit.household_id)
    return _count_per_wijk(Household.wijk_number, Visit.household_id, tables, clauses)


def interests_per_wijk(
    season: Season, wijk_number: int | None = None
) -> dict[tuple[int, str], int]:
    """(wijk number, interest code) → distinct households whose visits in the window recorded it."""
    clauses = _window(season)
    if wijk_number is not None:
        clauses.append(Household.wijk_number == wijk_number)
    stmt = (
        db.select(
            Household.wijk_number,
            VisitInterest.code,
            db.func.count(db.distinct(Visit.household_id)),
        )
        .select_from(VisitInterest)
        .join(Visit, Visit.id == VisitInterest.visit_id)
        .join(Household, Household.id == Visit.household_id)
        .where(*clauses)
        .group_by(Household.wijk_number, VisitInterest.code)
    )
    return {(w, code): n for w, code, n in db.session.execute(stmt)}


def wijk_activities(season: Season, wijk_number: int) -> list[Activity]:
    """The published children's activities of one wijk in the season, for its details page."""
    from sqlalchemy.orm import selectinload

    in_season = exists().where(
        ActivityWeek.activity_id == Activity.id, ActivityWeek.week.in_(season.weeks)
    )
    stmt = (
        db.select(Activity)
        .where(
            Activity.status == "published",
            Activity.wijk_number == wijk_number,
            Activity.age_min <= CHILD_AGE_MAX,
            in_season,
        )
        .options(selectinload(Activity.category_rows), selectinload(Activity.week_rows))
        .order_by(Activity.start_date, Activity.title)
    )
    return list(db.session.scalars(stmt))
