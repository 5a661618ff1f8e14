"""Reading short links, their scan counts, and the wijken a worker may show a QR code for."""

import datetime as dt
from typing import NamedTuple

from app.extensions import db
from app.flyers.models import ScanCount, ShortLink
from app.households.models import Household
from app.lists import containing
from app.rounds.models import Round, Route, Stop, route_worker
from app.wijken.models import Wijk

STATUSES = ("active", "retired", "all")


def link_by_code(code: str) -> ShortLink | None:
    return db.session.scalar(db.select(ShortLink).where(ShortLink.code == code))


class LinkTarget(NamedTuple):
    id: int
    target: str
    active: bool


def link_target(code: str) -> LinkTarget | None:
    """The link a scanned code opens: its id, target and whether it is still in use. One query
    on the unique code, every scan: a retargeted or retired code is followed at once."""
    statement = db.select(ShortLink.id, ShortLink.target, ShortLink.active)
    row = db.session.execute(statement.where(ShortLink.code == code)).first()
    return LinkTarget(*row) if row else None


def active_link_for(wijk_number: int, lang: str, round_id: int | None) -> ShortLink | None:
    return db.session.scalar(
        db.select(ShortLink)
        .where(
            ShortLink.wijk_number == wijk_number,
            ShortLink.lang == lang,
            ShortLink.round_id.is_(None) if round_id is None else ShortLink.round_id == round_id,
            ShortLink.active.is_(True),
        )
        .order_by(ShortLink.id)
        .limit(1)
    )


def links_statement(*, q: str = "", wijk: int | None = None, round_id=None, status="active"):
    """The coordinator's list: newest first, searchable on label and code."""
    stmt = db.select(ShortLink).order_by(ShortLink.created_at.desc(), ShortLink.id.desc())
    # Codes are lower case (CODE_ALPHABET), so comparing them lowered changes nothing.
    stmt = containing(stmt, q, ShortLink.label, ShortLink.code)
    if wijk:
        stmt = stmt.where(ShortLink.wijk_number == wijk)
    if round_id:
        stmt = stmt.where(ShortLink.round_id == round_id)
    if status == "active":
        stmt = stmt.where(ShortLink.active.is_(True))
    elif status == "retired":
        stmt = stmt.where(ShortLink.active.is_(False))
    return stmt


def scan_totals(link_ids) -> dict[int, int]:
    ids = list(link_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(ScanCount.short_link_id, db.func.sum(ScanCount.count))
        .where(ScanCount.short_link_id.in_(ids))
        .group_by(ScanCount.short_link_id)
    )
    return {link_id: int(total) for link_id, total in rows}


def all_links_with_scans() -> list[tuple[ShortLink, int]]:
    links = list(db.session.scalars(db.select(ShortLink).order_by(ShortLink.id)))
    totals = scan_totals(link.id for link in links)
    return [(link, totals.get(link.id, 0)) for link in links]


def round_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(
        db.select(Round.id, Round.name).order_by(Round.start_date.desc(), Round.id.desc())
    )
    return [(round_id, name) for round_id, name in rows]


def _in_range(date_from: dt.date, date_to: dt.date):
    return (ScanCount.day >= date_from, ScanCount.day <= date_to)


def scans_per_link(date_from: dt.date, date_to: dt.date) -> list[dict]:
    total = db.func.sum(ScanCount.count)
    rows = db.session.execute(
        db.select(ShortLink, total.label("scans"))
        .join(ScanCount, ScanCount.short_link_id == ShortLink.id)
        .where(*_in_range(date_from, date_to))
        .group_by(ShortLink.id)
        .order_by(total.desc(), ShortLink.id)
    )
    return [{"link": link, "scans": int(scans)} for link, scans in rows]


def scans_per_wijk(date_from: dt.date, date_to: dt.date) -> list[dict]:
    total = db.func.sum(ScanCount.count)
    rows = db.session.execute(
        db.select(Wijk.number, Wijk.name, total)
        .select_from(ScanCount)
        .join(ShortLink, ScanCount.short_link_id == ShortLink.id)
        .outerjoin(Wijk, ShortLink.wijk_number == Wijk.number)
        .where(*_in_range(date_from, date_to))
        .group_by(Wijk.number, Wijk.name)
        .order_by(Wijk.number)
    )
    return [{"number": n, "name": name, "scans": int(scans)} for n, name, scans in rows]


def scans_per_day(date_from: dt.date, date_to: dt.date) -> list[dict]:
    rows = db.session.execute(
        db.select(ScanCount.day, db.func.sum(ScanCount.count))
        .where(*_in_range(date_from, date_to))
        .group_by(ScanCount.day)
        .order_by(ScanCount.day)
    )
    return [{"day": day, "scans": int(scans)} for day, scans in rows]


def scan_rows(date_from: dt.date, date_to: dt.date):
    """One row per link per day, for the CSV export."""
    return db.session.execute(
        db.select(ScanCount.day, ShortLink, ScanCount.count)
        .join(ShortLink, ScanCount.short_link_id == ShortLink.id)
        .where(*_in_range(date_from, date_to))
        .order_by(ScanCount.day, ShortLink.code)
    ).all()


def worker_wijk_numbers(user) -> set[int]:
    """Wijken of the stops on the worker's routes in running rounds."""
    rows = db.session.scalars(
        db.select(Household.wijk_number)
        .join(Stop, Stop.household_id == Household.id)
        .join(Route, Stop.route_id == Route.id)
        .join(route_worker, route_worker.c.route_id == Route.id)
        .join(Round, Route.round_id == Round.id)
        .where(route_worker.c.user_id == user.id, Round.status == "active")
        .distinct()
    )
    return set(rows)


def showable_links(wijk_numbers: set[int] | None) -> list[ShortLink]:
    """Active links to show full-screen, per wijk and language (None: every wijk)."""
    stmt = (
        db.select(ShortLink)
        .where(ShortLink.active.is_(True), ShortLink.wijk_number.is_not(None))
        .order_by(
            ShortLink.wijk_number,
            ShortLink.lang,
            ShortLink.round_id.desc().nulls_last(),  # a round's own link before a general one
            ShortLink.id,
        )
    )
    if wijk_numbers is not None:
        stmt = stmt.where(ShortLink.wijk_number.in_(wijk_numbers or {-1}))
    return list(db.session.scalars(stmt))
