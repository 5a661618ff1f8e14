"""The stock blueprint: its URL rules and the views they lead to (app/stock/views.py)."""

from flask import Blueprint

from app.stock import views

bp = Blueprint("stock", __name__, url_prefix="/pakketten")

bp.add_url_rule("", "show_stock", views.show_stock, methods=["GET"])
bp.add_url_rule("/bewegingen", "list_movements", views.list_movements, methods=["GET"])
bp.add_url_rule("/ontvangen", "record_received", views.record_received, methods=["GET", "POST"])
bp.add_url_rule("/correctie", "record_correction", views.record_correction, methods=["GET", "POST"])
bp.add_url_rule("/overdracht", "record_transfer", views.record_transfer, methods=["GET", "POST"])
bp.add_url_rule("/soorten", "list_package_types", views.list_package_types, methods=["GET"])
bp.add_url_rule(
    "/soorten/<int:package_type_id>",
    "edit_package_type",
    views.edit_package_type,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/soorten/nieuw", "edit_package_type", views.edit_package_type, methods=["GET", "POST"]
)
