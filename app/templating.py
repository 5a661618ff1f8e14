"""What every template can use: navigation, languages, permission checks, formatting."""

from urllib.parse import urlencode

from flask import request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup, escape

from app import permissions
from app.i18n import LANGUAGE_NAMES, RTL_LANGUAGES, is_public_page, page_languages
from app.navigation import nav_for


def init_app(app) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def inject():
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        return {
            "current_locale": locale,
            "text_direction": "rtl" if locale in RTL_LANGUAGES else "ltr",
            "language_names": LANGUAGE_NAMES,
            "page_languages": page_languages() if request else [],
            "public_page": is_public_page() if request else False,
            "nav_items": nav_for(current_user) if current_user else [],
            "perm": permissions,
        }

    @app.template_filter()
    def break_at_underscores(code) -> Markup:
        """A code like household_data_exported may wrap after each underscore on a narrow
        screen, instead of anywhere in a word or not at all."""
        return Markup("_<wbr>").join(escape(part) for part in str(code).split("_"))

    @app.template_global()
    def url_with_lang(lang: str) -> str:
        """The switcher's link: this page in `lang`. On families' pages through /taal/<code>,
        which remembers the choice (app.i18n); staff pages keep theirs with ?lang=."""
        if is_public_page():
            query = request.query_string.decode("latin-1")
            here = f"{request.path}?{query}" if query else request.path
            return url_for("public.choose_language", code=lang, next=here)
        args = request.args.to_dict()
        args["lang"] = lang
        return f"{request.path}?{urlencode(args)}"
