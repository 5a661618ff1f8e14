"""Pages about the wijken for staff."""

from flask import render_template

from app.permissions import can_view_wijken, permission_required
from app.wijken.queries import all_wijken


@permission_required(can_view_wijken)
def list_wijken():
    return render_template("wijken/list.html", wijken=all_wijken())
