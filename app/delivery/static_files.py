"""Fingerprinted static URLs: `url_for('static', filename=...)` adds `?v=<content hash>`.

Every template (and anything else that builds static URLs with url_for) gets the fingerprint
without changing a line; a request that carries it is cached for a year as immutable, because a
changed file gets a new hash and so a new URL. Plain URLs keep Flask's revalidation.
"""

import hashlib
import os

from flask import Flask, request

IMMUTABLE = "public, max-age=31536000, immutable"


def init_app(app: Flask) -> None:
    hashes: dict[str, tuple[float, str]] = {}

    def fingerprint(filename: str) -> str | None:
        path = os.path.join(app.static_folder, filename)
        try:
            mtime = os.stat(path).st_mtime
        except (OSError, ValueError):
            return None
        cached = hashes.get(filename)
        if cached and (cached[0] == mtime or not app.debug):
            return cached[1]
        with open(path, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()[:12]
        hashes[filename] = (mtime, digest)
        return digest

    @app.url_defaults
    def add_fingerprint(endpoint, values):
        if endpoint == "static" and "v" not in values and values.get("filename"):
            digest = fingerprint(values["filename"])
            if digest:
                values["v"] = digest

    compressible = set(app.config.get("COMPRESS_MIMETYPES", ()))

    @app.after_request
    def cache_fingerprinted(response):
        if request.endpoint != "static":
            return response
        if request.args.get("v") and response.status_code < 400:
            response.headers["Cache-Control"] = IMMUTABLE
            response.headers.pop("Expires", None)
        # A file response is a stream, which Flask-Compress only compresses with the streaming
        # algorithms (no gzip); CSS and scripts are small and shrink to a fifth, so read them
        # into the response and let it compress them whole (its hook runs after this one).
        if response.status_code == 200 and response.mimetype in compressible:
            response.direct_passthrough = False
            response.set_data(response.get_data())
        return response

    app.extensions["static_fingerprint"] = fingerprint
