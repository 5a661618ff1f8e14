"""The field blueprint (the worker's phone pages): its URL rules and the views they lead to
(app/field/views.py), and the walk sheet's template global (app/field/walk_sheet.py)."""

from flask import Blueprint

from app.field import views, walk_sheet

bp = Blueprint("field", __name__)

bp.add_app_template_global(walk_sheet.walk_sheet_of)

bp.add_url_rule("/vandaag", "today", views.today, methods=["GET"])
bp.add_url_rule("/routes/<int:route_id>", "show_route", views.show_route, methods=["GET"])
bp.add_url_rule(
    "/routes/<int:route_id>/flyer", "toggle_flyer", views.toggle_flyer, methods=["POST"]
)
bp.add_url_rule("/stops/<int:stop_id>/bezoek", "log_outcome", views.log_outcome, methods=["POST"])
bp.add_url_rule(
    "/routes/<int:route_id>/niet-thuis", "bulk_not_home", views.bulk_not_home, methods=["POST"]
)
bp.add_url_rule("/stops/<int:stop_id>/contact", "contact", views.contact, methods=["GET", "POST"])
bp.add_url_rule("/bezoeken/<visit_id>/ongedaan", "undo", views.undo, methods=["POST"])
bp.add_url_rule("/routes/<int:route_id>/looplijst", "walk_sheet", views.walk_sheet, methods=["GET"])
bp.add_url_rule(
    "/looplijst/pagina.css", "walk_sheet_page_css", views.walk_sheet_page_css, methods=["GET"]
)
bp.add_url_rule(
    "/routes/<int:route_id>/looplijst.pdf", "walk_sheet_pdf", views.walk_sheet_pdf, methods=["GET"]
)
