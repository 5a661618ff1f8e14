"""The public blueprint: its URL rules and the views they lead to (app/public/views.py)."""

from flask import Blueprint

from app.public import views, wording

bp = Blueprint("public", __name__)
bp.record_once(wording.register)
bp.context_processor(views.category_names)
bp.context_processor(views.activity_dates)

bp.add_url_rule("/aanbod", "offer", views.offer, methods=["GET"])
bp.add_url_rule("/aanbod/<int:activity_id>", "activity", views.activity, methods=["GET"])
bp.add_url_rule(
    "/aanbod/<int:activity_id>.ics", "activity_ics", views.activity_ics, methods=["GET"]
)
bp.add_url_rule("/tips", "tips", views.tips, methods=["GET"])
bp.add_url_rule("/taal/<code>", "choose_language", views.choose_language, methods=["GET"])
