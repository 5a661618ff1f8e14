"""The language of a page: user preference, ?lang= (kept in a cookie), the browser."""

from flask import current_app, g, request
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


def page_languages() -> list[str]:
    """Public pages offer more languages than the staff pages."""
    if request.blueprint in current_app.config.get("PUBLIC_BLUEPRINTS", ()):
        return current_app.config["PUBLIC_LANGUAGES"]
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    languages = page_languages()
    preferred = getattr(current_user, "preferred_language", None)
    if preferred in languages:
        return preferred
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
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
