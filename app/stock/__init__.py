"""Play packages and their stock per partner organisation."""

from flask import Blueprint

bp = Blueprint("stock", __name__, url_prefix="/pakketten")
# The app factory imports the views (BLUEPRINTS lists "app.stock.views"), not this file: other
# features import this package's models, and loading the views with them would import those
# features' models back in a circle.
