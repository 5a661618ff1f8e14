"""Friendly error pages and JSON errors; no stack trace ever reaches a user."""

from flask import current_app, g, render_template
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from app.http import json_error, wants_json
from app.i18n import is_public_page

MESSAGES = {
    400: (_l("Dat lukte niet"), _l("De vraag was niet volledig of niet geldig. Probeer opnieuw.")),
    401: (_l("Meld je aan"), _l("Je moet aangemeld zijn om dit te zien.")),
    403: (_l("Geen toegang"), _l("Je account heeft geen toegang tot deze pagina.")),
    404: (_l("Niet gevonden"), _l("Deze pagina bestaat niet (meer).")),
    405: (_l("Dat lukte niet"), _l("Deze actie kan hier niet.")),
    413: (_l("Bestand te groot"), _l("Het bestand is te groot. Probeer een kleiner bestand.")),
    429: (_l("Even geduld"), _l("Te veel pogingen na elkaar. Wacht even en probeer opnieuw.")),
    500: (_l("Er ging iets mis"), _l("Er ging bij ons iets mis. Probeer het later opnieuw.")),
}
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "validation",
    429: "rate_limited",
    500: "server_error",
}


def _signed_in() -> bool:
    try:
        return bool(current_user.is_authenticated)
    except Exception:  # e.g. the database is down: the error page must still show
        current_app.logger.exception("Could not load the user for an error page")
        return False


def _speak_the_visitors_language() -> bool:
    """An anonymous visitor's error page, on any address, speaks one of the public languages.

    Staff keep their own UI language. The visitor may be a family that followed an old or
    mistyped link, so ?lang=, the lang cookie and the browser's languages choose among all of
    PUBLIC_LANGUAGES (app.i18n), with right-to-left for Arabic. Returns whether the address is a
    staff one (then the page also offers the sign-in).
    """
    if _signed_in():
        return False
    staff_address = not is_public_page()
    g.public_error_page = True
    refresh()  # the locale may have been chosen before, among the staff languages
    return staff_address


def render_error(status: int, message=None, code=None):
    title, default_message = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    message = message or default_message
    if wants_json():
        return json_error(status, code or CODES.get(status, "error"), str(message))
    sign_in_link = _speak_the_visitors_language()
    try:
        page = render_template(
            "errors/error.html",
            status=status,
            title=title,
            message=message,
            sign_in_link=sign_in_link,
        )
    except Exception:  # rendering needs what may have failed (the database): plain words then
        current_app.logger.exception("Could not render the error page")
        page = f"<!doctype html><title>{escape(title)}</title><p>{escape(message)}</p>"
    return page, status


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # A program posting without a session first needs to sign in; a token would not help.
        if wants_json() and not current_user.is_authenticated:
            return render_error(401)
        return render_error(
            400,
            _l("Het formulier was verlopen. Laad de pagina opnieuw en probeer nog eens."),
            code="csrf",
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        if isinstance(error, HTTPException):
            return http_error(error)
        current_app.logger.exception("Unhandled error")
        return render_error(InternalServerError.code)
