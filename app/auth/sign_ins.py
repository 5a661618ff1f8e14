"""Sign-ins kept on the server: started at sign-in, checked on every request, ended at sign-out.

The session cookie is signed, not secret from whoever holds it: a copy of it keeps working for
as long as the server accepts it. So the cookie's login id names one SignIn row (user id and a
random token, of which only a hash is stored), and a request is signed in only while that row
exists and has not expired. Signing out deletes the row; a password change deletes the user's
other rows; a deactivation or a password reset deletes them all. Ending one sign-in leaves the
user's other phones signed in, which a per-user version number could not.

Nothing here commits: the service that calls it commits once, with its audit event.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app

from app.audit.models import utcnow
from app.auth.models import SignIn, User
from app.database import rows_changed
from app.extensions import db


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User) -> SignIn:
    """A new sign-in for `user`; `user.get_id()` then names it (what Flask-Login stores)."""
    now = utcnow()
    # Expired sign-ins are of no use to anyone: clear them while we write anyway.
    db.session.execute(db.delete(SignIn).where(SignIn.expires_at <= now))
    token = secrets.token_urlsafe(32)
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    if not isinstance(lifetime, timedelta):
        lifetime = timedelta(seconds=int(lifetime))
    row = SignIn(
        user_id=user.id, token_hash=_digest(token), created_at=now, expires_at=now + lifetime
    )
    db.session.add(row)
    user.sign_in, user.sign_in_token = row, token
    return row


def user_of(login_id: str) -> User | None:
    """The active user whose unexpired sign-in this login id names, or None."""
    user_id, _, token = (login_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    found = db.session.execute(
        db.select(User, SignIn)
        .join(SignIn, SignIn.user_id == User.id)
        .where(
            SignIn.token_hash == _digest(token),
            SignIn.user_id == int(user_id),
            SignIn.expires_at > utcnow(),
            User.active.is_(True),
        )
    ).first()
    if found is None:
        return None
    user, row = found
    user.sign_in, user.sign_in_token = row, token
    return user


def end(user: User) -> None:
    """End the sign-in this request runs under (signing out)."""
    if user.sign_in is not None:
        db.session.execute(db.delete(SignIn).where(SignIn.id == user.sign_in.id))
        user.sign_in = user.sign_in_token = None


def end_others(user: User) -> int:
    """End every sign-in of `user` but the current one (after a password change)."""
    stmt = db.delete(SignIn).where(SignIn.user_id == user.id)
    if user.sign_in is not None:
        stmt = stmt.where(SignIn.id != user.sign_in.id)
    return rows_changed(db.session, stmt)


def end_all(user: User) -> int:
    """End every sign-in of `user` (deactivation, a password reset by an admin)."""
    user.sign_in = user.sign_in_token = None
    return rows_changed(db.session, db.delete(SignIn).where(SignIn.user_id == user.id))
