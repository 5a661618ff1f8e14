"""The public kids' site (contract §5): the offer per week, one activity, tips. No sign-in."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import views, wording  # noqa: E402,F401

bp.record_once(wording.register)
