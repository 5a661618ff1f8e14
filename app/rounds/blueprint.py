"""The rounds blueprint: its URL rules and the views they lead to (app/rounds/views.py)."""

from flask import Blueprint

from app.rounds import views

bp = Blueprint("rounds", __name__)

bp.add_url_rule("/rondes", "list_rounds", views.list_rounds, methods=["GET"])
bp.add_url_rule(
    "/rondes/<int:round_id>/bewerken", "edit_round", views.edit_round, methods=["GET", "POST"]
)
bp.add_url_rule("/rondes/nieuw", "edit_round", views.edit_round, methods=["GET", "POST"])
bp.add_url_rule("/rondes/<int:round_id>", "show_round", views.show_round, methods=["GET"])
bp.add_url_rule(
    "/rondes/<int:round_id>/status/<status>",
    "change_status",
    views.change_status,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/rondes/<int:round_id>/adressen", "add_households", views.add_households, methods=["POST"]
)
bp.add_url_rule(
    "/rondes/<int:round_id>/adressen/zoeken",
    "pick_households",
    views.pick_households,
    methods=["GET"],
)
bp.add_url_rule(
    "/rondes/stops/<int:stop_id>/verwijderen",
    "remove_stop",
    views.remove_stop,
    methods=["GET", "POST"],
)
bp.add_url_rule("/rondes/<int:round_id>/verdelen", "cut_round", views.cut_round, methods=["POST"])
bp.add_url_rule("/rondes/<int:round_id>/routes", "add_route", views.add_route, methods=["POST"])
bp.add_url_rule(
    "/rondes/routes/<int:route_id>", "edit_route", views.edit_route, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/rondes/<int:round_id>/planning", "plan_routes", views.plan_routes, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/rondes/stops/<int:stop_id>/verplaatsen", "move_stop", views.move_stop, methods=["POST"]
)
bp.add_url_rule(
    "/rondes/routes/<int:route_id>/looplijst", "walk_sheet", views.walk_sheet, methods=["GET"]
)
bp.add_url_rule(
    "/rondes/routes/<int:route_id>/looplijst.pdf",
    "walk_sheet_pdf",
    views.walk_sheet_pdf,
    methods=["GET"],
)
