"""The admin blueprint: its URL rules and the views they lead to (app/admin/views.py)."""

from flask import Blueprint

from app.admin import views

bp = Blueprint("admin", __name__, url_prefix="/beheer")

bp.add_url_rule("/gebruikers", "list_users", views.list_users, methods=["GET"])
bp.add_url_rule("/gebruikers/nieuw", "create_user", views.create_user, methods=["GET", "POST"])
bp.add_url_rule("/gebruikers/<int:user_id>", "edit_user", views.edit_user, methods=["GET", "POST"])
bp.add_url_rule(
    "/gebruikers/<int:user_id>/actief", "toggle_user", views.toggle_user, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/gebruikers/<int:user_id>/wachtwoord",
    "reset_password",
    views.reset_password,
    methods=["GET", "POST"],
)
bp.add_url_rule("/organisaties", "list_organisations", views.list_organisations, methods=["GET"])
bp.add_url_rule(
    "/organisaties/<int:organisation_id>",
    "edit_organisation",
    views.edit_organisation,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/organisaties/nieuw", "edit_organisation", views.edit_organisation, methods=["GET", "POST"]
)
