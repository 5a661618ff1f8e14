"""Retention: households past the retention period are anonymised (`flask purge`)."""

from flask import Blueprint

bp = Blueprint("retention", __name__, url_prefix="/beheer")

from app.retention import views  # noqa: E402,F401
