"""The AuditEvent model: append-only records of sign-ins, views, changes and exports.

Append-only is enforced in the ORM: a flush that changes or deletes an AuditEvent, and a bulk
UPDATE/DELETE aimed at it, raise. (Rows whose user is deleted get user_id NULL from the database.)
"""

from datetime import UTC, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    # "Everything that happened to household 42": the admin's search and a data-subject export.
    __table_args__ = (
        Index("ix_audit_event_object", "object_type", "object_id"),
        # "Has this worker seen this route today?" (app/field/views.py): one worker's events of
        # one kind since a moment, without reading through their whole season of visits.
        Index("ix_audit_event_user_action_at", "user_id", "action", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    # Identifiers and field names only; services never put free text from a form in here.
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class AuditTrailIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit event through the ORM."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_audit_events(session, _flush_context, _instances):
    changed = [obj for obj in session.dirty if isinstance(obj, AuditEvent)]
    changed = [obj for obj in changed if session.is_modified(obj)]
    deleted = [obj for obj in session.deleted if isinstance(obj, AuditEvent)]
    if changed or deleted:
        raise AuditTrailIsAppendOnly("audit events are never changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes_to_audit_events(state):
    if (state.is_update or state.is_delete) and any(
        mapper.class_ is AuditEvent for mapper in state.all_mappers
    ):
        raise AuditTrailIsAppendOnly("audit events are never changed or deleted")
