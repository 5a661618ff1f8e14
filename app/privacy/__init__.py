"""Data rights: find a household by address, show and export all we store about it, erase it."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

from app.privacy import views  # noqa: E402,F401
