"""Hardening that applies to the whole app: headers, cookies, proxies, rate limits, lockout."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.security import formdata
    from app.security.headers import add_security_headers
    from app.security.sessions import HttpsAwareSessionInterface, apply_proxy_fix

    formdata.install()
    apply_proxy_fix(app)
    app.session_interface = HttpsAwareSessionInterface()
    app.after_request(add_security_headers)
