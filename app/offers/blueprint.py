"""The offers blueprint: its URL rules and the views they lead to, one module of views per part
(app/offers/call_views.py, import_views.py, tip_views.py, views.py). The rate limits on the call
links stay on their views in call_views.py."""

from flask import Blueprint

from app.offers import call_views, import_views, tip_views, views

bp = Blueprint("offers", __name__)

bp.add_url_rule("/beheer-aanbod/oproepen", "list_calls", call_views.list_calls, methods=["GET"])
bp.add_url_rule(
    "/beheer-aanbod/oproepen/<int:call_id>",
    "edit_call",
    call_views.edit_call,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/beheer-aanbod/oproepen/nieuw", "edit_call", call_views.edit_call, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/beheer-aanbod/oproepen/<int:call_id>/versturen",
    "send_call",
    call_views.send_call,
    methods=["POST"],
)
bp.add_url_rule("/oproep/<token>", "call_submit", call_views.call_submit, methods=["GET", "POST"])
bp.add_url_rule("/oproep/<token>/bedankt", "call_thanks", call_views.call_thanks, methods=["GET"])
bp.add_url_rule(
    "/oproep/<token>/activiteit/<int:activity_id>/<edit_token>",
    "call_edit",
    call_views.call_edit,
    methods=["GET", "POST"],
)
bp.add_url_rule("/beheer-aanbod/import", "import_page", import_views.import_page, methods=["GET"])
bp.add_url_rule(
    "/beheer-aanbod/sjabloon.<any(csv, xlsx):fmt>",
    "spreadsheet_template",
    import_views.spreadsheet_template,
    methods=["GET"],
)
bp.add_url_rule(
    "/beheer-aanbod/export.<any(csv, xlsx):fmt>",
    "export_activities",
    import_views.export_activities,
    methods=["GET"],
)
bp.add_url_rule(
    "/beheer-aanbod/import/spreadsheet",
    "spreadsheet_preview",
    import_views.spreadsheet_preview,
    methods=["POST"],
)
bp.add_url_rule(
    "/beheer-aanbod/import/spreadsheet/bevestigen",
    "spreadsheet_import",
    import_views.spreadsheet_import,
    methods=["POST"],
)
bp.add_url_rule(
    "/beheer-aanbod/import/uitdatabank",
    "uitdatabank_import",
    import_views.uitdatabank_import,
    methods=["POST"],
)
bp.add_url_rule("/beheer-aanbod/tips", "list_tips", tip_views.list_tips, methods=["GET"])
bp.add_url_rule(
    "/beheer-aanbod/tips/<int:tip_id>", "edit_tip", tip_views.edit_tip, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/beheer-aanbod/tips/nieuw", "edit_tip", tip_views.edit_tip, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/beheer-aanbod/tips/<int:tip_id>/verwijderen",
    "delete_tip",
    tip_views.delete_tip,
    methods=["GET", "POST"],
)
bp.add_url_rule("/mijn-aanbod", "my_activities", views.my_activities, methods=["GET"])
bp.add_url_rule(
    "/activiteiten/nieuw", "create_activity", views.create_activity, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/activiteiten/<int:activity_id>", "edit_activity", views.edit_activity, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/activiteiten/<int:activity_id>/intrekken",
    "withdraw_activity",
    views.withdraw_activity,
    methods=["GET", "POST"],
)
bp.add_url_rule("/beheer-aanbod", "moderation", views.moderation, methods=["GET"])
bp.add_url_rule(
    "/beheer-aanbod/activiteiten", "list_activities", views.list_activities, methods=["GET"]
)
bp.add_url_rule(
    "/beheer-aanbod/activiteiten/<int:activity_id>",
    "review_activity",
    views.review_activity,
    methods=["GET"],
)
bp.add_url_rule(
    "/beheer-aanbod/activiteiten/<int:activity_id>/publiceren",
    "publish_activity",
    views.publish_activity,
    methods=["POST"],
)
bp.add_url_rule(
    "/beheer-aanbod/activiteiten/<int:activity_id>/afwijzen",
    "reject_activity",
    views.reject_activity,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/beheer-aanbod/activiteiten/<int:activity_id>/wijziging",
    "decide_changes",
    views.decide_changes,
    methods=["POST"],
)
