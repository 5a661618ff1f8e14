"""Test data builders: each makes a valid record with sensible defaults, overridable by keyword."""

import itertools

from werkzeug.security import generate_password_hash

from app.auth.models import User
from app.extensions import db
from app.organisations.models import Organisation

PASSWORD = "correct horse battery"
_seq = itertools.count(1)
# A cheap hash keeps the suite fast; the tests of sign-in itself check the real scrypt hashing.
_FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def organisation(**kw) -> Organisation:
    n = next(_seq)
    name = kw.pop("name", f"Organisatie {n}")
    org = Organisation(name=name, kind=kw.pop("kind", "childcare"), **kw)
    db.session.add(org)
    db.session.flush()
    return org


def user(role: str = "worker", **kw) -> User:
    n = next(_seq)
    org = kw.pop("organisation", None) or organisation()
    u = User(
        email=kw.pop("email", f"{role}{n}@example.gent"),
        name=kw.pop("name", f"{role.title()} {n}"),
        role=role,
        organisation=org,
        password_hash=_FAST_HASH,
        **kw,
    )
    db.session.add(u)
    db.session.flush()
    return u


# --- Field work A: households, stock, follow-ups -------------------------------------------


def household(**kw):
    from app.households.addresses import address_key
    from app.households.models import Household

    n = next(_seq)
    values = {
        "street": "Sleepstraat",
        "number": str(n),
        "box": "",
        "postcode": "9000",
        "wijk_number": 2,
        **kw,
    }
    values.setdefault(
        "number_sort", int("".join(c for c in values["number"] if c.isdigit())[:5] or 0)
    )
    values.setdefault(
        "address_key",
        address_key(values["street"], values["number"], values["box"], values["postcode"]),
    )
    h = Household(**values)
    db.session.add(h)
    db.session.flush()
    return h


def package_type(**kw):
    from app.stock.models import PackageType

    n = next(_seq)
    p = PackageType(name=kw.pop("name", f"Pakket {n}"), **kw)
    db.session.add(p)
    db.session.flush()
    return p


def stock_movement(**kw):
    from app.stock.models import StockMovement

    kw.setdefault("kind", "received")
    kw.setdefault("quantity", 10)
    org = kw.pop("organisation", None) or organisation()
    ptype = kw.pop("package_type", None) or package_type()
    m = StockMovement(organisation_id=org.id, package_type_id=ptype.id, **kw)
    db.session.add(m)
    db.session.flush()
    return m


def follow_up(**kw):
    from app.followups.models import FollowUp

    org = kw.pop("organisation", None) or organisation()
    h = kw.pop("household", None) or household()
    f = FollowUp(
        organisation_id=org.id,
        household_id=h.id,
        kind=kw.pop("kind", "call_back"),
        note=kw.pop("note", "Terugbellen over het speelplein"),
        **kw,
    )
    db.session.add(f)
    db.session.flush()
    return f
