"""GET /q/<code>: the address a printed QR code holds (contract §5). Public, and it forgets you.

It answers 302 to the link's current target and adds one to the day's counter. Nothing about
the person is kept: no IP address, no user agent, no cookie (not even the language cookie).
"""

from flask import Blueprint, current_app, g, make_response, redirect, render_template, request

from app import clock
from app.flyers import queries, scan_tally
from app.http import is_safe_local_url

OFFER_PATH = "/aanbod"  # the public offer overview (contract §5)

bp = Blueprint("shortlinks", __name__)
bp.record_once(lambda state: scan_tally.init_app(state.app))


def _private(response):
    # no-store: a cached redirect would be a scan we never count.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/q/<code>")
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
        current_app.extensions["scan_tally"].add(link.id, clock.today())
    return _private(redirect(target, code=302))
