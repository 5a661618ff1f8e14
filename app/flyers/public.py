"""GET /q/<code>: the address a printed QR code holds (contract §5). Public, and it forgets you.

It answers 302 to the link's current target and adds one to the day's counter (one upsert, in
the database before the answer leaves). Nothing about the person is kept: no IP address, no user
agent, no cookie (not even the language cookie). Its URL rule is in
app/flyers/public_blueprint.py.
"""

from flask import g, make_response, redirect, render_template, request

from app.flyers import queries, services
from app.http import is_safe_local_url

OFFER_PATH = "/aanbod"  # the public offer overview (contract §5)


def _private(response):
    # no-store: neither a browser nor the web front (deploy/nginx.conf) may keep the redirect,
    # or the next scan would never reach us to be counted.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def follow(code: str):
    g.set_no_cookies = True  # read by app.i18n.remember_language
    # Codes are lowercase; people type them from paper in capitals too.
    link = queries.link_target(code.strip().lower()[:16])
    if link is None or not link.active:
        return _private(make_response(render_template("flyers/unknown_code.html"), 404))
    # Checked again on the way out: a target edited in the database by hand must not make us
    # an open redirect either.
    target = link.target if is_safe_local_url(link.target) else OFFER_PATH
    # A HEAD is a link preview (a chat app unfurling the address), not a person scanning.
    if request.method != "HEAD":
        services.count_scan(link.id)
    return _private(redirect(target, code=302))
