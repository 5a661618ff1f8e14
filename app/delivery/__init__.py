"""How responses travel: compression, fingerprinted static files, HTTP caching of public pages.

A family opens the offer on a cheap phone over a weak signal, often from a flyer that sent a
whole street to the same page: every byte and every round trip saved counts there.
"""

from flask import Flask

from app.extensions import compress


def init_app(app: Flask) -> None:
    from app.delivery import http_cache, static_files

    compress.init_app(app)
    static_files.init_app(app)
    http_cache.init_app(app)
