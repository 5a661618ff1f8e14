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
