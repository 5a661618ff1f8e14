"""The home blueprint: its URL rules and the views they lead to (app/home/views.py)."""

from flask import Blueprint

from app.home import views

bp = Blueprint("home", __name__)

bp.add_url_rule("/", "index", views.index, methods=["GET"])
bp.add_url_rule("/beheer", "admin", views.admin, methods=["GET"])
bp.add_url_rule("/coordinatie", "coordinator", views.coordinator, methods=["GET"])
