"""The JSON API under /api/v1 (contract §6): one blueprint, one module of endpoints per feature."""

from flask import Blueprint

from app.extensions import limiter
from app.security.limits import API_LIMIT, user_or_ip_key

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# One generous limit per signed-in user (or client address) over the whole API; 429 is JSON.
limiter.limit(API_LIMIT, key_func=user_or_ip_key)(bp)

from app.api import field, flyers, offers, openapi, reports  # noqa: E402,F401
