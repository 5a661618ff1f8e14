"""Session cookies that are Secure whenever the app is served over HTTPS, and the proxy fix.

`SESSION_COOKIE_SECURE` is set from an `https://` PUBLIC_BASE_URL (app/config.py); without one,
a request that arrived over HTTPS (directly, or behind a proxy trusted through ProxyFix) still
gets a Secure cookie, so a deployment cannot forget it.
"""

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        if app.config["SESSION_COOKIE_SECURE"]:
            return True
        return has_request_context() and request.is_secure


def apply_proxy_fix(app: Flask) -> None:
    """Trust X-Forwarded-For / -Proto from that many proxies; off unless configured."""
    x_for = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    x_proto = int(app.config.get("PROXY_FIX_X_PROTO") or 0)
    if x_for or x_proto:
        # Flask's documented way to add WSGI middleware; mypy sees wsgi_app as a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=x_for, x_proto=x_proto
        )
