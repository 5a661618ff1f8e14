"""Signing in: checking a password, refusing inactive accounts, recording the attempt."""

import secrets
from dataclasses import dataclass
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from app.audit.models import utcnow
from app.audit.services import record
from app.auth import sign_ins
from app.auth.models import User, normalise_email
from app.extensions import db
from app.security import lockout


@cache
def _dummy_hash() -> str:
    """A hash checked when the e-mail is unknown, so both failures take the same time."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


@dataclass
class SignInResult:
    user: User | None
    reason: str | None  # None on success; "invalid", "inactive" or "locked"
    retry_after: int = 0  # seconds until a lock lifts


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> SignInResult:
    user = find_user_by_email(email)
    if lockout.is_locked(email):
        # Refused before the password is looked at, for known and unknown e-mails alike.
        record("sign_in_failed", user, user=user, object_type="user_account", reason="locked")
        db.session.commit()
        return SignInResult(None, "locked", lockout.seconds_locked(email))
    if user is None or not user.check_password(password):
        if user is None:
            check_password_hash(_dummy_hash(), password)
        record("sign_in_failed", user, user=user, object_type="user_account", reason="invalid")
        if lockout.record_failure(email):
            record("sign_in_locked", user, user=user, object_type="user_account")
        db.session.commit()
        return SignInResult(None, "invalid")
    if not user.active:
        record("sign_in_failed", user, user=user, reason="inactive")
        db.session.commit()
        return SignInResult(None, "inactive")
    lockout.record_success(email)
    user.last_sign_in_at = utcnow()
    sign_ins.start(user)
    record("sign_in", user, user=user)
    db.session.commit()
    return SignInResult(user, None)


def change_own_password(user: User, current_password: str, new_password: str) -> bool:
    """Change a user's own password; every other sign-in of theirs ends, this one stays."""
    if not user.check_password(current_password):
        record("password_change_failed", user)
        db.session.commit()
        return False
    user.set_password(new_password)
    ended = sign_ins.end_others(user)
    record("password_changed", user, sessions_ended=ended)
    db.session.commit()
    return True


def sign_out(user: User) -> None:
    """End the sign-in this request runs under; the user's other sign-ins stay."""
    sign_ins.end(user)
    record("sign_out", user)
    db.session.commit()
