"""Real UiTdatabank events from public repositories (tests/fixtures/README.md says which).

The files are kept as found. Two documented transformations make copies for tests:
`moved` shifts every date of an event by whole days (keeping the wall-clock times in Ghent and
everything else), so that last decade's samples fall in the summer of 2027; `placed_at` gives an
event the real place of another fixture's Ghent event, for samples whose own place is elsewhere.
"""

import copy
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "uitdatabank"
DATA = Path(__file__).resolve().parent / "data"
BRUSSELS = ZoneInfo("Europe/Brussels")

# Where each event is found: (file, how to reach it inside). The JavaScript and Markdown sources
# are kept next to their JSON (see README); these names are what the tests use.
EVENTS = {
    # cultuurnet/udb3-frontend, src/mocked/suggestedEvents.js: CodeFever programming courses
    "codefever_oostakker": ("udb3-frontend-suggestedEvents.json", ("eventsWithOneProduction", 1)),
    "codefever_oudenaarde": ("udb3-frontend-suggestedEvents.json", ("eventsWithOneProduction", 0)),
    "codefever_turnhout": ("udb3-frontend-suggestedEvents.json", ("eventsWithoutProduction", 0)),
    "codefever_haacht": ("udb3-frontend-suggestedEvents.json", ("eventsWithoutProduction", 1)),
    "codefever_hoogstraten": (
        "udb3-frontend-suggestedEvents.json",
        ("eventsWithTwoProductions", 0),
    ),
    "codefever_haacht_digiheroes": (
        "udb3-frontend-suggestedEvents.json",
        ("eventsWithTwoProductions", 1),
    ),
    # cultuurnet/udb3-frontend, src/test/data/event.js
    "gent_single_day": ("udb3-frontend-event.json", ("event",)),
    "three_periods": ("udb3-frontend-event.json", ("eventWithSubEvents",)),
    # cultuurnet/uit-documentatie: the Search API's example response (Kasteel van Horst)
    "horst_castle": ("uit-documentatie-example-response.md", (0, "member", 0)),
    # cultuurnet/udb3-backend
    "smak_museumpas": ("udb3-backend-event_with_booking_info.json", ()),
    "koran_unavailable": ("udb3-backend-event_with_booking_availability.json", ()),
    "koran_senior_tariff": ("udb3-backend-event_with_price.json", ()),
    "murga_no_price": ("udb3-backend-event_without_priceinfo.json", ()),
    "grote_liefde_midnight": ("udb3-backend-event_with_see_also_imported_from_udb2.json", ()),
    "koran_age_0_up": ("udb3-backend-event_with_typical_age_range.json", ()),
    # ... as sent to create an event (no @id yet)
    "all_fields_request": ("udb3-backend-event-with-all-fields.json", ()),
    # cultuurnet/udb3-search-service (Punkfest in Leuven, as indexed)
    "punkfest_three_days": ("search-service-original-with-multiple-dates.json", ()),
    "punkfest_cancelled_dates": ("search-service-original-with-unavailable-dates.json", ()),
    "punkfest_fully_booked": (
        "search-service-original-with-unavailable-booking-availability.json",
        (),
    ),
    "punkfest_cancelled": ("search-service-original-with-unavailable-status.json", ()),
    "punkfest_all_ages": ("search-service-original-for-all-ages.json", ()),
    "punkfest_no_age": ("search-service-original.json", ()),
    "punkfest_opening_hours": ("search-service-original-periodic-with-opening-hours.json", ()),
    "punkfest_6_7": ("search-service-original-with-typical-age-range.json", ()),
    "punkfest_4_slash_10": ("search-service-original-with-wrong-typical-age-range.json", ()),
    "punkfest_no_end": ("search-service-original-without-end-date.json", ()),
    "punkfest_overnight": ("search-service-original-with-overnight.json", ()),
    # cultuurnet/udb3-angular: an event as the moderation screen receives it ("+18")
    "zomerse_vrijdagen_18_plus": ("udb3-angular-moderation-offer.json", ()),
    # cultuurnet/search-v3
    "knock_film": ("search-v3-searchResult.json", ()),
    # cultuurnet/calendar-summary-v3
    "childcare_three_stays": ("calendar-summary-offer-with-subevent-childcare.json", ()),
    "opening_hours_march": ("calendar-summary-offer-with-opening-hours.json", ()),
    "two_halves_of_march": ("calendar-summary-offer-with-subevents.json", ()),
}
# cultuurnet/search-v3: the example response kept in tests/data/ since the first import.
EXAMPLE_RESPONSE = DATA / "uitdatabank-search-v3-example.json"
# cultuurnet/uit-documentatie: a Search API answer without embed=true (links only).
NOT_EMBEDDED_RESPONSE = ("uit-documentatie-pagination.md", (0,))
# cultuurnet/udb3-backend: the tariffs of an UiTPAS event in Ghent, as an organiser sends them.
UITPAS_PRICES = ("udb3-backend-price-info.feature", "Update event with an UiTPAS price category")


