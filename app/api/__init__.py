"""The JSON API under /api/v1 (contract §6): one blueprint, one module of endpoints per feature."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import offers, openapi  # noqa: E402,F401
