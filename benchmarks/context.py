"""The ids the benchmark URLs need, read from the seeded database; and a signed-in test client."""

import datetime as dt
import uuid

from app import clock
from benchmarks.targets import PASSWORD


def bench_app(url: str):
    import os

    from app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        }
    )


def read_context(app, worker_email: str) -> dict:
    from app.auth.models import User
    from app.extensions import db
    from app.flyers.models import ShortLink
    from app.offers.models import Activity
    from app.rounds.models import Round, Route, Stop, route_worker

    with app.app_context():
        worker = db.session.scalar(db.select(User).where(User.email == worker_email))
        today = clock.today()
        wijk = db.session.execute(
            db.select(Activity.wijk_number, db.func.count())
            .where(Activity.status == "published", Activity.wijk_number.is_not(None))
            .group_by(Activity.wijk_number)
            .order_by(db.func.count().desc())
        ).first()[0]
        route_id = db.session.scalar(
            db.select(Route.id)
            .join(route_worker, route_worker.c.route_id == Route.id)
            .where(route_worker.c.user_id == worker.id, Route.date == today)
            .order_by(Route.id)
        )
        stop_ids = list(
            db.session.scalars(
                db.select(Stop.id)
                .join(Route, Route.id == Stop.route_id)
                .join(route_worker, route_worker.c.route_id == Route.id)
                .join(Round, Round.id == Route.round_id)
                .where(route_worker.c.user_id == worker.id, Round.status == "active")
                .order_by(Stop.id)
            )
        )
        route_stops = db.session.scalar(
            db.select(db.func.count()).select_from(Stop).where(Stop.route_id == route_id)
        )
        round_id = db.session.scalar(
            db.select(Round.id).where(Round.status == "active").order_by(Round.id.desc())
        )
        code = db.session.scalar(
            db.select(ShortLink.code).where(ShortLink.active.is_(True)).order_by(ShortLink.id)
        )
        activity_id = db.session.scalar(
            db.select(Activity.id).where(Activity.status == "published").order_by(Activity.id)
        )
        counts = {
            name: db.session.scalar(db.select(db.func.count()).select_from(db.table(table)))
            for name, table in (
                ("households", "household"),
                ("visits", "visit"),
                ("activities", "activity"),
                ("stops", "stop"),
            )
        }
    return {
        "visit_workers": visit_workers(app, 8),
        "wijk": wijk,
        "route_id": route_id,
        "stop_ids": stop_ids,
        "route_stops": route_stops,
        "round_id": round_id,
        "code": code,
        "activity_id": activity_id,
        "counts": counts,
    }


def visits_body(stop_ids: list[int], offset: int, size: int = 20) -> dict:
    """A batch of fresh visits (new UUIDs) spread over the worker's stops."""
    now = dt.datetime.now(dt.UTC).isoformat()
    return {
        "visits": [
            {
                "id": str(uuid.uuid4()),
                "stop_id": stop_ids[(offset + i) % len(stop_ids)],
                "occurred_at": now,
                "outcome": "not_home",
                "flyer_left": True,
                "packages": [],
                "interests": [],
                "info_given": [],
                "follow_up": None,
                "notes": "",
            }
            for i in range(size)
        ]
    }


def signed_in_client(app, email: str | None):
    client = app.test_client()
    if email:
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        if response.status_code != 302:
            raise RuntimeError(f"sign-in of {email} failed: {response.status_code}")
    return client


def long_route(app, worker_email: str, stops: int = 60) -> int:
    """A route of `stops` open stops for the worker today, in the round of their route today
    (Lighthouse's "route page with 60 stops"): households of that round's wijken that have no
    stop in it yet. Answers the route's id."""
    from app.auth.models import User
    from app.extensions import db
    from app.households.models import Household
    from app.rounds.models import Route, Stop, round_wijk, route_worker

    with app.app_context():
        worker = db.session.scalar(db.select(User).where(User.email == worker_email))
        today = clock.today()
        route = db.session.scalar(
            db.select(Route)
            .join(route_worker, route_worker.c.route_id == Route.id)
            .where(route_worker.c.user_id == worker.id, Route.date == today)
            .order_by(Route.id)
        )
        taken = db.select(Stop.household_id).where(Stop.round_id == route.round_id)
        wijken = db.select(round_wijk.c.wijk_number).where(round_wijk.c.round_id == route.round_id)
        households = list(
            db.session.scalars(
                db.select(Household.id)
                .where(Household.wijk_number.in_(wijken), Household.id.not_in(taken))
                .order_by(Household.id)
                .limit(stops)
            )
        )
        if len(households) < stops:
            raise RuntimeError(f"only {len(households)} households left for a {stops}-stop route")
        long = Route(round_id=route.round_id, name=f"Benchmark: {stops} stops", date=today)
        long.workers.append(worker)
        db.session.add(long)
        db.session.flush()
        for position, household_id in enumerate(households, start=1):
            db.session.add(
                Stop(
                    round_id=route.round_id,
                    household_id=household_id,
                    route_id=long.id,
                    position=position,
                )
            )
        db.session.commit()
        return long.id


def visit_workers(app, count: int = 8) -> list[dict]:
    """`count` scale workers with stops on routes of running rounds: [{email, stop_ids}], the
    benchmark worker first. Eight workers posting at once is a busy field day; one worker
    posting eight batches at once is not (their phone sends one batch at a time)."""
    from app.auth.models import User
    from app.extensions import db
    from app.rounds.models import Round, Route, Stop, route_worker

    with app.app_context():
        rows = db.session.execute(
            db.select(User.email, Stop.id)
            .join(route_worker, route_worker.c.user_id == User.id)
            .join(Route, Route.id == route_worker.c.route_id)
            .join(Round, Round.id == Route.round_id)
            .join(Stop, Stop.route_id == Route.id)
            .where(Round.status == "active", User.email.like("stoepbezoeker%"))
            .order_by(User.email, Stop.id)
        ).all()
    stops: dict[str, list[int]] = {}
    for email, stop_id in rows:
        stops.setdefault(email, []).append(stop_id)
    chosen = [e for e in sorted(stops) if len(stops[e]) >= 20][:count]
    return [{"email": e, "stop_ids": stops[e]} for e in chosen]
