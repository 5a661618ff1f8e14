"""Changes to short links and the scan counter; each change commits once with its audit event."""

import datetime as dt
import secrets
from urllib.parse import urlencode

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app import clock
from app.audit.services import record
from app.database import rows_changed
from app.extensions import db
from app.flyers.models import ScanCount, ShortLink
from app.flyers.queries import active_link_for
from app.http import is_safe_local_url

# No look-alikes: without 0/o, 1/l/i, so a code read from paper is typed right the first time.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 6  # 31**6 ≈ 887 million codes: unguessable enough for a counter, short to type


class UnsafeTarget(ValueError):
    """A target that is not a path on our own site."""


def generate_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(db.select(ShortLink.id).where(ShortLink.code == code)) is None:
            return code


def default_target(wijk_number: int | None, lang: str) -> str:
    """The offer of the flyer's wijk, in the flyer's language."""
    args: dict[str, int | str] = {"wijk": wijk_number} if wijk_number else {}
    args["lang"] = lang
    return "/aanbod?" + urlencode(args)


def clean_target(target: str) -> str:
    target = (target or "").strip()
    if len(target) > 500 or not is_safe_local_url(target):
        raise UnsafeTarget(target)
    return target


def _new_link(*, label, target, wijk_number, lang, round_id) -> ShortLink:
    link = ShortLink(
        code=generate_code(),
        label=label.strip(),
        target=clean_target(target or default_target(wijk_number, lang)),
        wijk_number=wijk_number or None,
        lang=lang,
        round_id=round_id or None,
        active=True,
    )
    db.session.add(link)
    db.session.flush()
    record("short_link_created", link, wijk_number=link.wijk_number, round_id=link.round_id)
    return link


def create_short_link(*, label, target, wijk_number, lang, round_id=None) -> ShortLink:
    link = _new_link(
        label=label, target=target, wijk_number=wijk_number, lang=lang, round_id=round_id
    )
    db.session.commit()
    return link


def update_short_link(link: ShortLink, *, label: str, target: str) -> ShortLink:
    """Change what a printed code leads to; the code itself never changes."""
    changed = []
    for field, value in (("label", label.strip()), ("target", clean_target(target))):
        if getattr(link, field) != value:
            setattr(link, field, value)
            changed.append(field)
    if changed:
        record("short_link_changed", link, fields=changed)
        db.session.commit()
    return link


def set_short_link_active(link: ShortLink, active: bool) -> None:
    link.active = active
    record("short_link_reactivated" if active else "short_link_retired", link)
    db.session.commit()


def ensure_round_links(visit_round, languages: list[str]) -> list[ShortLink]:
    """The active link of every wijk × language of a round, creating the missing ones."""
    links = []
    for wijk in visit_round.wijken:
        for lang in languages:
            link = active_link_for(wijk.number, lang, visit_round.id)
            if link is None:
                link = _new_link(
                    label=f"Flyer {wijk.name} ({lang}) · {visit_round.name}",
                    target=None,
                    wijk_number=wijk.number,
                    lang=lang,
                    round_id=visit_round.id,
                )
            links.append(link)
    db.session.commit()
    return links


def count_scan(short_link_id: int, day: dt.date | None = None) -> None:
    """Add one to the link's counter of the day, safely when many phones scan at once.

    One statement (an upsert) per scan, committed before the redirect leaves: a scan is counted
    or the family gets an error, never a redirect whose count is lost on the way. No audit
    event: an event per scan would be a log of when someone stood at a door, which is exactly
    what a flyer scan must not leave behind (DOMAIN.md: a counter, never who scanned).
    """
    day = day or clock.today()  # scans count on the day as Ghent sees it
    dialect = db.engine.dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = (sqlite if dialect == "sqlite" else postgresql).insert
        stmt = insert(ScanCount).values(short_link_id=short_link_id, day=day, count=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=["short_link_id", "day"], set_={"count": ScanCount.count + 1}
        )
        db.session.execute(stmt)
        db.session.commit()
        return
    _count_scan_portable(short_link_id, day)


def _count_scan_portable(short_link_id: int, day: dt.date) -> None:
    # UPDATE first; when the day has no row yet INSERT it, and if another request inserted it
    # in between, the unique constraint refuses ours and the UPDATE is retried.
    bump = (
        update(ScanCount)
        .where(ScanCount.short_link_id == short_link_id, ScanCount.day == day)
        .values(count=ScanCount.count + 1)
    )
    if rows_changed(db.session, bump):
        db.session.commit()
        return
    try:
        db.session.add(ScanCount(short_link_id=short_link_id, day=day, count=1))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        db.session.execute(bump)
        db.session.commit()