def _feature_json(path: Path, scenario: str):
    """The first JSON doc string of a Gherkin scenario."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"Scenario: {scenario}")
    block = re.search(r'"""\n(.*?)\n\s*"""', text[start:], re.S)
    return json.loads(block.group(1))


def _markdown_json(path: Path) -> list:
    """The JSON code blocks of a documentation page, in order.

    The pages' blocks are JSON except for line breaks written inside strings, which strict JSON
    forbids; `strict=False` reads them as they are.
    """
    blocks = re.findall(r"```(?:js|json)?\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    result = []
    for block in blocks:
        try:
            result.append(json.loads(block, strict=False))
        except json.JSONDecodeError:
            continue
    return result


def _load_file(name: str):
    path = FIXTURES / name
    if path.suffix == ".md":
        return _markdown_json(path)
    return json.loads(path.read_text(encoding="utf-8"))


def _dig(value, steps):
    for step in steps:
        if isinstance(value, dict) and "events" in value and isinstance(step, int):
            value = value["events"]
        value = value[step]
    return value


def event(name: str) -> dict:
    """A fresh copy of a real event."""
    file, steps = EVENTS[name]
    return copy.deepcopy(_dig(_load_file(file), steps))


def not_embedded_response() -> dict:
    file, steps = NOT_EMBEDDED_RESPONSE
    return copy.deepcopy(_dig(_load_file(file), steps))


def uitpas_prices() -> list:
    file, scenario = UITPAS_PRICES
    return _feature_json(FIXTURES / file, scenario)


def example_response() -> dict:
    return json.loads(EXAMPLE_RESPONSE.read_text(encoding="utf-8"))


# --- the two documented transformations ---------------------------------------------------------

_DATE_KEYS = ("startDate", "endDate")


def _shift(value: str, days: int) -> str:
    """The same wall-clock time in Ghent, `days` later, written with Ghent's offset then."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return (moment + timedelta(days=days)).isoformat()
    local = moment.astimezone(BRUSSELS).replace(tzinfo=None) + timedelta(days=days)
    return local.replace(tzinfo=BRUSSELS).isoformat()


def first_day(event_data: dict) -> date:
    """The local first day of an event: its startDate, else its first sub-event's."""
    starts = [event_data.get("startDate")] + [
        sub.get("startDate") for sub in event_data.get("subEvent") or []
    ]
    values = [datetime.fromisoformat(v.replace("Z", "+00:00")) for v in starts if v]
    return min(v.astimezone(BRUSSELS) if v.tzinfo else v for v in values).date()


def moved(event_data: dict, to: date) -> dict:
    """A copy whose first day is `to`: every startDate/endDate (event and sub-events) shifted by
    the same number of days; nothing else changes."""
    copy_ = copy.deepcopy(event_data)
    days = (to - first_day(event_data)).days
    for item in [copy_, *(copy_.get("subEvent") or [])]:
        for key in _DATE_KEYS:
            if isinstance(item.get(key), str) and item[key]:
                item[key] = _shift(item[key], days)
    return copy_


def priced(event_data: dict, price_info: list) -> dict:
    """A copy with other real tariffs (`priceInfo`)."""
    copy_ = copy.deepcopy(event_data)
    copy_["priceInfo"] = copy.deepcopy(price_info)
    return copy_


def without_coordinates(event_data: dict) -> dict:
    """A copy whose place has no `geo`, as many places in UiTdatabank have none."""
    copy_ = copy.deepcopy(event_data)
    copy_["location"].pop("geo", None)
    return copy_


def placed_at(event_data: dict, place_of: str) -> dict:
    """A copy held at the (real, Ghent) place of another fixture's event."""
    copy_ = copy.deepcopy(event_data)
    copy_["location"] = event(place_of)["location"]
    return copy_
