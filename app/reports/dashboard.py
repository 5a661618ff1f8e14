"""The round dashboard's numbers: per round and per route, from a fixed set of GROUP BY queries.

However many routes, stops and visits a round has, the dashboard runs the same queries (a test
counts them). A stop's status is the outcome of its last visit ("open" before any), so stops
count where a household stands now; packages, flyers and interests count over all visits.

The figures are plain data (no database rows), counted on every view (dashboard_views).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from app.auth.models import User
from app.extensions import db
from app.followups.models import FollowUp
from app.rounds.models import Round, Route, Stop, route_order, route_worker
from app.stock.models import PackageType, StockMovement
from app.stock.queries import stock_levels
from app.visits.models import Visit, VisitInterest

OUTCOME_CODES = ("contact", "not_home", "refused", "moved", "no_access")


@dataclass(frozen=True)
class RouteInfo:
    id: int
    name: str
    date: dt.date | None
    workers: tuple[str, ...]  # names, alphabetical


@dataclass
class Tally:
    """The figures of one route, or of the whole round (route None)."""

    route: RouteInfo | None = None
    statuses: Counter = field(default_factory=Counter)  # stop status → stops
    visits: int = 0
    flyers: int = 0
    packages: Counter = field(default_factory=Counter)  # package type name → handed out
    interests: Counter = field(default_factory=Counter)  # interest code → households
    followups: Counter = field(default_factory=Counter)  # "open" / "closed" → follow-ups

    @property
    def planned(self) -> int:
        return sum(self.statuses.values())

    @property
    def visited(self) -> int:
        return self.planned - self.statuses.get("open", 0)

    @property
    def contact_rate(self) -> int:
        """Percentage of visited stops where the family was reached."""
        return round(100 * self.statuses.get("contact", 0) / self.visited) if self.visited else 0

    @property
    def package_items(self) -> list[tuple[str, int]]:
        return sorted(self.packages.items())

    @property
    def top_interests(self) -> list[tuple[str, int]]:
        return sorted(self.interests.items(), key=lambda item: (-item[1], item[0]))[:5]

    def add(self, other: "Tally") -> None:
        self.statuses.update(other.statuses)
        self.visits += other.visits
        self.flyers += other.flyers
        self.packages.update(other.packages)
        self.interests.update(other.interests)
        self.followups.update(other.followups)


@dataclass
class Dashboard:
    total: Tally
    routes: list[Tally]  # the unrouted stops, if any, as a Tally with route None at the end
    days: list[tuple[str, int, int]]  # (ISO date, visits that day, stops visited so far)
    stock: list[tuple[str, str, int]]  # (partner, package type, level)


def _routes(round_: Round) -> list[RouteInfo]:
    """The round's routes in route order (app/rounds/models.route_order), with their workers'
    names: two queries."""
    workers: dict[int, list[str]] = {}
    for route_id, name in db.session.execute(
        db.select(route_worker.c.route_id, User.name)
        .join(User, User.id == route_worker.c.user_id)
        .join(Route, Route.id == route_worker.c.route_id)
        .where(Route.round_id == round_.id)
        .order_by(User.name)
    ):
        workers.setdefault(route_id, []).append(name)
    rows = sorted(
        db.session.execute(
            db.select(Route.id, Route.name, Route.date).where(Route.round_id == round_.id)
        ),
        key=lambda row: route_order(row.name, row.id),
    )
    return [
        RouteInfo(route_id, name, date, tuple(workers.get(route_id, ())))
        for route_id, name, date in rows
    ]


def _per_route(rows, key, amount, of_round):
    """Route id, `key` and `amount` over `rows` (a table with a visit_id: interests, follow-ups,
    stock movements) of the round's visits, each row joined to its visit and the visit's stop;
    grouped by route and key."""
    return (
        db.select(Stop.route_id, key, amount)
        .select_from(rows)
        .join(Visit, Visit.id == rows.visit_id)
        .join(Stop, Stop.id == Visit.stop_id)
        .where(of_round)
        .group_by(Stop.route_id, key)
    )


def round_dashboard(round_: Round) -> Dashboard:
    routes = _routes(round_)
    tallies: dict[int | None, Tally] = {route.id: Tally(route) for route in routes}

    def tally(route_id):
        return tallies.setdefault(route_id, Tally(None))

    for route_id, status, n in db.session.execute(
        db.select(Stop.route_id, Stop.status, db.func.count())
        .where(Stop.round_id == round_.id)
        .group_by(Stop.route_id, Stop.status)
    ):
        tally(route_id).statuses[status] += n

    of_round = Visit.round_id == round_.id
    flyer = db.case((Visit.flyer_left.is_(True), 1), else_=0)
    for route_id, visits, flyers in db.session.execute(
        db.select(Stop.route_id, db.func.count(), db.func.sum(flyer))
        .select_from(Visit)
        .join(Stop, Stop.id == Visit.stop_id)
        .where(of_round)
        .group_by(Stop.route_id)
    ):
        tally(route_id).visits, tally(route_id).flyers = visits, int(flyers or 0)

    # Summed per package type id first, then named: joining the names inside the sum lets SQLite
    # loop over the package types outside and walk the round once per type.
    summed = (-db.func.sum(StockMovement.quantity)).label("handed")
    handed_out = (
        _per_route(StockMovement, StockMovement.package_type_id, summed, of_round)
        .where(StockMovement.kind == "handed_out")
        .subquery()
    )
    for route_id, name, handed in db.session.execute(
        db.select(handed_out.c.route_id, PackageType.name, handed_out.c.handed).join(
            PackageType, PackageType.id == handed_out.c.package_type_id
        )
    ):
        tally(route_id).packages[name] += int(handed or 0)

    # Interests count households. A household has one stop in a round (a unique constraint), so
    # its stops stand for its households (and the stop is in the visit's index); a stop sits on one
    # route, so the routes split the round's households and the round's count is the sum of the
    # routes' counts: counted in SQL, never household by household in Python.
    stops_of_households = db.func.count(db.distinct(Visit.stop_id))
    for route_id, code, households in db.session.execute(
        _per_route(VisitInterest, VisitInterest.code, stops_of_households, of_round)
    ):
        tally(route_id).interests[code] += households

    for route_id, status, n in db.session.execute(
        _per_route(FollowUp, FollowUp.status, db.func.count(), of_round)
    ):
        tally(route_id).followups[status] += n

    total = Tally(None)
    for item in tallies.values():
        total.add(item)
    ordered = [tallies[r.id] for r in routes]
    if None in tallies:
        ordered.append(tallies[None])
    stock = [(org.name, ptype.name, int(level)) for org, ptype, level in stock_levels()]
    return Dashboard(total, ordered, progress_by_day(round_), stock)


def progress_by_day(round_: Round) -> list[tuple[str, int, int]]:
    """Per day with visits: visits logged, and stops visited so far (cumulative). One query, read
    from the (round, stop, time) index: each visit counts on its day, each stop on the day of its
    first visit."""
    visits = db.select(
        Visit.occurred_at.label("at"), db.literal(1).label("visit"), db.literal(0).label("first")
    ).where(Visit.round_id == round_.id)
    firsts = (
        db.select(
            db.func.min(Visit.occurred_at).label("at"),
            db.literal(0).label("visit"),
            db.literal(1).label("first"),
        )
        .where(Visit.round_id == round_.id)
        .group_by(Visit.stop_id)
    )
    both = db.union_all(visits, firsts).subquery()
    day = db.func.date(both.c.at)
    rows = db.session.execute(
        db.select(day, db.func.sum(both.c.visit), db.func.sum(both.c.first))
        .group_by(day)
        .order_by(day)
    )
    days, reached = [], 0
    for d, n, new_stops in rows:
        reached += int(new_stops or 0)
        days.append((str(d)[:10], int(n), reached))
    return days
