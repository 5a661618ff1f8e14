"""The API blueprint (/api/v1): its URL rules and the endpoints they lead to, one module of
endpoints per feature (app/api/field.py, flyers.py, offers.py, openapi.py, reports.py)."""

from flask import Blueprint

from app.api import field, flyers, offers, openapi, reports
from app.extensions import limiter
from app.security.limits import API_LIMIT, user_or_ip_key

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# One generous limit per signed-in user (or client address) over the whole API; 429 is JSON.
limiter.limit(API_LIMIT, key_func=user_or_ip_key)(bp)

bp.add_url_rule("/meta", "meta", field.meta, methods=["GET"])
bp.add_url_rule("/routes", "routes", field.routes, methods=["GET"])
bp.add_url_rule("/visits", "visits", field.visits, methods=["POST"])
bp.add_url_rule("/flyers", "list_flyers", flyers.list_flyers, methods=["GET"])
bp.add_url_rule("/activities", "list_activities", offers.list_activities, methods=["GET"])
bp.add_url_rule("/openapi.json", "openapi_json", openapi.openapi_json, methods=["GET"])
bp.add_url_rule("/coverage", "coverage", reports.coverage, methods=["GET"])
