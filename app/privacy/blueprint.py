"""The privacy blueprint: its URL rules and the views they lead to (app/privacy/views.py)."""

from flask import Blueprint

from app.privacy import views

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

bp.add_url_rule("/huishoudens", "find_household", views.find_household, methods=["GET"])
bp.add_url_rule(
    "/huishoudens/<int:household_id>", "show_household", views.show_household, methods=["GET"]
)
bp.add_url_rule(
    "/huishoudens/<int:household_id>.json",
    "export_household",
    views.export_household,
    methods=["GET"],
)
bp.add_url_rule(
    "/huishoudens/<int:household_id>/wissen",
    "erase_household",
    views.erase_household,
    methods=["GET", "POST"],
)
