"""The worker's phone pages: today's routes, a route's stops, one-tap outcomes, the contact form."""

from flask import Blueprint

bp = Blueprint("field", __name__)

from app.field import views, walk_sheet  # noqa: E402,F401
