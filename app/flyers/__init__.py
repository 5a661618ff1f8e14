"""QR flyers: short links that keep working, scan counts, print-ready flyers."""

from flask import Blueprint

bp = Blueprint("flyers", __name__)

from app.flyers import views  # noqa: E402,F401
