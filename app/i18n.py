"""The language of a page: the visitor's own choice, a flyer's language, the phone's, Dutch.

Families' pages (PUBLIC_BLUEPRINTS, and error pages shown on their addresses) speak
PUBLIC_LANGUAGES; staff pages speak LANGUAGES, with the account's setting first.

On a families' page the language is a function of three request inputs only — the query string
(`lang`, `flyer`), the `lang` cookie and Accept-Language — so that a shared cache may keep one
answer per combination (never the session: a worker hands the phone over at the door):

1. `?lang=` — a choice made on the page (the switcher, and the links of a page opened that way);
   it is remembered in the `lang` cookie;
2. the `lang` cookie — that choice, remembered from an earlier visit;
3. `?flyer=` when it is not Dutch — a flyer printed in another language says whom it was for;
4. Accept-Language — the phone's language, when it is one of PUBLIC_LANGUAGES: a Dutch flyer
   handed to an Arabic-speaking family opens in Arabic;
5. Dutch.

Printed QR codes keep the targets they were made with (`/aanbod?wijk=4&lang=nl`): /q/<code>
hands the flyer's language on as `flyer=` (flyer_target), so a flyer never counts as a choice.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import current_app, g, has_request_context, request
from flask_login import current_user

LANG_COOKIE = "lang"
FLYER_ARG = "flyer"  # the language a flyer was printed in, handed on by /q/<code>

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


def public_language(
    chosen: str | None,
    flyer: str | None,
    remembered: str | None,
    accept_languages,
    languages: list[str],
    default: str,
) -> str:
    """A families' page's language from the request's inputs alone (see the module's rules)."""
    for candidate in (chosen, remembered):
        if candidate in languages:
            return candidate
    if flyer in languages and flyer != default:
        return flyer
    return accept_languages.best_match(languages) or default


def select_locale() -> str:
    languages = page_languages()
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if is_public_page():
        return public_language(
            request.args.get("lang"),
            request.args.get(FLYER_ARG),
            request.cookies.get(LANG_COOKIE),
            request.accept_languages,
            languages,
            default,
        )
    chosen = [
        getattr(current_user, "preferred_language", None),
        request.args.get("lang"),
        request.cookies.get(LANG_COOKIE),
    ]
    for candidate in chosen:
        if candidate in languages:
            return candidate
    return request.accept_languages.best_match(languages) or default


def flyer_target(target: str) -> str:
    """A printed code's target with its `lang=` handed on as `flyer=`: a flyer is no choice."""
    parts = urlsplit(target)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(name == "lang" for name, _value in pairs):
        return target
    query = [(FLYER_ARG if name == "lang" else name, value) for name, value in pairs]
    return urlunsplit(parts._replace(query=urlencode(query)))


def carry_language(endpoint: str, values: dict) -> None:
    """Links between families' pages keep the language the page was opened with (url_defaults).

    Only what the address said travels (`lang`, `flyer`), so every page's language stays a
    function of its own address, cookie and Accept-Language. A link that names a value itself
    (the switcher) keeps it.
    """
    if not has_request_context() or not is_public_page():
        return
    if endpoint.split(".", 1)[0] not in current_app.config["PUBLIC_BLUEPRINTS"]:
        return
    for name in ("lang", FLYER_ARG):
        value = request.args.get(name)
        if value in current_app.config["PUBLIC_LANGUAGES"]:
            values.setdefault(name, value)


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
