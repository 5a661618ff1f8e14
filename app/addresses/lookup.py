"""address → position → wijk: the register when it answers (and what it said before), else the
embedded CRAB data. Every form, import and command that places an address calls `locate`.

Answers of the register are remembered in `address_lookup` through the caller's session: they
are stored when the caller commits (a form that is sent back with an error asks again; that is
cheap). A found address is trusted for REMEMBER_FOUND, "no such address" for REMEMBER_UNKNOWN.
"""

from __future__ import annotations

import datetime as dt
import logging

from flask import current_app, g
from sqlalchemy.dialects import postgresql, sqlite

from app.addresses import crab, register
from app.addresses import location as why
from app.addresses.belgian import (
    address_key,
    is_ghent,
    normalise_box,
    normalise_postcode,
    postcode_of_place,
    split_box,
)
from app.addresses.location import Location, nowhere
from app.addresses.models import FOUND, UNKNOWN, AddressLookup
from app.addresses.points import wijk_at
from app.database import rows_changed
from app.extensions import db

REMEMBER_FOUND = dt.timedelta(days=365)
REMEMBER_UNKNOWN = dt.timedelta(days=30)

log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def register_url() -> str:
    """The register's base URL; empty means: never ask it (tests, a machine without network)."""
    return (current_app.config.get("ADDRESS_REGISTER_URL") or "").strip()


def remember_for(addresses) -> None:
    """Read the remembered answers for many (street, number, box, postcode) at once.

    An import calls this before placing its rows: one query per 500 addresses instead of one
    per row. Kept for the rest of the app context (the request), in `g`.
    """
    keys = {
        address_key(street, number or "", box, normalise_postcode(postcode or ""))
        for street, number, box, postcode in addresses
    }
    found: dict[str, AddressLookup | None] = dict.fromkeys(keys)
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        for row in db.session.scalars(db.select(AddressLookup).where(AddressLookup.key.in_(chunk))):
            found[row.key] = row
    g.remembered_addresses = {**g.get("remembered_addresses", {}), **found}


def _remembered(key: str) -> AddressLookup | None:
    preloaded = g.get("remembered_addresses", {})
    row = preloaded[key] if key in preloaded else db.session.get(AddressLookup, key)
    if row is None:
        return None
    keep = REMEMBER_FOUND if row.source == FOUND else REMEMBER_UNKNOWN
    return row if row.looked_up_at >= _now() - keep else None


def forget_expired() -> int:
    """Delete answers too old to be used: the cache keeps no address longer than it serves.

    Does not commit. Returns how many were deleted.
    """
    now = _now()
    stale = db.or_(
        db.and_(AddressLookup.source == FOUND, AddressLookup.looked_up_at < now - REMEMBER_FOUND),
        db.and_(AddressLookup.source != FOUND, AddressLookup.looked_up_at < now - REMEMBER_UNKNOWN),
    )
    return rows_changed(db.session, db.delete(AddressLookup).where(stale))


def _remember(key: str, match: register.Match | None, wijk: int | None) -> None:
    values = {
        "key": key,
        "lat": match.lat if match else None,
        "lon": match.lon if match else None,
        "wijk_number": wijk,
        "source": FOUND if match else UNKNOWN,
        "looked_up_at": _now(),
    }
    # One statement that inserts or replaces: two workers may ask about the same door at once.
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(AddressLookup).values(**values)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[AddressLookup.key],
            set_={name: statement.excluded[name] for name in values if name != "key"},
        )
    )


def _from_register(row_or_match, wijk: int | None) -> Location:
    reason = why.OUTSIDE_WIJKEN if wijk is None else ""
    return Location(row_or_match.lat, row_or_match.lon, wijk, "register", reason)


def _ask(street: str, number: str, box: str, postcode: str, key: str):
    """The register's answer, remembered: a Location, UNKNOWN, or None when it is unavailable."""
    try:
        match = register.ask(
            street,
            number,
            postcode,
            box,
            url=register_url(),
            api_key=current_app.config.get("ADDRESS_REGISTER_API_KEY"),
        )
    except register.RegisterUnavailable as error:
        log.info("Address register unavailable, using the embedded data: %s", error)
        return None
    wijk = wijk_at(match.lat, match.lon) if match else None
    _remember(key, match, wijk)
    return _from_register(match, wijk) if match else UNKNOWN


def locate(
    street: str | None,
    number: str | None,
    postcode: str | None,
    box: str | None = None,
    *,
    locality: str | None = None,
    online: bool = True,
    refresh: bool = False,
) -> Location:
    """Where this address is and in which wijk, with the source and (when unsure) the reason.

    `number` may carry the box ("12 bus 3"); `locality` ("Oostakker (Gent)") stands in for a
    missing postcode. With `online` the register is asked (at most register.TIMEOUT seconds)
    unless it answered before (`refresh`: ask again all the same); without, only remembered
    answers and the embedded data count.
    """
    code = normalise_postcode(postcode or "") or postcode_of_place(locality) or ""
    if (code or (locality or "").strip()) and not is_ghent(code, locality):
        return nowhere(why.NOT_GHENT)
    if not (street or "").strip():
        return nowhere(why.NO_STREET)
    number_part, embedded_box = split_box(number or "")
    box_text = normalise_box(box) or embedded_box
    key = address_key(street, number or "", box, code)
    remembered = _remembered(key)
    found_before = remembered is not None and remembered.source == FOUND
    if online and register_url() and number_part and (refresh or remembered is None):
        answer = _ask(street.strip(), number_part, box_text, code, key)
        if isinstance(answer, Location):
            return answer
        if answer is UNKNOWN:
            found_before = False
    if found_before:
        return _from_register(remembered, remembered.wijk_number)
    return crab.index().find(street, number_part, code)
