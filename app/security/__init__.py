"""Protections that apply to the whole app: headers, cookies, proxies, rate limits, lockout."""

from flask import Flask
from werkzeug.routing import IntegerConverter

from app.database import MAX_ID


class RecordIdConverter(IntegerConverter):
    """<int:…> in a URL is at most a record id (app.database.MAX_ID): a larger one is a 404,
    not a number PostgreSQL refuses in the query (a 500)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    from app.security import formdata
    from app.security.headers import add_security_headers
    from app.security.sessions import HttpsAwareSessionInterface, apply_proxy_fix

    formdata.install()
    app.url_map.converters["int"] = RecordIdConverter
    apply_proxy_fix(app)
    app.session_interface = HttpsAwareSessionInterface()
    app.after_request(add_security_headers)
