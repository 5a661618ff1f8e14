"""Replay: a public page that Flask rendered for a request is answered again, as is, to the
same request — without Flask, the session, the locale selection or the compression running again.

When a flyer run sends a street to the same page, nearly every request is the same one:
`/aanbod?wijk=7` from a phone nobody signed in on. The `@cacheable` views (app/delivery/
http_cache.py) mark such an answer as replayable; this WSGI middleware keeps its exact bytes
(status, headers, compressed body) in the process under everything that can change it:

- the path and query string;
- the headers the page depends on: Accept-Language and Accept-Encoding as sent, and the
  language cookie (a request with any other cookie that the app reads — a session, a remember-me
  cookie — is not replayed: it may belong to a signed-in person);
- the data: each entry remembers the version of the data it shows (the same cheap version query
  the ETag uses), the page cache's generation and the day.

A committed change to a public table empties this process's entries at once (the same session
event that starts a new page-cache generation). Other processes notice within
`PUBLIC_RECHECK_SECONDS`: an entry older than that is checked against the data version again
before it is served, and dropped when the data moved on. So a family never sees an offer more than
that long out of date, and the version query runs at most once per page per interval per process,
instead of on every request.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from werkzeug.http import parse_cookie, parse_etags

from app.i18n import LANG_COOKIE

MARK = "stoepbezoek.replay"  # set in the WSGI environ by @cacheable: (version function, value)
REPLAY_HEADER = ("X-Cache", "replay")


@dataclass
class Entry:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    version: object
    version_of: object  # the function that gives the current version (needs an app context)
    generation: object
    day: date
    checked_at: float = field(default_factory=time.monotonic)


class Replay:
    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.lock = threading.Lock()
        config = app.config
        self.max_entries = config["REPLAY_MAX_ENTRIES"]
        self.recheck = config["PUBLIC_RECHECK_SECONDS"]
        self.private_cookies = (
            config["SESSION_COOKIE_NAME"],
            config.get("REMEMBER_COOKIE_NAME", "remember_token"),
        )
        self.lang_cookie = LANG_COOKIE

    # --- the key -------------------------------------------------------------------------
    def key(self, environ) -> tuple | None:
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        lang = None
        raw_cookie = environ.get("HTTP_COOKIE")
        if raw_cookie:
            cookies = parse_cookie(raw_cookie)
            if any(name in cookies for name in self.private_cookies):
                return None
            lang = cookies.get(self.lang_cookie)
        return (
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            lang,
            environ.get("HTTP_ACCEPT_LANGUAGE", ""),
            environ.get("HTTP_ACCEPT_ENCODING", ""),
            environ.get("HTTP_HOST", ""),
            environ.get("wsgi.url_scheme", ""),
            # Read by ProxyFix (app/security/sessions.py) further in: HTTPS changes the headers.
            environ.get("HTTP_X_FORWARDED_PROTO", ""),
            environ.get("HTTP_X_FORWARDED_HOST", ""),
        )

    # --- WSGI ----------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        key = self.key(environ)
        if key is not None:
            entry = self.fresh_entry(key)
            if entry is not None:
                return self.answer(entry, environ, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        app_iter = self.wsgi_app(environ, capture)
        mark = environ.get(MARK)
        if key is None or mark is None or not self.storable(captured):
            return app_iter
        try:
            body = b"".join(app_iter)
        finally:
            if hasattr(app_iter, "close"):
                app_iter.close()
        version_of, version, generation = mark
        headers = list(captured["headers"])
        etag = next((v for k, v in headers if k.lower() == "etag"), None)
        self.store(
            key,
            Entry(
                captured["status"],
                headers,
                body,
                etag,
                version,
                version_of,
                generation,
                date.today(),
            ),
        )
        return [body]

    def storable(self, captured) -> bool:
        if not captured.get("status", "").startswith("200"):
            return False
        for name, value in captured["headers"]:
            # The language cookie follows from the request (?lang= against the cookie sent), so
            # it is part of the same answer; any other cookie is someone's own.
            if name.lower() == "set-cookie" and not value.startswith(self.lang_cookie + "="):
                return False
        return True

    def answer(self, entry: Entry, environ, start_response):
        headers = [*entry.headers, REPLAY_HEADER]
        if entry.etag and parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(
            entry.etag.removeprefix("W/").strip('"')
        ):
            kept = [
                (k, v)
                for k, v in headers
                if k.lower() not in ("content-length", "content-encoding", "content-type")
            ]
            start_response("304 NOT MODIFIED", kept)
            return [b""]
        start_response(entry.status, headers)
        return [entry.body]

    # --- the entries ---------------------------------------------------------------------
    def store(self, key: tuple, entry: Entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def fresh_entry(self, key: tuple) -> Entry | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry.day != date.today():
            self.drop(key)
            return None
        if time.monotonic() - entry.checked_at >= self.recheck:
            if not self.still_current(entry):
                self.drop(key)
                return None
            entry.checked_at = time.monotonic()
        return entry

    def still_current(self, entry: Entry) -> bool:
        from app.delivery.http_cache import current_generation

        with self.app.app_context():
            return entry.version_of() == entry.version and current_generation() == entry.generation

    def drop(self, key: tuple) -> None:
        with self.lock:
            self.entries.pop(key, None)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def init_app(app) -> None:
    if app.config["PUBLIC_RECHECK_SECONDS"] <= 0:
        return
    replay = Replay(app, app.wsgi_app)
    app.wsgi_app = replay
    app.extensions["replay"] = replay
    app.extensions.setdefault("public_memories", []).append(replay)
