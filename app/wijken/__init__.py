"""Ghent's 25 wijken: reference data loaded from app/data/ghent/."""

from flask import Blueprint

bp = Blueprint("wijken", __name__)

from app.wijken import views  # noqa: E402,F401
