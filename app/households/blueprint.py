"""The households blueprint: its URL rules and the views they lead to (app/households/views.py
and, for the import, app/households/import_views.py)."""

from flask import Blueprint

from app.households import import_views, views

bp = Blueprint("households", __name__, url_prefix="/huishoudens")

bp.add_url_rule("", "list_households", views.list_households, methods=["GET"])
bp.add_url_rule("/nieuw", "create_household", views.create_household, methods=["GET", "POST"])
bp.add_url_rule(
    "/<int:household_id>/bewerken", "edit_household", views.edit_household, methods=["GET", "POST"]
)
bp.add_url_rule("/<int:household_id>", "show_household", views.show_household, methods=["GET"])
bp.add_url_rule(
    "/<int:household_id>/samenvoegen", "choose_merge", views.choose_merge, methods=["GET"]
)
bp.add_url_rule(
    "/<int:household_id>/samenvoegen/<int:other_id>",
    "merge_households",
    views.merge_households,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/import/sjabloon.<any(csv, xlsx):kind>",
    "import_template",
    import_views.import_template,
    methods=["GET"],
)
bp.add_url_rule("/import", "upload_import", import_views.upload_import, methods=["GET", "POST"])
bp.add_url_rule(
    "/import/<token>", "preview_import", import_views.preview_import, methods=["GET", "POST"]
)
