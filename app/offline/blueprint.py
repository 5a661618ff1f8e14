"""The offline blueprint (the offline field client's server side): its URL rules and the views
they lead to (app/offline/views.py), and the page config every page gets (app/offline/client.py)."""

from flask import Blueprint

from app.offline import client, views

bp = Blueprint("offline", __name__)

bp.app_context_processor(client.inject_field_client)

bp.add_url_rule("/manifest.webmanifest", "manifest", views.manifest, methods=["GET"])
bp.add_url_rule("/sw.js", "service_worker", views.service_worker, methods=["GET"])
bp.add_url_rule("/offline", "offline_page", views.offline_page, methods=["GET"])
bp.add_url_rule("/afgemeld", "signed_out_page", views.signed_out_page, methods=["GET"])
