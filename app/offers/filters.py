"""The filters of /aanbod and GET /api/v1/activities (contract §5), read from query parameters.

Both read the same parameters the same way. A value that makes no sense is not applied and is
reported: the page then says so gently and shows the offer without that filter, the API answers
400 (a program should learn that it asked wrongly).
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from app.offers.codes import CATEGORIES
from app.season import Season, parse_iso_week

FILTER_NAMES = ("wijk", "age", "week", "category", "overnight", "free")
CHILD_AGE_MAX = 12  # the kids' site is for children up to 12 unless an age says otherwise


@dataclass
class Filters:
    wijk: int | None = None
    age: int | None = None
    week: str | None = None
    category: str | None = None
    overnight: bool | None = None
    free: bool | None = None
    problems: dict = field(default_factory=dict)  # parameter → message

    @property
    def active(self) -> dict:
        values = {name: getattr(self, name) for name in FILTER_NAMES}
        return {name: value for name, value in values.items() if value is not None}


def _int_in(value: str, low: int, high: int) -> int | None:
    value = value.strip()
    if not value.isdigit() or len(value) > 3:
        return None
    number = int(value)
    return number if low <= number <= high else None


def parse_filters(args, season: Season) -> Filters:
    """Filters from request args; empty values mean "no filter", wrong ones land in problems."""
    filters = Filters()
    problems = filters.problems

    def given(name):
        value = args.get(name, "")
        return value.strip() if value.strip() else None

    if (raw := given("wijk")) is not None:
        filters.wijk = _int_in(raw, 1, 25)
        if filters.wijk is None:
            problems["wijk"] = _l("Een wijk is een nummer van 1 tot 25.")
    if (raw := given("age")) is not None:
        filters.age = _int_in(raw, 0, 18)
        if filters.age is None:
            problems["age"] = _l("Een leeftijd is een getal van 0 tot 18.")
    if (raw := given("week")) is not None:
        try:
            parse_iso_week(raw)
        except ValueError:
            problems["week"] = _l("Die week bestaat niet.")
        else:
            if raw in season.weeks:
                filters.week = raw
            else:
                problems["week"] = _l("Die week valt niet in deze zomer.")
    if (raw := given("category")) is not None:
        if raw in CATEGORIES:
            filters.category = raw
        else:
            problems["category"] = _l("Die soort activiteit kennen we niet.")
    if (raw := given("overnight")) is not None:
        if raw in ("true", "false"):
            filters.overnight = raw == "true"
        else:
            problems["overnight"] = _l("Kies met of zonder overnachting.")
    if (raw := given("free")) is not None:
        if raw == "true":
            filters.free = True
        else:
            problems["free"] = _l("Alleen 'gratis' kan gekozen worden.")
    return filters
