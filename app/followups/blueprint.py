"""The followups blueprint: its URL rules and the views they lead to (app/followups/views.py)."""

from flask import Blueprint

from app.followups import views

bp = Blueprint("followups", __name__, url_prefix="/opvolging")

bp.add_url_rule("", "list_followups", views.list_followups, methods=["GET"])
bp.add_url_rule("/<int:followup_id>", "show_followup", views.show_followup, methods=["GET"])
bp.add_url_rule(
    "/<int:followup_id>/toewijzen", "assign_followup", views.assign_followup, methods=["POST"]
)
bp.add_url_rule(
    "/<int:followup_id>/afronden", "close_followup", views.close_followup, methods=["POST"]
)
bp.add_url_rule(
    "/<int:followup_id>/heropenen", "reopen_followup", views.reopen_followup, methods=["POST"]
)
