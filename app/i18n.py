"""The language of a page: ?lang= (kept in a cookie), the browser, Dutch; staff may set theirs.

Families' pages (PUBLIC_BLUEPRINTS, and error pages shown on their addresses) speak
PUBLIC_LANGUAGES; staff pages speak LANGUAGES. On a family's page the family's own choice wins,
even when a signed-in worker's phone shows it: a worker hands the phone over at the door, and the
page must stay in the language the flyer opened it in.
"""

from flask import current_app, g, has_request_context, request
from flask_login import current_user

LANG_COOKIE = "lang"

# Language names as their speakers write them, for the switcher.
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "fr": "Français",
    "tr": "Türkçe",
    "bg": "Български",
    "ar": "العربية",
    "uk": "Українська",
}
RTL_LANGUAGES = {"ar"}


def _public_prefixes(app) -> tuple[str, ...]:
    """The fixed start of every public address (/aanbod, /aanbod/, /tips, /q/), read once."""
    prefixes = app.extensions.get("stoepbezoek_public_prefixes")
    if prefixes is None:
        public = app.config.get("PUBLIC_BLUEPRINTS", ())
        prefixes = tuple(
            sorted(
                {
                    rule.rule.split("<", 1)[0]
                    for rule in app.url_map.iter_rules()
                    if rule.endpoint.split(".", 1)[0] in public
                }
            )
        )
        app.extensions["stoepbezoek_public_prefixes"] = prefixes
    return prefixes


def is_public_page() -> bool:
    """A families' page, or an error shown on a families' address (e.g. /aanbod/999999)."""
    if request.blueprint in current_app.config.get("PUBLIC_BLUEPRINTS", ()):
        return True
    if request.url_rule is not None:
        return False
    path = request.path
    return any(
        path == prefix.rstrip("/") or path.startswith(prefix.rstrip("/") + "/")
        for prefix in _public_prefixes(current_app)
    )


def page_languages() -> list[str]:
    """Public pages offer more languages than the staff pages."""
    if is_public_page():
        return current_app.config["PUBLIC_LANGUAGES"]
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    if not has_request_context():
        # A command (flask geocode, an import) writes the source language: Dutch.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = page_languages()
    chosen = [request.args.get("lang"), request.cookies.get(LANG_COOKIE)]
    preferred = getattr(current_user, "preferred_language", None)
    # Staff pages: the account's setting first. Families' pages: the family's choice first.
    chosen.insert(len(chosen) if is_public_page() else 0, preferred)
    for candidate in chosen:
        if candidate in languages:
            return candidate
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def remember_language(response):
    """Keep a ?lang= choice for the next pages."""
    if g.get("set_no_cookies"):  # e.g. /q/<code>: a scan leaves nothing behind (DOMAIN.md)
        return response
    lang = request.args.get("lang")
    if (
        lang
        and lang in current_app.config["PUBLIC_LANGUAGES"]
        and (request.cookies.get(LANG_COOKIE) != lang)
    ):
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response
