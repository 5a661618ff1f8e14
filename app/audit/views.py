"""The admin's read-only view of the audit trail."""

from flask import render_template, request

from app.audit import bp, queries
from app.extensions import db
from app.permissions import can_view_audit, permission_required

PER_PAGE = 50


@bp.get("")
@permission_required(can_view_audit)
def list_events():
    filters = queries.AuditFilter.from_args(request.args)
    page = db.paginate(
        queries.search_statement(filters), per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "audit/list.html",
        page=page,
        emails=queries.emails_of(page.items),
        filters=filters,
        actions=queries.known_actions(),
        object_types=queries.known_object_types(),
    )
