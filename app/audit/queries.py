"""Reading the audit trail: the admin's search, newest first."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db


@dataclass
class AuditFilter:
    email: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_args(cls, args) -> "AuditFilter":
        return cls(
            email=args.get("email", "").strip()[:254],
            action=args.get("action", "").strip()[:40],
            object_type=args.get("object_type", "").strip()[:40],
            object_id=args.get("object_id", "").strip()[:64],
            date_from=_parse_date(args.get("from")),
            date_to=_parse_date(args.get("to")),
        )


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None  # a mistyped date filters nothing rather than failing the page


def names_household(household_id: int):
    """A condition: the event is about this household, as its object or among the ids it names.

    List pages (a route, a round, search results) write one event naming every household shown
    in `detail["ids"]`; the data-rights page and the admin's search must find those too.
    """
    about = (AuditEvent.object_type == "household") & (AuditEvent.object_id == str(household_id))
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import JSONB

        listed = db.cast(AuditEvent.detail, JSONB)["ids"].contains([household_id])
    else:
        ids = db.func.json_each(AuditEvent.detail, "$.ids").table_valued("value")
        listed = db.exists(db.select(1).select_from(ids).where(ids.c.value == household_id))
    return about | ((AuditEvent.object_type == "household") & listed)


def search_statement(f: AuditFilter):
    stmt = (
        db.select(AuditEvent)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if f.email:
        stmt = stmt.where(db.func.lower(User.email).contains(f.email.lower(), autoescape=True))
    if f.action:
        stmt = stmt.where(AuditEvent.action == f.action)
    if f.object_type:
        stmt = stmt.where(AuditEvent.object_type == f.object_type)
    if f.object_type in ("", "household") and f.object_id.isdigit() and len(f.object_id) < 19:
        household = names_household(int(f.object_id))
        stmt = stmt.where(household | (AuditEvent.object_id == f.object_id))
    elif f.object_id:
        stmt = stmt.where(AuditEvent.object_id == f.object_id)
    if f.date_from:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(f.date_from, time.min))
    if f.date_to:
        stmt = stmt.where(AuditEvent.at < datetime.combine(f.date_to + timedelta(days=1), time.min))
    return stmt


def known_actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).distinct().order_by("action")))


def known_object_types() -> list[str]:
    rows = db.select(AuditEvent.object_type).where(AuditEvent.object_type.is_not(None))
    return list(db.session.scalars(rows.distinct().order_by("object_type")))


def emails_of(events) -> dict[int, str]:
    """The e-mail of each event's user, in one query for a page of events."""
    ids = {e.user_id for e in events if e.user_id is not None}
    if not ids:
        return {}
    return dict(db.session.execute(db.select(User.id, User.email).where(User.id.in_(ids))).all())
