"""The visits blueprint (visits to check: unplaced visits, times corrected for a phone's clock):
its URL rules and the views they lead to (app/visits/views.py)."""

from flask import Blueprint

from app.visits import views

bp = Blueprint("visits", __name__, url_prefix="/bezoeken")

bp.add_url_rule("/niet-geplaatst", "list_unplaced", views.list_unplaced, methods=["GET"])
bp.add_url_rule("/niet-geplaatst/<visit_id>/koppelen", "attach", views.attach, methods=["POST"])
bp.add_url_rule(
    "/niet-geplaatst/<visit_id>/weggooien", "discard", views.discard, methods=["GET", "POST"]
)
