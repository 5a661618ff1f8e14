"""The round dashboard's numbers: per round and per route, from a fixed set of GROUP BY queries.

However many routes, stops and visits a round has, the dashboard runs the same queries (a test
counts them). A stop's status is the outcome of its last visit ("open" before any), so stops
count where a household stands now; packages, flyers and interests count over all visits.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.followups.models import FollowUp
from app.rounds.models import Round, Route, Stop
from app.stock.models import PackageType, StockMovement
from app.stock.queries import stock_levels
from app.visits.models import Visit, VisitInterest

OUTCOME_CODES = ("contact", "not_home", "refused", "moved", "no_access")


@dataclass
class Tally:
    """The figures of one route, or of the whole round (route None)."""

    route: Route | None = None
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
    def top_interests(self) -> list[tuple[str, int]]:
        return sorted(self.interests.items(), key=lambda item: (-item[1], item[0]))[:5]

    def add(self, other: "Tally") -> None:
        self.statuses.update(other.statuses)
        self.visits += other.visits
        self.flyers += other.flyers
        self.packages.update(other.packages)
        self.followups.update(other.followups)


@dataclass
class Dashboard:
    round: Round
    total: Tally
    routes: list[Tally]  # the unrouted stops, if any, as a Tally with route None at the end
    days: list[tuple[str, int, int]]  # (ISO date, visits that day, stops visited so far)
    stock: list


def round_dashboard(round_: Round) -> Dashboard:
    routes = list(
        db.session.scalars(
            db.select(Route)
            .where(Route.round_id == round_.id)
            .options(selectinload(Route.workers))
            .order_by(Route.date, Route.name, Route.id)
        )
    )
    tallies: dict[int | None, Tally] = {route.id: Tally(route) for route in routes}

    def tally(route_id):
        return tallies.setdefault(route_id, Tally(None))

    for route_id, status, n in db.session.execute(
        db.select(Stop.route_id, Stop.status, db.func.count())
        .where(Stop.round_id == round_.id)
        .group_by(Stop.route_id, Stop.status)
    ):
        tally(route_id).statuses[status] += n

    flyer = db.case((Visit.flyer_left.is_(True), 1), else_=0)
    for route_id, visits, flyers in db.session.execute(
        db.select(Stop.route_id, db.func.count(), db.func.sum(flyer))
        .select_from(Visit)
        .join(Stop, Stop.id == Visit.stop_id)
        .where(Visit.round_id == round_.id)
        .group_by(Stop.route_id)
    ):
        tally(route_id).visits, tally(route_id).flyers = visits, int(flyers or 0)

    for route_id, name, handed in db.session.execute(
        db.select(Stop.route_id, PackageType.name, -db.func.sum(StockMovement.quantity))
        .select_from(StockMovement)
        .join(Visit, Visit.id == StockMovement.visit_id)
        .join(Stop, Stop.id == Visit.stop_id)
        .join(PackageType, PackageType.id == StockMovement.package_type_id)
        .where(Visit.round_id == round_.id, StockMovement.kind == "handed_out")
        .group_by(Stop.route_id, PackageType.name)
    ):
        tally(route_id).packages[name] += int(handed or 0)

    # Interests count households, per route and for the round (a household may sit on one route).
    interest_rows = db.session.execute(
        db.select(Stop.route_id, VisitInterest.code, Visit.household_id)
        .select_from(VisitInterest)
        .join(Visit, Visit.id == VisitInterest.visit_id)
        .join(Stop, Stop.id == Visit.stop_id)
        .where(Visit.round_id == round_.id)
        .group_by(Stop.route_id, VisitInterest.code, Visit.household_id)
    ).all()
    round_interests: dict[str, set] = defaultdict(set)
    for route_id, code, household_id in interest_rows:
        tally(route_id).interests[code] += 1
        round_interests[code].add(household_id)

    for route_id, status, n in db.session.execute(
        db.select(Stop.route_id, FollowUp.status, db.func.count())
        .select_from(FollowUp)
        .join(Visit, Visit.id == FollowUp.visit_id)
        .join(Stop, Stop.id == Visit.stop_id)
        .where(Visit.round_id == round_.id)
        .group_by(Stop.route_id, FollowUp.status)
    ):
        tally(route_id).followups[status] += n

    total = Tally(None)
    for item in tallies.values():
        total.add(item)
    total.interests = Counter({code: len(ids) for code, ids in round_interests.items()})
    ordered = [tallies[r.id] for r in routes]
    if None in tallies:
        ordered.append(tallies[None])
    return Dashboard(round_, total, ordered, progress_by_day(round_), stock_levels())


def progress_by_day(round_: Round) -> list[tuple[str, int, int]]:
    """Per day with visits: visits logged, and stops visited so far (cumulative). Two queries."""
    day = db.func.date(Visit.occurred_at)
    visits = dict(
        (str(d)[:10], n)
        for d, n in db.session.execute(
            db.select(day, db.func.count()).where(Visit.round_id == round_.id).group_by(day)
        )
    )
    first = (
        db.select(Visit.stop_id, db.func.min(Visit.occurred_at).label("first"))
        .where(Visit.round_id == round_.id)
        .group_by(Visit.stop_id)
        .subquery()
    )
    first_day = db.func.date(first.c.first)
    new_stops = dict(
        (str(d)[:10], n)
        for d, n in db.session.execute(
            db.select(first_day, db.func.count()).select_from(first).group_by(first_day)
        )
    )
    days, reached = [], 0
    for d in sorted(visits):
        reached += new_stops.get(d, 0)
        days.append((d, visits[d], reached))
    return days
