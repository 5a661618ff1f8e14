"""The User model: staff accounts with one role each."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.organisations.models import Organisation

ROLES = {
    "admin": _l("Beheerder"),
    "coordinator": _l("Coördinator"),
    "worker": _l("Stoepbezoeker"),
    "provider": _l("Aanbieder"),
}


def normalise_email(email: str) -> str:
    """An e-mail address as stored and compared: trimmed, lower case."""
    return (email or "").strip().lower()


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    last_sign_in_at: Mapped[datetime | None]
    preferred_language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    # The sign-in (SignIn row and its token) this request runs under, set by app/auth/sign_ins.py;
    # plain attributes, not columns.
    sign_in = None  # type: SignIn | None
    sign_in_token = None  # type: str | None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """The login id the session cookie carries: this user and the token of one sign-in."""
        if not self.sign_in_token:
            raise RuntimeError("no sign-in: start one with app.auth.sign_ins.start(user)")
        return f"{self.id}:{self.sign_in_token}"

    # UserMixin compares users by login id, which now names a sign-in: the same account seen
    # through two sign-ins (or none) is still the same user.
    def __eq__(self, other):
        if not isinstance(other, User):
            return NotImplemented
        if self.id is None or other.id is None:
            return self is other
        return self.id == other.id

    __hash__ = object.__hash__  # as UserMixin has it: identity within a database session

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_label(self) -> str:
        return str(ROLES.get(self.role, self.role))

    def __repr__(self) -> str:
        return f"<User {self.email!r} {self.role}>"


class SignIn(db.Model):
    """One signed-in session, kept on the server: the cookie holds its token, we keep a hash.

    Signing out deletes it, so a copied cookie opens nothing afterwards; a password change ends
    the user's other sign-ins, a deactivation or password reset all of them, and each one ends
    PERMANENT_SESSION_LIFETIME after it started, whatever the cookie says.
    """

    __tablename__ = "sign_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
