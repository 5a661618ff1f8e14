"""HTTP caching: validators for the public pages, and no-store for everything else.

Public pages (`@cacheable(version)`) answer with a weak ETag built from a cheap version of their
data (one query), the page's language, the query string and the day, and answer 304 without
rendering when the browser already holds that version. They hold nothing of the visitor's own (no
CSRF token, no session cookie: the families' pages have no form that posts), so they are `public`.
Everything else — above all whatever is behind a sign-in — is `private, no-store`.

The rendered body is kept in the shared cache under the same key, so the hundredth family sent to
a wijk's offer by the same flyer gets it without the page being rendered again; and the finished
answer is marked for app/delivery/replay.py, which answers the same request again without Flask.
Pages with flashed messages are neither stored nor served from either cache.
"""

import hashlib
import os
from datetime import date
from functools import wraps

from flask import Flask, current_app, has_app_context, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.delivery.replay import MARK as REPLAY_MARK
from app.extensions import cache

NO_STORE = "private, no-store"
MAX_AGE = 60  # a minute: a newly published activity shows up quickly enough
VARY = "Accept-Language, Cookie"
GENERATION = "generation"
# Tables the public pages show: a committed change to any of them starts a new generation, so no
# page rendered before it is served again (the version queries alone see only whole seconds).
PUBLIC_TABLES = {"activity", "activity_category", "activity_week", "tip", "wijk", "short_link"}


def _etag(kind: str, version) -> str:
    raw = "|".join(
        [
            kind,
            repr(version),
            str(get_locale()),
            request.query_string.decode("latin-1"),
            str(current_generation()),
            date.today().isoformat(),
            current_app.extensions.get("deploy_id", ""),
        ]
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def current_generation():
    return cache.get(GENERATION) or 0


def cacheable(version, *, kind: str = "html"):
    """Decorate a public view; `version()` returns what changes when its data changes."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if current_user.is_authenticated:  # staff see the page fresh, never cached
                return view(*args, **kwargs)
            if session.get("_flashes"):  # a message for this visitor only: render, keep nothing
                response = make_response(view(*args, **kwargs))
                response.headers["Cache-Control"] = NO_STORE
                return response
            value = version()
            generation = current_generation()
            etag = _etag(f"{request.endpoint}:{kind}", value)
            if request.if_none_match.contains_weak(etag):
                response = current_app.response_class(status=304)
            else:
                response = _cached_response(etag, kind) or make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
                _store(etag, response)
                request.environ[REPLAY_MARK] = (version, value, generation)
            response.set_etag(etag, weak=True)
            modified = getattr(value, "last_modified", None)
            if modified:
                response.last_modified = modified
            response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
            response.vary.update(v.strip() for v in VARY.split(","))
            return response

        return wrapper

    return decorate


def _cached_response(etag: str, kind: str):
    body = cache.get(etag)
    if body is None:
        return None
    mimetype = "application/json" if kind == "json" else "text/html"
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["X-Cache"] = "hit"
    return response


def _store(etag: str, response) -> None:
    if response.headers.get("X-Cache") or response.is_streamed:
        return
    cache.set(etag, response.get_data())


def _deploy_id(app: Flask) -> str:
    """Changes when the code or templates change, so a deploy invalidates every ETag."""
    digest = hashlib.sha256()
    root = app.root_path
    for folder in (root, app.template_folder):
        for dirpath, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                if name.endswith((".py", ".html", ".mo")):
                    stat = os.stat(f"{dirpath}/{name}")
                    digest.update(f"{dirpath}/{name}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:12]


@event.listens_for(Session, "before_flush")
def _note_public_changes(session, _context, _instances):
    for obj in (*session.new, *session.dirty, *session.deleted):
        if getattr(obj, "__tablename__", None) in PUBLIC_TABLES:
            session.info["public_changed"] = True
            return


@event.listens_for(Session, "after_commit")
def _new_generation(session):
    if session.info.pop("public_changed", False) and has_app_context():
        cache.set(GENERATION, os.urandom(6).hex(), timeout=0)
        for memory in current_app.extensions.get("public_memories", ()):
            memory.clear()


def init_app(app: Flask) -> None:
    app.extensions["deploy_id"] = _deploy_id(app)

    @app.after_request
    def default_no_store(response):
        # The API decides for itself (app/security/headers.py: no-store unless a view says so).
        if request.endpoint == "static" or request.path.startswith("/api/"):
            return response
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = NO_STORE
        return response
