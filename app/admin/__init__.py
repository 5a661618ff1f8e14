"""Administration: users and organisations."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/beheer")

from app.admin import views  # noqa: E402,F401
