"""Doorstep visits: what happened at the door."""

from flask import Blueprint

bp = Blueprint("visits", __name__, url_prefix="/bezoeken")
# The app factory imports the views (BLUEPRINTS lists "app.visits.views"), not this file: nearly
# every feature imports this package's models, and the views import those features back.
