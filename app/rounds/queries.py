"""Reads about rounds and routes: lists, today's routes of a worker, progress."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import joinedload, selectinload

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from app.households.models import Household
from app.organisations.models import Organisation
from app.rounds.models import Round, Route, Stop, route_worker


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_of(stops) -> Progress:
    """Done = a visit was logged (the stop is no longer "open")."""
    stops = list(stops)
    return Progress(sum(1 for stop in stops if stop.status != "open"), len(stops))


def rounds_page(status: str | None, page: int, per_page: int = 20):
    stmt = db.select(Round).order_by(Round.start_date.desc(), Round.id.desc())
    if status:
        stmt = stmt.where(Round.status == status)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def stop_counts(round_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        db.select(Stop.round_id, db.func.count())
        .where(Stop.round_id.in_(round_ids))
        .group_by(Stop.round_id)
    )
    return dict(rows.all())


def stops_of_round(round_id: int) -> list[Stop]:
    return list(
        db.session.scalars(
            db.select(Stop)
            .where(Stop.round_id == round_id)
            .options(selectinload(Stop.household))
            .order_by(Stop.route_id.is_(None), Stop.route_id, Stop.position, Stop.id)
        )
    )


def unrouted_stops(round_id: int) -> list[Stop]:
    return [stop for stop in stops_of_round(round_id) if stop.route_id is None]


def routes_for_worker(user, day: dt.date) -> list[Route]:
    """The routes assigned to a user on a day, of rounds that run."""
    return list(
        db.session.scalars(
            db.select(Route)
            .join(route_worker, route_worker.c.route_id == Route.id)
            .join(Round, Round.id == Route.round_id)
            .where(route_worker.c.user_id == user.id, Route.date == day, Round.status == "active")
            .options(
                joinedload(Route.round),  # shown per route: one query, not one per route
                selectinload(Route.stops).selectinload(Stop.household),
            )
            .order_by(Route.name, Route.id)
        )
    )


def worker_choices() -> list[User]:
    return list(
        db.session.scalars(
            db.select(User).where(User.role == "worker", User.active.is_(True)).order_by(User.name)
        )
    )


def partner_choices() -> list[Organisation]:
    return list(
        db.session.scalars(
            db.select(Organisation).where(Organisation.active.is_(True)).order_by(Organisation.name)
        )
    )


def search_households(round_, text: str, limit: int = 30) -> list[Household]:
    """Households whose address matches, that can still join the round."""
    # Every word somewhere in the address, as the lists show it ("Kerkstraat 12 bus 3, 9000 Gent").
    words = [w for w in text.lower().replace(",", " ").split() if w not in ("bus", "gent")]
    if not words:
        return []
    stmt = db.select(Household).where(
        Household.do_not_visit.is_(False),
        Household.anonymised_at.is_(None),
        ~Household.id.in_(db.select(Stop.household_id).where(Stop.round_id == round_.id)),
    )
    for word in words:
        stmt = stmt.where(
            db.or_(
                db.func.lower(Household.street).contains(word, autoescape=True),
                db.func.lower(Household.number).contains(word, autoescape=True),
                db.func.lower(Household.box) == word,
                Household.postcode.contains(word, autoescape=True),
            )
        )
    stmt = stmt.order_by(Household.street, Household.number_sort, Household.number).limit(limit)
    return list(db.session.scalars(stmt))


def unpositioned_count(round_id: int) -> int:
    """Stops of the round whose household has no position: walking order can only guess them."""
    return db.session.scalar(
        db.select(db.func.count(Stop.id))
        .join(Household, Household.id == Stop.household_id)
        .where(Stop.round_id == round_id, Household.lat.is_(None))
    )


def printed_route_ids(route_ids: list[int]) -> set[int]:
    """Routes whose walk sheet was printed (as PDF) or opened to print: from the audit trail,
    which records every walk sheet because it lists addresses."""
    if not route_ids:
        return set()
    route_id = AuditEvent.detail["route_id"].as_integer()
    return set(
        db.session.scalars(
            db.select(route_id)
            .where(
                AuditEvent.action.in_(("walk_sheet_printed", "walk_sheet_viewed")),
                route_id.in_(route_ids),
            )
            .distinct()
        )
    )
