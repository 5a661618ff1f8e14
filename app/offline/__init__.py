"""The offline field client's server side: manifest, service worker, offline page, page config."""

from flask import Blueprint

bp = Blueprint("offline", __name__)

from app.offline import client, views  # noqa: E402,F401
