"""The language of a page: the family's own choice, a link's (a flyer's) language, the phone's.

Families' pages (PUBLIC_BLUEPRINTS, and error pages shown on their addresses) speak
PUBLIC_LANGUAGES; staff pages speak LANGUAGES, with the account's setting first.

On a families' page the language is a function of three request inputs only — `?lang=`, the
`lang` cookie and Accept-Language (public_language) — so that a shared cache may keep one answer
per combination (never the session: a worker hands the phone over at the door):

1. the `lang` cookie: a choice the family made with the switcher (/taal/<code> sets it);
2. `?lang=` when it is not Dutch: the language of the link, e.g. a flyer printed in Turkish;
3. Accept-Language, when it is one of PUBLIC_LANGUAGES: the phone's language wins over a Dutch
   link, so a Dutch flyer handed to an Arabic-speaking family opens in Arabic;
4. Dutch.

Printed QR codes keep their targets (`/aanbod?wijk=4&lang=nl`) and /q/<code> redirects to them
unchanged: `lang=` is the link's language, never a choice, and families' pages set no cookie.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import current_app, g, has_request_context, request
from flask_login import current_user

LANG_COOKIE = "lang"
LANG_COOKIE_AGE = 365 * 24 * 3600

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
    """A families' page, an error shown on a families' address (e.g. /aanbod/999999), or an
    error shown to an anonymous visitor anywhere (app/errors.py)."""
    if g.get("public_error_page"):
        return True
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
    link: str | None, chosen: str | None, accept_languages, languages: list[str], default: str
) -> str:
    """A families' page's language from the request's inputs alone (see the module's rules)."""
    if chosen in languages:
        return chosen
    if link in languages and link != default:
        return link
    return accept_languages.best_match(languages) or default


def select_locale() -> str:
    if not has_request_context():
        # A command (flask geocode, an import) writes the source language: Dutch.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = page_languages()
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if is_public_page():
        return public_language(
            request.args.get("lang"),
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


def with_language(target: str, lang: str) -> str:
    """A local address with its `lang=` set to `lang` (added when it has none)."""
    parts = urlsplit(target)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return urlunsplit(parts._replace(query=urlencode([*pairs, ("lang", lang)])))


def carry_language(endpoint: str, values: dict) -> None:
    """Links between families' pages keep the language of the link that opened them
    (url_defaults): a Turkish flyer's activities open in Turkish too. A link that names a
    language itself keeps it."""
    if not has_request_context() or not is_public_page():
        return
    if endpoint == "public.choose_language":
        return
    if endpoint.split(".", 1)[0] not in current_app.config["PUBLIC_BLUEPRINTS"]:
        return
    lang = request.args.get("lang")
    if lang in current_app.config["PUBLIC_LANGUAGES"]:
        values.setdefault("lang", lang)


def remember_choice(response, lang: str):
    """The family's choice of language, kept for their next visits (the switcher's answer)."""
    response.set_cookie(
        LANG_COOKIE,
        lang,
        max_age=LANG_COOKIE_AGE,
        samesite="Lax",
        httponly=True,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


def remember_language(response):
    """Staff pages keep a ?lang= choice for the next pages. Families' pages set no cookie (their
    switcher goes through /taal/<code>), so that any of them can be cached for everyone."""
    if g.get("set_no_cookies"):  # e.g. /q/<code>: a scan leaves nothing behind (DOMAIN.md)
        return response
    if is_public_page():
        return response
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != lang:
        remember_choice(response, lang)
    return response


def init_app(app) -> None:
    """Remember a chosen language on the response, and carry it into every link built."""
    app.after_request(remember_language)
    app.url_defaults(carry_language)
