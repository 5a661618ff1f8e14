"""The messages families can see: extracted from the public sources only, to check the catalogues.

`python -m tests.public_messages` lists what each public language still lacks.
"""

import io
import re
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "app" / "translations"
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}
# Every file a family's page or a flyer renders, whole.
PUBLIC_FILES = [
    "app/public/views.py",
    "app/flyers/public.py",
    "app/errors.py",
    "app/offers/filters.py",  # the notice on /aanbod when a filter is not understood
    "app/offers/when.py",  # an activity's dates and weekdays
    "templates/base.html",
    "templates/_partials/language_switcher.html",
    "templates/_partials/category_icons.html",
    "templates/errors/error.html",
    "templates/flyers/_flyer.html",
    "templates/flyers/_sheet.html",
    "templates/flyers/unknown_code.html",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "templates" / "public").glob("*.html")),
]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _extract(path: str) -> set:
    if path.endswith(".py"):
        method, options = "python", {}
    else:
        method, options = "jinja2.ext.babel_extract", {"extensions": "jinja2.ext.do"}
    found = set()
    for _lineno, message, _comments, _context in extract_from_file(
        method, str(ROOT / path), keywords=KEYWORDS, options=options
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def code_list_messages() -> set:
    """Code lists shown on public pages, but defined beside staff-only lists: only these values."""
    from app.offers.codes import CATEGORIES, WEEKDAYS

    return {label._args[0] for label in (*CATEGORIES.values(), *WEEKDAYS.values())}


def public_msgids() -> set:
    """Each msgid a family may see; plural messages as (singular, plural) tuples."""
    found = set()
    for path in PUBLIC_FILES:
        found |= _extract(path)
    return found | code_list_messages()


def compile_catalogue(po_path: Path) -> bytes:
    """A catalogue as .mo bytes, as `pybabel compile` makes it (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo

    with open(po_path, "rb") as fh:
        catalog = read_po(fh)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def compile_stale_catalogues() -> None:
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            mo_path.write_bytes(compile_catalogue(po_path))


def placeholders(text: str) -> set:
    return set(PLACEHOLDER.findall(text))


def catalogue(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


def missing(lang: str) -> list:
    """Public msgids without a usable translation (empty, fuzzy, or placeholders lost)."""
    catalog = catalogue(lang)
    problems = []
    for msgid in sorted(public_msgids(), key=str):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalog.get(key)
        strings = (
            []
            if message is None
            else (list(message.string) if isinstance(message.string, tuple) else [message.string])
        )
        ok = (
            message is not None
            and not message.fuzzy
            and strings
            and all(strings)
            and all(placeholders(s) == placeholders(key) for s in strings)
        )
        if not ok:
            problems.append(key)
    return problems


if __name__ == "__main__":
    from app import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        for code in app.config["PUBLIC_LANGUAGES"]:
            if code != app.config["BABEL_DEFAULT_LOCALE"]:
                print(code, missing(code))
