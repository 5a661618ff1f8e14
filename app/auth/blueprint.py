"""The auth blueprint: its URL rules and the views they lead to (app/auth/views.py)."""

from flask import Blueprint

from app.auth import views

bp = Blueprint("auth", __name__)

bp.add_url_rule("/login", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])
bp.add_url_rule(
    "/account/wachtwoord", "change_password", views.change_password, methods=["GET", "POST"]
)
