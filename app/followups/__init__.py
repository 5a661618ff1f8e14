"""Follow-ups promised at the door: call back, help with registration, referral."""

from flask import Blueprint

bp = Blueprint("followups", __name__, url_prefix="/opvolging")
# The app factory imports the views (BLUEPRINTS lists "app.followups.views"), not this file: other
# features import this package's models, and loading the views with them would import those
# features' models back in a circle.
