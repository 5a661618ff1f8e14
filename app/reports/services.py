"""What the reports write: only the audit trail of each export (who took which data, when)."""

from app.audit.services import record
from app.extensions import db


def record_export(kind: str, fmt: str, *, rows: int, **ids) -> None:
    record("export", object_type="report", object_id=kind, format=fmt, rows=rows, **ids)
    db.session.commit()
