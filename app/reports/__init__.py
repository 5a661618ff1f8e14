"""Reports for coordinators: coverage of the summer offer per wijk and week, the map, demand at the
door set against supply (the gaps), the round dashboard, and the exports for the subsidy report."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from app.reports import dashboard_views, export_views, views  # noqa: E402,F401
