"""Small helpers about the request: does the client want JSON, is a URL safe to go to, the
absolute address of a page, and the answer to a change that worked."""

from urllib.parse import urlsplit

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response


def wants_json() -> bool:
    """API paths, and clients that ask for JSON rather than HTML, get JSON answers."""
    if request.path.startswith("/api/"):
        return True
    return request.accept_mimetypes.best == "application/json"


def is_safe_local_url(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def public_url(endpoint: str, **values) -> str:
    """The address of a page for use outside the app (open data, calendar files, QR codes, links
    to send on): PUBLIC_BASE_URL and the path, never the Host a request came with."""
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)


def public_host() -> str:
    """PUBLIC_BASE_URL's host (and port), e.g. for calendar UIDs and printed short addresses."""
    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).netloc


def json_error(status: int, code: str, message: str, **extra):
    response = jsonify({"error": {"code": code, "message": str(message), **extra}})
    response.status_code = status
    return response


def render_form(template: str, *, form, **context):
    """Render a form page; a rejected POST answers 422 and keeps what was typed."""
    status = 422 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


def flash_and_redirect(message: str, endpoint: str, **values) -> Response:
    """After a change that worked: say so on the next page, and go there."""
    flash(message, "success")
    return redirect(url_for(endpoint, **values))
