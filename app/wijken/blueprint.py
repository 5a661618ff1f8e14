"""The wijken blueprint: its URL rules and the views they lead to (app/wijken/views.py)."""

from flask import Blueprint

from app.wijken import views

bp = Blueprint("wijken", __name__)

bp.add_url_rule("/wijken", "list_wijken", views.list_wijken, methods=["GET"])
