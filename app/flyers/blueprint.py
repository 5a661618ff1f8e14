"""The flyers blueprint (staff): its URL rules and the views they lead to (app/flyers/views.py and,
for the scan statistics, app/flyers/stats_views.py). The public short links (/q/<code>) are a
blueprint of their own: app/flyers/public_blueprint.py."""

from flask import Blueprint

from app.flyers import stats_views, views

bp = Blueprint("flyers", __name__)

bp.add_url_rule("/flyers", "list_short_links", views.list_short_links, methods=["GET"])
bp.add_url_rule(
    "/flyers/nieuw", "create_short_link", views.create_short_link, methods=["GET", "POST"]
)
bp.add_url_rule("/flyers/<code>", "show_short_link", views.show_short_link, methods=["GET"])
bp.add_url_rule(
    "/flyers/<code>/bewerken", "edit_short_link", views.edit_short_link, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/flyers/<code>/status", "toggle_short_link", views.toggle_short_link, methods=["GET", "POST"]
)
bp.add_url_rule("/flyers/<code>.pdf", "flyer_pdf", views.flyer_pdf, methods=["GET"])
bp.add_url_rule("/flyers/<code>/print", "flyer_print", views.flyer_print, methods=["GET"])
bp.add_url_rule("/flyers/bulk", "bulk_pdf", views.bulk_pdf, methods=["GET", "POST"])
bp.add_url_rule("/flyers/toon", "show_qr_index", views.show_qr_index, methods=["GET"])
bp.add_url_rule("/flyers/toon/<code>", "show_qr", views.show_qr, methods=["GET"])
bp.add_url_rule("/flyers/statistiek", "scan_stats", stats_views.scan_stats, methods=["GET"])
bp.add_url_rule(
    "/flyers/statistiek.csv", "scan_stats_csv", stats_views.scan_stats_csv, methods=["GET"]
)
