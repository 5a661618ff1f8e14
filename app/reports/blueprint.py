"""The reports blueprint: its URL rules and the views they lead to (app/reports/views.py for
coverage, the map and the gaps; dashboard_views.py for a round's dashboard; export_views.py for
the subsidy exports)."""

from flask import Blueprint

from app.reports import dashboard_views, export_views, views

bp = Blueprint("reports", __name__)

# Each export comes as CSV or XLSX; the view receives the choice as fmt.
FORMATS = "<any(csv, xlsx):fmt>"

bp.add_url_rule(
    "/rondes/<int:round_id>/dashboard",
    "round_dashboard_page",
    dashboard_views.round_dashboard_page,
    methods=["GET"],
)
bp.add_url_rule("/dekking/exports", "exports_page", export_views.exports_page, methods=["GET"])
bp.add_url_rule(
    f"/dekking/export/bezoeken.{FORMATS}",
    "export_visits",
    export_views.export_visits,
    methods=["GET"],
)
bp.add_url_rule(
    f"/dekking/export/dekking.{FORMATS}",
    "export_coverage",
    export_views.export_coverage,
    methods=["GET"],
)
bp.add_url_rule(
    f"/dekking/export/interesses.{FORMATS}",
    "export_interests",
    export_views.export_interests,
    methods=["GET"],
)
bp.add_url_rule("/dekking", "coverage_matrix", views.coverage_matrix, methods=["GET"])
bp.add_url_rule("/dekking/kaart", "coverage_map", views.coverage_map, methods=["GET"])
bp.add_url_rule("/dekking/wijk/<int:number>", "wijk_details", views.wijk_details, methods=["GET"])
bp.add_url_rule("/dekking/hiaten", "gaps", views.gaps, methods=["GET"])
bp.add_url_rule("/dekking/oproep", "call_from_gaps", views.call_from_gaps, methods=["GET"])
