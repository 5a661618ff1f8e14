"""The installable app's files: the web app manifest, the service worker, the offline page and
the signed-out page.

All are public and hold nothing about the signed-in user, so a cache may keep them.
"""

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import current_app, render_template, url_for
from flask_babel import gettext as _

SW_SOURCE = Path(__file__).resolve().parent / "sw.js"
# The files the field pages need with no network; precached when the service worker installs.
PRECACHE_STATIC = (
    "vendor/modern-normalize/modern-normalize.css",
    "css/app.css",
    "js/field-queue.js",
    "js/field-client.js",
    "vendor/qrcode-generator/qrcode.js",
    "icons/icon-192.png",
)
THEME_COLOUR = "#0b5cad"  # --brand in app/static/css/app.css


@cache
def assets_digest(static_folder: str) -> str:
    """A short hash of the service worker and the precached files.

    It is the worker's version: a deploy that changes any of them changes the bytes of /sw.js,
    so phones install the new worker and it precaches the new files.
    """
    digest = hashlib.sha256(SW_SOURCE.read_bytes())
    for name in PRECACHE_STATIC:
        digest.update((Path(static_folder) / name).read_bytes())
    return digest.hexdigest()[:12]


def sw_version() -> str:
    return current_app.config.get("SW_VERSION") or assets_digest(current_app.static_folder)


def _icon(name: str, size: int, purpose: str) -> dict:
    return {
        "src": url_for("static", filename=f"icons/{name}"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


def manifest():
    body = {
        "name": "Stoepbezoek",
        "short_name": "Stoepbezoek",
        "description": _("Je route van vandaag en je stoepbezoeken, ook zonder netwerk."),
        "lang": "nl",
        "start_url": url_for("field.today"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            _icon("icon-192.png", 192, "any"),
            _icon("icon-512.png", 512, "any"),
            _icon("icon-maskable-512.png", 512, "maskable"),
        ],
    }
    return current_app.response_class(
        json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json"
    )


def service_worker():
    """Served from the root, so its scope covers /vandaag, /routes/ and /stops/."""
    precache = [url_for("static", filename=name) for name in PRECACHE_STATIC]
    precache += [url_for("offline.offline_page"), url_for("offline.signed_out_page")]
    source = (
        SW_SOURCE.read_text(encoding="utf-8")
        .replace("__VERSION__", sw_version())
        .replace("__PRECACHE__", json.dumps(precache))
        .replace("__OFFLINE_URL__", url_for("offline.offline_page"))
        .replace("__SIGNED_OUT_URL__", url_for("offline.signed_out_page"))
        .replace("__LOGOUT_URL__", url_for("auth.logout"))
        .replace("__HOME_URL__", url_for("field.today"))
    )
    response = current_app.response_class(source, mimetype="text/javascript")
    # The browser must ask every time, or a new version waits for the HTTP cache to expire.
    response.headers["Cache-Control"] = "no-cache"
    return response


def offline_page():
    """Shown by the service worker for a page it has not kept; the same for everyone."""
    return render_template("offline/offline.html")


def signed_out_page():
    """Shown after signing out without signal (kept by the service worker, so it opens offline);
    the same for everyone: it names nobody and carries no token."""
    return render_template("offline/signed_out.html")
