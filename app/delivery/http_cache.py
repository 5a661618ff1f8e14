"""HTTP caching: the families' pages and the open data may be shared; everything else, never.

A `@public` view's answer is the same for every anonymous visitor who asks for the same address
in the same language, so browsers and the web front (deploy/nginx.conf) may keep it a minute and
serve it a little longer while they fetch a new one. Its ETag is made from the body it sends
(Werkzeug's conditional responses), so a browser that already holds it gets a 304, and any
change, made by whichever process, gives a new one: there is no version to compute and none to
forget. Vary names what picks the answer: the language (Accept-Language, the `lang` cookie; the
`?lang=` is in the address) and the Cookie header as a whole, since a session cookie means
someone signed in; the compression adds Accept-Encoding.

Whatever is behind a sign-in, and any answer not marked `@public`, is `private, no-store`.
"""

from functools import wraps

from flask import Flask, make_response, request, session
from flask_login import current_user

PUBLIC = "public, max-age=60, stale-while-revalidate=300"
NO_STORE = "private, no-store"
VARY = ("Accept-Language", "Cookie")


def public(view):
    """Mark a view's successful answers as shared: the same for every anonymous visitor."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        # A flashed message is for one visitor only (and the page takes it out of the session
        # while it renders, so look before); someone signed in may see more than a family.
        personal = bool(session.get("_flashes"))
        response = make_response(view(*args, **kwargs))
        if personal or current_user.is_authenticated:
            response.headers["Cache-Control"] = NO_STORE
            return response
        if response.status_code != 200 or response.is_streamed:
            return response  # errors keep the default: no-store
        response.headers["Cache-Control"] = PUBLIC
        response.vary.update(VARY)
        response.add_etag()
        # A 304 for a browser that holds this very body; Flask-Compress does the same for the
        # compressed body, whose ETag it marks with the encoding.
        return response.make_conditional(request)

    return wrapper


def init_app(app: Flask) -> None:
    @app.after_request
    def default_no_store(response):
        # Static files set their own (app/delivery/static_files.py); the API's answers are
        # no-store unless a view says otherwise (app/security/headers.py).
        if request.endpoint == "static" or request.path.startswith("/api/"):
            return response
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = NO_STORE
        return response
