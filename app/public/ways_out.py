"""Never a dead end: when the choices on /aanbod leave nothing, what lies closest.

A freshly flyered wijk may have no offer yet, and a four-year-old may find nothing in their own
wijk. Then the page shows the offer of the nearest wijken (by the distance between wijk
centres, `app/data/ghent/wijken.csv`), the other weeks that do have offer, and how much each
choice leaves out — each one tap away — before the tips and UiTinGent.

A few small queries, and only on a page that found nothing: the wijk rows (also the page's
wijk names), the count per wijk, the first activities of the nearest wijken, a count per choice.
"""

import math
from dataclasses import dataclass, field, replace

from sqlalchemy import func

from app.extensions import db
from app.offers.filters import Filters
from app.offers.models import Activity
from app.offers.queries import public_activities_stmt
from app.public.listing import CARD_LOAD, WeekGroup
from app.season import Season
from app.wijken.models import Wijk

NEARBY_WIJKEN = 3  # wijken shown when the chosen one has nothing
NEARBY_PREVIEW = 3  # activities shown of each of them
EARTH_RADIUS_KM = 6371.0
# The choices a family can drop, in the order the page offers them; the wijk and the week have
# richer ways out of their own (nearby wijken, other weeks).
WIDENABLE = ("age", "category", "overnight", "free", "week", "wijk")


@dataclass(frozen=True)
class WijkPlace:
    number: int
    name: str
    lat: float
    lon: float


@dataclass
class NearbyWijk:
    number: int
    name: str
    km: float  # between the two wijk centres
    total: int  # matching activities there
    activities: list = field(default_factory=list)  # the first few of them


@dataclass
class WaysOut:
    nearby: list[NearbyWijk]  # the nearest wijken with offer under the other choices
    without: dict[str, int]  # choice left out → how many activities there are without it
    other_weeks: list  # listing.WeekGroup of the weeks with offer, when a week was chosen
    # All of the chosen wijk's offer, every other choice left out: when leaving out one choice
    # at a time finds nothing there (a QR code from the door carries ages and interests).
    whole_wijk: int = 0


def distance_km(a: WijkPlace, b: WijkPlace) -> float:
    """Great-circle distance between two wijk centres (haversine; Ghent is small, it is exact
    enough and needs no projection)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def wijk_places() -> dict[int, WijkPlace]:
    """Every wijk's name and centre, by number (the polygons stay unloaded)."""
    rows = db.session.execute(
        db.select(Wijk.number, Wijk.name, Wijk.centre_lat, Wijk.centre_lon).order_by(Wijk.number)
    )
    return {row.number: WijkPlace(*row) for row in rows}


def nearest(origin: WijkPlace, places: dict[int, WijkPlace]) -> list[tuple[WijkPlace, float]]:
    """The other wijken, closest first (ties by number, so the order never wavers)."""
    others = [place for place in places.values() if place.number != origin.number]
    ranked = [(place, distance_km(origin, place)) for place in others]
    return sorted(ranked, key=lambda pair: (round(pair[1], 3), pair[0].number))


def count(filters: Filters, season: Season) -> int:
    stmt = public_activities_stmt(filters, season).order_by(None)
    return db.session.scalar(db.select(func.count()).select_from(stmt.subquery()))


def counts_per_wijk(filters: Filters, season: Season) -> dict[int, int]:
    matching = public_activities_stmt(replace(filters, wijk=None), season).order_by(None).subquery()
    stmt = (
        db.select(matching.c.wijk_number, func.count())
        .where(matching.c.wijk_number.is_not(None))
        .group_by(matching.c.wijk_number)
    )
    return {number: total for number, total in db.session.execute(stmt)}


def _first_of_wijken(filters: Filters, season: Season, numbers: list[int]) -> dict[int, list]:
    """The first NEARBY_PREVIEW matching activities of each wijk, in the order of their day."""
    if not numbers:
        return {}
    stmt = (
        public_activities_stmt(replace(filters, wijk=None), season)
        .where(Activity.wijk_number.in_(numbers))
        .with_only_columns(Activity.id, Activity.wijk_number)
    )
    chosen: dict[int, list[int]] = {number: [] for number in numbers}
    for activity_id, number in db.session.execute(stmt):
        if len(chosen[number]) < NEARBY_PREVIEW:
            chosen[number].append(activity_id)
    ids = [i for group in chosen.values() for i in group]
    stmt = db.select(Activity).where(Activity.id.in_(ids)).options(*CARD_LOAD)
    loaded = {activity.id: activity for activity in db.session.scalars(stmt)} if ids else {}
    return {number: [loaded[i] for i in group] for number, group in chosen.items()}


def nearby_offer(
    filters: Filters, season: Season, places: dict[int, WijkPlace]
) -> list[NearbyWijk]:
    """The nearest wijken that have offer under the family's other choices."""
    origin = places.get(filters.wijk)
    if origin is None:
        return []
    per_wijk = counts_per_wijk(filters, season)
    picked = [
        NearbyWijk(place.number, place.name, km, per_wijk[place.number])
        for place, km in nearest(origin, places)
        if per_wijk.get(place.number)
    ][:NEARBY_WIJKEN]
    first = _first_of_wijken(filters, season, [n.number for n in picked])
    for wijk in picked:
        wijk.activities = first[wijk.number]
    return picked


def ways_out(filters: Filters, season: Season, index: dict[str, list[int]], places) -> WaysOut:
    """What to offer on a page that found nothing (see the module's docstring)."""
    without = {}
    for name in WIDENABLE:
        if getattr(filters, name) is None:
            continue
        if name == "week":  # the index already counts every week under the other choices
            total = len({i for ids in index.values() for i in ids})
        else:
            total = count(filters.without(name), season)
        if total:
            without[name] = total
    other_weeks = []
    if filters.week:
        other_weeks = [WeekGroup(week, len(ids)) for week, ids in index.items() if ids]
    whole_wijk = 0
    chosen_besides_wijk = [name for name in filters.active if name != "wijk"]
    if filters.wijk and len(chosen_besides_wijk) > 1 and set(without) <= {"wijk"}:
        whole_wijk = count(Filters(wijk=filters.wijk), season)
    return WaysOut(nearby_offer(filters, season, places), without, other_weeks, whole_wijk)
