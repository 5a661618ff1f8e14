"""Security headers on every response: CSP without inline code, no framing, no referrer leaks."""

from flask import current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The field client may locate the worker on the map; nothing here needs a camera or microphone.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"
HSTS = "max-age=31536000; includeSubDomains"
# A QR short link is opened by a family; the page it sends them to must not learn the code.
NO_REFERRER_PREFIXES = ("/q/",)


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    no_referrer = request.path.startswith(NO_REFERRER_PREFIXES)
    headers["Referrer-Policy"] = "no-referrer" if no_referrer else "same-origin"
    if _served_over_https():
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.path.startswith("/api/"):
        headers.setdefault("Cache-Control", "no-store")
    return response


def _served_over_https() -> bool:
    """An https PUBLIC_BASE_URL says the site is only served over TLS, whatever this hop was.

    Behind a TLS proxy the app sees plain HTTP unless PROXY_FIX_X_PROTO is set; HSTS must not
    depend on that setting. Without an https base URL only a request that arrived over HTTPS
    gets it: HSTS for http://localhost would be a lie in development.
    """
    base = current_app.config.get("PUBLIC_BASE_URL") or ""
    return base.startswith("https://") or request.is_secure
