"""The filters of /aanbod and GET /api/v1/activities (contract §5), read from query parameters.

Both read the same parameters the same way. A value that makes no sense is not applied and is
reported: the page then says so gently and shows the offer without that filter, the API answers
400 (a program should learn that it asked wrongly).
"""

from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import lazy_gettext as _l

from app.offers.codes import CATEGORIES
from app.season import Season, parse_iso_week

FILTER_NAMES = ("wijk", "age", "week", "category", "overnight", "free")
CHILD_AGE_MAX = 12  # the kids' site is for children up to 12 unless an age says otherwise


@dataclass
class Filters:
    """`age` and `category` may be given more than once (the QR code a worker shows at the door
    carries each child's age and each interest): an activity then matches when it suits any of
    the ages and any of the categories. The form chooses one of each."""

    wijk: int | None = None
    ages: tuple[int, ...] = ()
    week: str | None = None
    categories: tuple[str, ...] = ()
    overnight: bool | None = None
    free: bool | None = None
    problems: dict = field(default_factory=dict)  # parameter → message

    @property
    def age(self) -> int | None:
        return self.ages[0] if self.ages else None

    @property
    def category(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def active(self) -> dict:
        """Each choice made: a value, or a list where a parameter was given more than once."""
        values: dict = {name: getattr(self, name) for name in FILTER_NAMES}
        values["age"] = list(self.ages) if len(self.ages) > 1 else self.age
        values["category"] = list(self.categories) if len(self.categories) > 1 else self.category
        return {name: value for name, value in values.items() if value is not None}

    def without(self, name: str) -> "Filters":
        """The same choices with one left out (`name` as in FILTER_NAMES)."""
        if name == "age":
            return replace(self, ages=())
        if name == "category":
            return replace(self, categories=())
        cleared: dict[str, Any] = {name: None}
        return replace(self, **cleared)


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

    def all_given(name) -> list[str]:
        values = args.getlist(name) if hasattr(args, "getlist") else [args.get(name, "")]
        return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))

    if (raw := given("wijk")) is not None:
        filters.wijk = _int_in(raw, 1, 25)
        if filters.wijk is None:
            problems["wijk"] = _l("Een wijk is een nummer van 1 tot 25.")
    ages = [_int_in(raw, 0, 18) for raw in all_given("age")]
    filters.ages = tuple(dict.fromkeys(age for age in ages if age is not None))
    if None in ages:
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
    categories = all_given("category")
    filters.categories = tuple(code for code in categories if code in CATEGORIES)
    if len(filters.categories) < len(categories):
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
