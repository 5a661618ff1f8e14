"""Reading wijken."""

from app.extensions import db
from app.wijken.models import Wijk


def all_wijken() -> list[Wijk]:
    return list(db.session.scalars(db.select(Wijk).order_by(Wijk.number)))


def wijk_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(db.select(Wijk.number, Wijk.name).order_by(Wijk.number))
    return [(number, f"{number}. {name}") for number, name in rows]
