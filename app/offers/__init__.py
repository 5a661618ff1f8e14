"""The summer offer, staff side: activities, calls for offer, moderation, imports, exports, tips.

The call links (`/oproep/<token>`) live here too: they are how providers without an account reach
the same forms. The public site is `app.public`; the open-data API is `app.api.offers`.
"""

from flask import Blueprint

bp = Blueprint("offers", __name__)

from app.offers import call_views, import_views, tip_views, views  # noqa: E402,F401
