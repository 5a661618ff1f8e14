"""What the families' pages put together per language: lists, weekdays, distances, isolation.

A sentence glued from pieces ("Op" + days joined with ", ") cannot be translated well; the
catalogues hold whole sentences with placeholders, and the values that fill them come from
here, formatted by Babel in the page's locale (Arabic joins a list with "و", Dutch with "en").
"""

from babel.dates import get_day_names
from babel.lists import format_list
from babel.units import format_unit
from flask_babel import get_locale
from markupsafe import Markup, escape


def join(items) -> str:
    """A list as the locale writes one: "27, 28 en 30", "27, 28, and 30", "27 و28 و30"."""
    items = [str(item) for item in items]
    return format_list(items, locale=get_locale()) if items else ""


def join_markup(items) -> Markup:
    """join() for pieces that are HTML already (isolated dates): the locale's list pattern is
    escaped, the pieces are kept as they are (and escaped when they are plain text)."""
    items = list(items)
    keys = [f"\x00{i}\x00" for i in range(len(items))]
    if not items:
        return Markup("")
    joined = escape(format_list(keys, locale=get_locale()))
    for key, item in zip(keys, items, strict=True):
        joined = joined.replace(key, escape(item))
    return joined


def markup_text(message: str, **values) -> Markup:
    """A translated sentence (already looked up) with HTML pieces put in its placeholders:
    the sentence is escaped, the pieces kept (or escaped when they are plain text)."""
    return escape(message) % values


def weekdays(digits: str) -> str:
    """ISO weekday digits ("135") as the locale's day names in a list."""
    names = get_day_names("wide", locale=get_locale())
    return join(names[int(d) - 1] for d in digits if d in "1234567")


def distance(km: float) -> str:
    """ "1,9 km", "1.9 كم": one decimal, the locale's separator and unit."""
    return format_unit(
        round(km, 1), "length-kilometer", length="short", format="#,##0.0", locale=get_locale()
    )


def bdi(value, ltr: bool = False) -> Markup:
    """Text isolated from what surrounds it, so that a name, a number or a time keeps its own
    order inside right-to-left text ("Sint-Amandsberg" never swaps with a number beside it).
    `ltr`: numbers, times and prices, which read left to right in every public language."""
    if value is None or value == "":
        return Markup("")
    opening = Markup('<bdi dir="ltr">') if ltr else Markup("<bdi>")
    return opening + escape(value) + Markup("</bdi>")


def register(state) -> None:
    """Template helpers for the public blueprint's pages (and any template that wants them)."""
    env = state.app.jinja_env
    env.globals.update(join_list=join, weekday_list=weekdays, distance=distance, bdi=bdi)
