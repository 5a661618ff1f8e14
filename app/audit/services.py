"""Writing audit events; callers commit them together with the change they describe."""

from flask import has_request_context
from flask_login import current_user

from app.audit.models import AuditEvent, utcnow
from app.extensions import db

# Detail keys that would carry free text typed about a family; the trail refuses them outright.
FORBIDDEN_DETAIL_KEYS = {"note", "notes", "text", "content", "comment", "comments", "body"}


def _check_detail(detail: dict) -> None:
    for key in detail:
        if key.lower() in FORBIDDEN_DETAIL_KEYS or key.lower().endswith(("_note", "_notes")):
            raise ValueError(f"audit detail must not carry free text ({key!r})")


def record(action: str, obj=None, *, user=None, object_type=None, object_id=None, **detail):
    """Add an audit event to the session (the caller's commit writes it with the change).

    `detail` holds identifiers, codes, counts and field names only — never what was typed.
    """
    _check_detail(detail)
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = object_id or getattr(obj, "id", None)
    event = AuditEvent(
        user_id=getattr(user, "id", None),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=detail,
    )
    db.session.add(event)
    return event


def record_each(action: str, events: list, *, user) -> None:
    """One event per (object, detail) pair, written in one INSERT (a batch of visits).

    Like `record`, nothing is committed here; the events carry the same fields.
    """
    rows = []
    for obj, detail in events:
        _check_detail(detail)
        rows.append(
            {
                "at": utcnow(),
                "user_id": getattr(user, "id", None),
                "action": action,
                "object_type": obj.__tablename__,
                "object_id": str(obj.id),
                "detail": detail,
            }
        )
    if rows:
        db.session.execute(db.insert(AuditEvent.__table__), rows)


def record_read(action: str, object_type: str, shown, *, subject=None, **detail) -> None:
    """A page or answer that showed families' data: which records it showed, and commit.

    Every view that renders household data goes through here, once per page: for one household,
    and for lists (a route's stops, a round, search results, near-duplicates). `shown` holds the
    records shown: households, records that point at one (stops, follow-ups: their
    `household_id`), or ids. The event names them all in `ids`; `subject` (the page's own
    household, when it has one) also becomes the event's object. Lists name the ids they
    showed, not the query typed: the search words may themselves be an address.
    tests/test_audit_reads.py requests every endpoint that renders a household and fails when
    no event names it.
    """
    ids = sorted({_id_of(item) for item in shown})
    if not ids:
        return
    record(action, object_type=object_type, object_id=_id_of(subject) if subject else None,
           ids=ids, **detail)  # fmt: skip
    db.session.commit()


def _id_of(item) -> int:
    if isinstance(item, int):
        return item
    household_id = getattr(item, "household_id", None)
    return int(household_id if household_id is not None else item.id)
