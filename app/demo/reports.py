"""Demo data for the reports: an autumn round, already walked, whose doorstep answers give the
gap analysis something to show (contract §2 keeps the active round unvisited; this one is closed).

Idempotent: the round is looked up by name. Visits are dated in the weeks before the demo data is
seeded, after the previous season's last day, so they count as demand for the coming summer
(seeded on the first days after a season, some fall just before it).
"""

import datetime as dt
import random
import uuid

from app import clock
from app.auth.models import User
from app.extensions import db
from app.households.models import Household
from app.reports.seasons import demand_window
from app.rounds.models import Round, Route, Stop
from app.visits.models import Visit, VisitInterest

ROUND_NAME = "Najaarsronde (demo, afgesloten)"
VISITS = 90
ROUTES = 5
# What families ask for most at the door, weighted; "sport" and "swimming" are asked most.
INTEREST_WEIGHTS = {
    "sport": 6,
    "swimming": 5,
    "play": 4,
    "camp": 3,
    "arts": 3,
    "music_dance": 2,
    "nature": 2,
    "science": 1,
    "reading_language": 1,
    "day_trip": 2,
}
OUTCOME_WEIGHTS = {"contact": 6, "not_home": 3, "refused": 1, "moved": 1, "no_access": 1}


def seed_walked_round() -> int:
    """Create the walked autumn round once; returns the number of visits created."""
    if db.session.scalar(db.select(Round.id).where(Round.name == ROUND_NAME)) is not None:
        return 0
    worker = db.session.scalar(db.select(User).where(User.email == "worker@demo.gent"))
    households = db.session.scalars(
        db.select(Household).order_by(Household.wijk_number, Household.id)
    ).all()
    if worker is None or not households:
        return 0
    rng = random.Random(6)  # noqa: S311  (demo data, not security)  # nosec B311
    today = clock.today()
    window_start = demand_window(clock.this_season())[0].date()
    first_day = max(today - dt.timedelta(days=21), window_start)
    days = [d for d in (first_day + dt.timedelta(days=n) for n in range(0, 15, 3)) if d < today]
    # In the first days after a season ends the window is shorter than that: the other routes
    # are walked just before it (never today or later, and never 90 doors on one route).
    earlier = (today - dt.timedelta(days=1 + 3 * n) for n in range(ROUTES * 2))
    while len(days) < ROUTES:
        day = next(earlier)
        if day not in days:
            days.append(day)
    days.sort()
    round_ = Round(
        name=ROUND_NAME, start_date=days[0], end_date=days[-1], status="closed", max_attempts=2
    )
    db.session.add(round_)
    db.session.flush()
    chosen = rng.sample(households, min(VISITS, len(households)))
    created = 0
    for index, day in enumerate(days):
        route = Route(round=round_, name=f"Najaar {index + 1}", date=day, workers=[worker])
        db.session.add(route)
        db.session.flush()
        for position, household in enumerate(chosen[index :: len(days)], start=1):
            outcome = rng.choices(list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values()))[0]
            stop = Stop(
                round_id=round_.id,
                household_id=household.id,
                route_id=route.id,
                position=position,
                status=outcome,
                attempts=1,
                closed=True,
            )
            db.session.add(stop)
            db.session.flush()
            visit = Visit(
                id=str(uuid.UUID(int=rng.getrandbits(128))),
                stop_id=stop.id,
                household_id=household.id,
                round_id=round_.id,
                worker_id=worker.id,
                occurred_at=dt.datetime.combine(day, dt.time(10 + position % 7, position % 60)),
                outcome=outcome,
                flyer_left=outcome != "refused",
                info_given=["summer_offer"],
            )
            db.session.add(visit)
            if outcome == "contact":
                codes = set(
                    rng.choices(
                        list(INTEREST_WEIGHTS), list(INTEREST_WEIGHTS.values()), k=rng.randint(1, 3)
                    )
                )
                visit.interests = [VisitInterest(code=code) for code in sorted(codes)]
            created += 1
    round_.closed_at = dt.datetime.combine(days[-1], dt.time(18))
    db.session.flush()
    return created
