"""The admin's read-only view of the audit trail."""

from flask import render_template, request

from app.audit import queries
from app.lists import page_of
from app.permissions import can_view_audit, permission_required

EVENTS_PER_PAGE = 50


@permission_required(can_view_audit)
def list_events():
    filters = queries.AuditFilter.from_args(request.args)
    page = page_of(queries.search_statement(filters), per_page=EVENTS_PER_PAGE)
    return render_template(
        "audit/list.html",
        page=page,
        emails=queries.emails_of(page.items),
        filters=filters,
        actions=queries.known_actions(),
        object_types=queries.known_object_types(),
    )
