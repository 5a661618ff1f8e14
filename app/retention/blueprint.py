"""The retention blueprint: its URL rules and the views they lead to (app/retention/views.py)."""

from flask import Blueprint

from app.retention import views

bp = Blueprint("retention", __name__, url_prefix="/beheer")

bp.add_url_rule("/bewaartermijn", "show_retention", views.show_retention, methods=["GET"])
