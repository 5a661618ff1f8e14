"""The short-link blueprint (public): the rule for the address a printed QR code holds, leading to
app/flyers/public.py. Apart from the staff blueprint so that its endpoint is shortlinks.follow."""

from flask import Blueprint

from app.flyers import public

bp = Blueprint("shortlinks", __name__)

bp.add_url_rule("/q/<code>", "follow", public.follow, methods=["GET"])
