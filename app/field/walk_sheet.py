"""What the printed walk sheet needs beyond the route: which stops are done (and must not be
rung again), the codes for packages and interests with their legend, and the running header
of every printed page. The same sheet is printed by coordinators (app/rounds) and workers."""

import re
from dataclasses import dataclass
from string import ascii_uppercase

from flask_babel import gettext as _

from app.visits.codes import INTERESTS, OUTCOMES


@dataclass
class SheetLine:
    number: int
    stop: object
    done: bool  # finished: no boxes, "niet aanbellen"
    placed: bool  # the address has a position (else its place in the order is a guess)


def css_string(text: str) -> str:
    """A CSS string literal that holds any text safely (also inside <style>)."""
    safe = "".join(
        ch if ch.isalnum() or ch in " .,:;-_()/·" else f"\\{ord(ch):x} " for ch in str(text)
    )
    return f'"{safe}"'


def page_counter(template: str) -> str:
    """ "pagina {page} van {pages}" (translated) as CSS content with the page counters."""
    parts = []
    rest = template
    while rest:
        head, brace, tail = rest.partition("{")
        if head:
            parts.append(css_string(head))
        if not brace:
            break
        name, _close, rest = tail.partition("}")
        parts.append(f"counter({name})" if name in ("page", "pages") else css_string(name))
    return " ".join(parts)


def walk_sheet_of(route) -> dict:
    """The walk sheet's lines, legends and page header for a route."""
    packages = list(route.round.package_types)
    workers = ", ".join(worker.name for worker in route.workers) or "—"
    head = " · ".join([_("Looplijst %(route)s", route=route.name), str(route.date or "—"), workers])
    return {
        "lines": [
            SheetLine(n, stop, stop.closed, stop.household.lat is not None)
            for n, stop in enumerate(route.stops, 1)
        ],
        "package_codes": [(ascii_uppercase[i], pt) for i, pt in enumerate(packages[:26])],
        "interest_codes": [(str(i), label) for i, label in enumerate(INTERESTS.values(), 1)],
        "outcomes": OUTCOMES,
        "head": head,
        # The words around the page numbers, for the PDF's margin box (walk_sheet.css takes
        # them with string-set and puts the spaces back).
        "page_words": [part.strip() for part in re.split(r"\{pages?\}", page_template())],
    }


def page_template() -> str:
    return _("pagina %(page)s van %(pages)s", page="{page}", pages="{pages}")


def page_css() -> str:
    """ "pagina n van m" at the top of every page the browser prints, in the reader's language:
    a stylesheet of its own, as the security headers allow no inline style. (The PDF's renderer
    fetches nothing but /static/: it reads the words from the sheet, see walk_sheet.css.)"""
    return f"@page {{ @top-right {{ content: {page_counter(page_template())}; }} }}"
