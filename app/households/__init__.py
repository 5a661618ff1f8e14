"""Households: the addresses the partners visit, with the least data that serves the family."""

from flask import Blueprint

bp = Blueprint("households", __name__, url_prefix="/huishoudens")
# The app factory imports the views (BLUEPRINTS lists "app.households.views"), not this file: other
# features import this package's models, and loading the views with them would import those
# features' models back in a circle.
