"""The audit blueprint: its URL rules and the views they lead to (app/audit/views.py)."""

from flask import Blueprint

from app.audit import views

bp = Blueprint("audit", __name__, url_prefix="/beheer/audit")

bp.add_url_rule("", "list_events", views.list_events, methods=["GET"])
