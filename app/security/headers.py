"""Security headers on every response: CSP without inline code, no framing, no referrer leaks."""

from flask import request

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
    # HSTS over plain HTTP is ignored by browsers and would be a lie in development.
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.path.startswith("/api/"):
        headers.setdefault("Cache-Control", "no-store")
    return response
