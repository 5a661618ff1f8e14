"""What /aanbod shows: per week the first few activities, or one week's list a page at a time.

A city's summer holds ~900 activities, many of them running several weeks: on one page they were
0.5–1 MB of HTML and ~29,000 elements for a phone to lay out (Lighthouse mobile 64–83). The
overview now shows each week's first activities with a link to the whole week, and a week's list
comes in pages.

Two queries, whatever the size of the offer: the ids of every matching activity per week (small
rows, no objects), then the activities that are actually shown.
"""

import math
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.offers.filters import Filters
from app.offers.models import Activity, ActivityWeek
from app.offers.queries import public_activities_stmt
from app.season import Season, iso_week_range

WEEK_PREVIEW = 6  # activities per week on the overview when the week has more than fit
WEEK_PREVIEW_MAX = 8  # up to this many are all shown: no link to "all 7" that reveals one more
PAGE_SIZE = 20  # activities per page of one week's list

CARD_LOAD = (
    selectinload(Activity.category_rows),
    selectinload(Activity.session_rows),
    joinedload(Activity.wijk),
)


@dataclass
class WeekGroup:
    week: str  # "2027-W28"
    total: int  # matching activities in this week
    activities: list = field(default_factory=list)  # the ones on this page

    @property
    def monday(self) -> date:
        return iso_week_range(self.week)[0]

    @property
    def sunday(self) -> date:
        return iso_week_range(self.week)[1]

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def more(self) -> bool:
        """Not every activity of the week is on this page."""
        return self.total > len(self.activities)


@dataclass(frozen=True)
class Paging:
    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass
class Listing:
    count: int  # matching activities (each counted once, however many weeks it runs)
    groups: list[WeekGroup]  # the weeks asked for, in order, with the activities shown
    weeks_with_offer: list[WeekGroup]  # every season week with matching offer (for the week nav)
    paging: Paging | None = None  # one week's list only


def week_index(filters: Filters, season: Season) -> dict[str, list[int]]:
    """{week: ids of the matching activities in the order of their first day}, every season week.

    The week filter is left out here so that one week's page still knows which other weeks have
    offer; the other filters apply.
    """
    matching = (
        public_activities_stmt(replace(filters, week=None), season)
        .with_only_columns(Activity.id, Activity.start_date, Activity.title)
        .order_by(None)
        .subquery()
    )
    stmt = (
        db.select(ActivityWeek.week, matching.c.id)
        .join(matching, matching.c.id == ActivityWeek.activity_id)
        .where(ActivityWeek.week.in_(season.weeks))
        .order_by(matching.c.start_date, matching.c.title, matching.c.id)
    )
    index: dict[str, list[int]] = {week: [] for week in season.weeks}
    for week, activity_id in db.session.execute(stmt):
        index[week].append(activity_id)
    return index


def _load(ids: list[int]) -> dict[int, Activity]:
    if not ids:
        return {}
    stmt = db.select(Activity).where(Activity.id.in_(set(ids))).options(*CARD_LOAD)
    return {activity.id: activity for activity in db.session.scalars(stmt)}


def preview_size(total: int) -> int:
    return total if total <= WEEK_PREVIEW_MAX else WEEK_PREVIEW


def overview(index: dict[str, list[int]]) -> Listing:
    """Every week of the season, each with its first activities."""
    shown = {week: ids[: preview_size(len(ids))] for week, ids in index.items()}
    loaded = _load([i for ids in shown.values() for i in ids])
    groups = [
        WeekGroup(week, len(index[week]), [loaded[i] for i in ids]) for week, ids in shown.items()
    ]
    count = len({i for ids in index.values() for i in ids})
    return Listing(count, groups, [g for g in groups if g.total])


def one_week(index: dict[str, list[int]], week: str, page: int) -> Listing:
    """One week's activities, PAGE_SIZE at a time; a page past the end shows the last one."""
    ids = index[week]
    pages = max(1, math.ceil(len(ids) / PAGE_SIZE))
    page = min(max(page, 1), pages)
    on_page = ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    loaded = _load(on_page)
    group = WeekGroup(week, len(ids), [loaded[i] for i in on_page])
    nav = [WeekGroup(w, len(i)) for w, i in index.items() if i or w == week]
    return Listing(len(ids), [group], nav, Paging(page, pages))


def page_number(raw: str | None) -> int:
    """?page= as a number from 1; anything else is the first page."""
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 4 and int(raw) >= 1 else 1
