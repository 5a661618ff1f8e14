"""The audit trail: who did what to which record, and when — never the content of notes."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/beheer/audit")

from app.audit import views  # noqa: E402,F401
