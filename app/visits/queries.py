"""Reads about visits: whether a round or route has any, and a stop's history."""

from app.extensions import db
from app.rounds.models import Stop
from app.visits.models import Visit


def round_has_visits(round_id: int) -> bool:
    stmt = db.select(db.func.count()).select_from(Visit).where(Visit.round_id == round_id)
    return bool(db.session.scalar(stmt))


def route_has_visits(route_id: int) -> bool:
    stmt = (
        db.select(db.func.count())
        .select_from(Visit)
        .join(Stop, Stop.id == Visit.stop_id)
        .where(Stop.route_id == route_id)
    )
    return bool(db.session.scalar(stmt))


def stop_has_visits(stop_id: int) -> bool:
    stmt = db.select(db.func.count()).select_from(Visit).where(Visit.stop_id == stop_id)
    return bool(db.session.scalar(stmt))


def visits_of_stop(stop_id: int) -> list[Visit]:
    return list(
        db.session.scalars(
            db.select(Visit).where(Visit.stop_id == stop_id).order_by(Visit.occurred_at)
        )
    )
