"""The admin's page about retention: the period, the cutoff, and what a purge would do now."""

from flask import current_app, render_template

from app.permissions import can_view_retention, permission_required
from app.retention.services import purge


@permission_required(can_view_retention)
def show_retention():
    # A dry run: counts only, nothing changes (purge() does not commit or write on a dry run).
    preview = purge(dry_run=True)
    return render_template(
        "retention/show.html", months=current_app.config["RETENTION_MONTHS"], preview=preview
    )
