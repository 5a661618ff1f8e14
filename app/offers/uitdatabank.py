"""Map UiTdatabank Search API v3 events (JSON-LD) to plain activity fields for the importer.

Most Ghent providers already publish in UiTdatabank, so importing from it spares them typing their
offer twice. This module only translates: no network, no Flask, no database. The caller fetches
(with ``build_search_query``), maps (with ``map_events``) and decides what to store.

Every event yields a ``MappedEvent`` with either ``data`` or ``errors``; a malformed event is
reported, never raised, so one bad record cannot stop a nightly import of hundreds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from html.parser import HTMLParser
from typing import Any

GHENT_REGION = "nis-44021"
CAMP_EVENTTYPE = "0.57.0.0.0"
SPORT_EVENTTYPE = "0.59.0.0.0"

# The product's activity categories (contract §6 "categories"); the mapping below only ever
# produces these codes.
CATEGORIES: tuple[str, ...] = (
    "sport",
    "swimming",
    "play",
    "arts",
    "music_dance",
    "nature",
    "science",
    "reading_language",
    "day_trip",
    "camp",
)

# Term ids that are unambiguous on their own, whatever their label says.
TERM_ID_CATEGORIES: Mapping[str, str] = {
    CAMP_EVENTTYPE: "camp",  # "Kamp of vakantie"
    SPORT_EVENTTYPE: "sport",  # "Sport en beweging"
}

# Lower-case fragments looked for in the labels of eventtype and theme terms. Fragments, not whole
# words, because Dutch glues words together ("Zwemkamp", "Knutselnamiddag", "Voorlezen"); "zwem"
# rather than "zwemmen" for the same reason. One label may yield several categories.
LABEL_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("zwem", "swimming"),
    ("muziek", "music_dance"),
    ("dans", "music_dance"),
    ("natuur", "nature"),
    ("wetenschap", "science"),
    ("technologie", "science"),
    ("lezen", "reading_language"),
    ("literatuur", "reading_language"),
    ("taal", "reading_language"),
    ("kunst", "arts"),
    ("knutsel", "arts"),
    ("creatief", "arts"),
    ("beeldend", "arts"),
    ("workshop", "arts"),
    ("speelplein", "play"),
    ("spel", "play"),
    ("uitstap", "day_trip"),  # also matches "daguitstap"
)
# No "sport" fragment: "Zwemmen en watersport" should read as swimming, and sport itself is
# recognised by its eventtype id above.

# typicalAgeRange is open-ended on either side; an open upper bound means "and older", which we
# store as this ceiling because the contract wants ages never null.
AGE_FLOOR = 0
AGE_CEILING = 99

# UiTdatabank stores whole-day events as 00:00 – 23:59:59 Brussels time; such times are not times
# a family should see.
_DAY_START = time(0, 0)
_DAY_END = time(23, 59)

_AGE_RANGE_RE = re.compile(r"\s*(\d{0,3})\s*-\s*(\d{0,3})\s*|\s*(\d{1,3})\s*")
# "<street> <number>[ bus <box>]" (data/README.md); the number may carry a letter ("12A") or be a
# range ("10-12"). Anything else keeps the whole line as the street rather than guessing.
_ADDRESS_RE = re.compile(
    r"(?P<street>.*?\D)\s+(?P<number>\d+[A-Za-z]?(?:-\d+[A-Za-z]?)?)"
    r"(?:\s*,?\s*(?:bus|bte\.?|boîte|b\.|b(?=\s))\s*(?P<box>[0-9A-Za-z][0-9A-Za-z./-]*))?",
    re.IGNORECASE,
)
_UNAVAILABLE_STATUSES = frozenset({"unavailable", "temporarilyunavailable"})
# Withdrawn events may still come through when a caller widens workflowStatus; they must not show.
_WITHDRAWN_WORKFLOW = frozenset({"DELETED", "REJECTED"})


@dataclass
class MappedEvent:
    """One event's outcome: ``data`` when it could be mapped, else ``errors`` saying why not."""

    external_id: str | None
    data: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.errors


# --- search -------------------------------------------------------------------------------------


def build_search_query(
    season_start: date,
    season_end: date,
    *,
    camps_only: bool = False,
    start: int = 0,
    limit: int = 50,
) -> dict[str, str]:
    """Query parameters for ``GET /events`` of Search API v3: Ghent, ages 0–12, the season's dates.

    ``camps_only`` adds the "Kamp of vakantie" term, as in the README's example query; by default
    all children's activities are asked for, since the offer is more than camps.
    """
    q = "typicalAgeRange:[0 TO 12]"
    if camps_only:
        q += f" AND terms.id:{CAMP_EVENTTYPE}"
    tz = _brussels()
    date_from = datetime.combine(season_start, time(0, 0), tz)
    date_to = datetime.combine(season_end, time(23, 59, 59), tz)
    return {
        "q": q,
        "regions": GHENT_REGION,
        "dateFrom": date_from.isoformat(),
        "dateTo": date_to.isoformat(),
        # Without embed the response holds only @id's, and every event would cost a second call.
        "embed": "true",
        "start": str(start),
        "limit": str(limit),
    }


# --- mapping ------------------------------------------------------------------------------------


def map_events(payload: Any) -> list[MappedEvent]:
    """Map a search response (``{"member": [...]}``), a list of events, or a single event."""
    if isinstance(payload, Mapping) and "member" in payload:
        members = payload.get("member")
        if not isinstance(members, list):
            return [MappedEvent(None, errors=["response 'member' is not a list"])]
        return [map_event(event) for event in members]
    if isinstance(payload, list):
        return [map_event(event) for event in payload]
    return [map_event(payload)]


def map_event(event: Any) -> MappedEvent:
    """Map one JSON-LD event; never raises for bad data."""
    if not isinstance(event, Mapping):
        return MappedEvent(None, errors=[f"event is not an object but {type(event).__name__}"])
    external_id = event.get("@id") if isinstance(event.get("@id"), str) else None
    try:
        return _map_event(event, external_id)
    except Exception as exc:  # a surprise shape must not abort the whole import
        return MappedEvent(external_id, errors=[f"unexpected data: {type(exc).__name__}: {exc}"])


def _map_event(event: Mapping[str, Any], external_id: str | None) -> MappedEvent:
    errors: list[str] = []
    if not external_id:
        errors.append("no @id")

    main_language = event.get("mainLanguage")
    names = _translations(event.get("name"))
    title_language = _pick_language(names, main_language)
    if title_language is None:
        errors.append("no name")

    descriptions = {
        lang: _html_to_text(text) for lang, text in _translations(event.get("description")).items()
    }
    descriptions = {lang: text for lang, text in descriptions.items() if text}
    description_language = _pick_language(descriptions, main_language)

    age_range = _parse_age_range(event.get("typicalAgeRange"))
    if age_range is None:
        errors.append(f"typicalAgeRange is not a range: {event.get('typicalAgeRange')!r}")

    sub_events = [sub for sub in _list(event.get("subEvent")) if isinstance(sub, Mapping)]
    period, period_error = _period(event, sub_events)
    if period_error:
        errors.append(period_error)

    if errors or title_language is None or age_range is None or period is None:
        return MappedEvent(external_id, errors=errors)

    start_at, end_at = period
    start_time, end_time = _times(event, sub_events, start_at, end_at)
    categories = _categories(event.get("terms"))
    prices = _prices(event)
    data: dict[str, Any] = {
        "external_id": external_id,
        "title": names[title_language],
        "title_i18n": {k: v for k, v in names.items() if k != title_language},
        "description": descriptions.get(description_language or "", ""),
        "description_i18n": {k: v for k, v in descriptions.items() if k != description_language},
        "main_language": title_language,
        "categories": categories,
        "age_min": age_range[0],
        "age_max": age_range[1],
        "start_date": start_at.date(),
        "end_date": end_at.date(),
        "start_time": start_time,
        "end_time": end_time,
        "overnight": _overnight(event, sub_events),
        "childcare": _childcare(sub_events),
        **prices,
        "location": _location(event.get("location")),
        "registration": _registration(event),
        "organizer": _organizer_name(event.get("organizer")),
        "status": _status(event),
        "languages": [lang for lang in _list(event.get("languages")) if isinstance(lang, str)],
        "url": next((url for url in _list(event.get("sameAs")) if isinstance(url, str)), None),
    }
    return MappedEvent(external_id, data=data)


# --- texts --------------------------------------------------------------------------------------


def _translations(value: Any) -> dict[str, str]:
    """``{"nl": "…", "fr": "…"}`` with blank or non-text entries dropped."""
    if isinstance(value, str):  # older exports carry a bare string; treat it as Dutch
        value = {"nl": value}
    if not isinstance(value, Mapping):
        return {}
    return {
        lang: text.strip()
        for lang, text in value.items()
        if isinstance(lang, str) and isinstance(text, str) and text.strip()
    }


def _pick_language(texts: Mapping[str, Any], main_language: Any) -> str | None:
    for lang in (main_language, "nl"):
        if isinstance(lang, str) and lang in texts:
            return lang
    return next(iter(texts), None)


class _TextExtractor(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BREAKS and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_to_text(value: str) -> str:
    """Plain text with paragraph breaks kept; descriptions arrive as HTML or as plain text."""
    if "<" in value:
        parser = _TextExtractor()
        parser.feed(value)
        parser.close()
        value = "".join(parser.parts)
    else:
        value = html.unescape(value)
    lines = [" ".join(line.split()) for line in value.replace("\r", "").split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- ages, categories ---------------------------------------------------------------------------


def _parse_age_range(value: Any) -> tuple[int, int] | None:
    """``"6-12"`` → (6, 12); ``"-12"`` → (0, 12); ``"18-"`` → (18, 99); missing/"" → (0, 99)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return AGE_FLOOR, AGE_CEILING
    if not isinstance(value, str):
        return None
    match = _AGE_RANGE_RE.fullmatch(value)
    if match is None:
        return None
    if match.group(3) is not None:  # a bare "12" means exactly that age
        low = high = int(match.group(3))
    else:
        low = int(match.group(1)) if match.group(1) else AGE_FLOOR
        high = int(match.group(2)) if match.group(2) else AGE_CEILING
    low = min(max(low, AGE_FLOOR), AGE_CEILING)
    high = min(max(high, AGE_FLOOR), AGE_CEILING)
    if low > high:
        return None
    return low, high


def _categories(terms: Any) -> list[str]:
    found: set[str] = set()
    for term in _list(terms):
        if not isinstance(term, Mapping):
            continue
        term_id = term.get("id")
        if isinstance(term_id, str) and term_id in TERM_ID_CATEGORIES:
            found.add(TERM_ID_CATEGORIES[term_id])
        label = term.get("label")
        # Facility and audience terms describe the venue, not what the children will do.
        if term.get("domain") in ("eventtype", "theme") and isinstance(label, str):
            lowered = label.lower()
            found.update(code for fragment, code in LABEL_CATEGORIES if fragment in lowered)
    return [code for code in CATEGORIES if code in found]


# --- calendar -----------------------------------------------------------------------------------


def _period(
    event: Mapping[str, Any], sub_events: list[Mapping[str, Any]]
) -> tuple[tuple[datetime, datetime] | None, str | None]:
    """Local start and end of the whole event, or the reason there is none."""
    start = _parse_datetime(event.get("startDate"))
    end = _parse_datetime(event.get("endDate"))
    if start is None or end is None:
        # Some producers only fill the sub-events; the event spans from the first to the last.
        starts = [d for d in (_parse_datetime(s.get("startDate")) for s in sub_events) if d]
        ends = [d for d in (_parse_datetime(s.get("endDate")) for s in sub_events) if d]
        start = start or (min(starts) if starts else None)
        end = end or (max(ends) if ends else start)
    if start is None:
        if event.get("calendarType") == "permanent":
            return None, "no dates (permanent calendar)"
        return None, "no dates"
    end = end or start
    if end < start:
        return None, f"ends ({end.isoformat()}) before it starts ({start.isoformat()})"
    return (start, end), None


def _parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 timestamp in Brussels time; naive or date-only values are taken as local."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    tz = _brussels()
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=tz)
    # Search API v3 sends UTC ("2021-01-21T23:00:00+00:00" is midnight on the 22nd in Ghent);
    # taking .date() of the UTC value would put activities on the wrong day.
    return parsed.astimezone(tz)


def _times(
    event: Mapping[str, Any],
    sub_events: list[Mapping[str, Any]],
    start_at: datetime,
    end_at: datetime,
) -> tuple[time | None, time | None]:
    """Daily start/end times when one pair holds for the whole event, else (None, None)."""
    pairs: set[tuple[time, time]] = set()
    for sub in sub_events:
        sub_start = _parse_datetime(sub.get("startDate"))
        sub_end = _parse_datetime(sub.get("endDate"))
        if sub_start and sub_end:
            pairs.add((_minute(sub_start.timetz()), _minute(sub_end.timetz())))
    if not pairs:
        for hours in _list(event.get("openingHours")):
            if isinstance(hours, Mapping):
                opens, closes = _parse_time(hours.get("opens")), _parse_time(hours.get("closes"))
                if opens and closes:
                    pairs.add((opens, closes))
    if not pairs:
        pairs.add((_minute(start_at.timetz()), _minute(end_at.timetz())))
    if len(pairs) != 1:
        return None, None  # times differ per day; the calendar summary text tells them apart
    start_time, end_time = pairs.pop()
    if start_time == _DAY_START and end_time == _DAY_END:
        return None, None
    return start_time, end_time


def _minute(value: time) -> time:
    return time(value.hour, value.minute)


def _parse_time(value: Any) -> time | None:
    if not isinstance(value, str):
        return None
    try:
        return _minute(time.fromisoformat(value.strip()))
    except ValueError:
        return None


def _overnight(event: Mapping[str, Any], sub_events: list[Mapping[str, Any]]) -> bool:
    """True only on an explicit ``overnight`` flag on the event or one of its sub-events.

    A multi-day camp may just as well be a day camp on consecutive days; guessing "overnight" from
    the dates would mislead a family deciding whether their child sleeps away from home.
    """
    return any(_flag(item.get("overnight")) for item in (event, *sub_events))


def _childcare(sub_events: list[Mapping[str, Any]]) -> dict[str, str | None] | None:
    """Extra care before/after the activity, ``{"start": "08:00", "end": "18:00"}``, if offered."""
    for sub in sub_events:
        care = sub.get("childcare")
        if isinstance(care, Mapping):
            start, end = care.get("start"), care.get("end")
            if isinstance(start, str) or isinstance(end, str):
                return {
                    "start": start if isinstance(start, str) else None,
                    "end": end if isinstance(end, str) else None,
                }
        elif _flag(care):
            return {"start": None, "end": None}
    return None


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


# --- prices, place, contact ---------------------------------------------------------------------


def _prices(event: Mapping[str, Any]) -> dict[str, Any]:
    base: float | None = None
    has_uitpas_line = False
    uitpas_prices: list[float] = []
    for line in _list(event.get("priceInfo")):
        if not isinstance(line, Mapping):
            continue
        price = _money(line.get("price"))
        if line.get("category") == "base" and price is not None and base is None:
            base = price
        elif line.get("category") == "uitpas":
            # A kansentarief line without an amount still tells a family they can ask for it.
            has_uitpas_line = True
            if price is not None:
                uitpas_prices.append(price)
    return {
        "price_eur": base,
        "free": base == 0 or _flag(event.get("isAccessibleForFree")),
        "kansentarief": has_uitpas_line,
        "kansentarief_price_eur": min(uitpas_prices) if uitpas_prices else None,
    }


def _money(value: Any) -> float | None:
    # Floats rounded to cents: the API sends JSON numbers and our JSON answers numbers again.
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return round(float(value), 2) if value >= 0 else None
    if isinstance(value, str):
        try:
            return _money(float(value.replace(",", ".")))
        except ValueError:
            return None
    return None


def split_street_address(value: str) -> tuple[str, str | None, str | None]:
    """``"Sint-Pietersplein 23 bus 4"`` → ``("Sint-Pietersplein", "23", "4")``.

    When the line does not follow "<street> <number>[ bus <box>]" (a French "5 rue …", a hamlet
    without number) the whole line is kept as the street: wrong splits are worse than none.
    """
    line = " ".join(value.split())
    match = _ADDRESS_RE.fullmatch(line)
    if match is None:
        return line, None, None
    number = match.group("number").upper()
    return match.group("street").rstrip(" ,"), number, match.group("box")


def _location(location: Any) -> dict[str, Any] | None:
    if not isinstance(location, Mapping):
        return None
    names = _translations(location.get("name"))
    name_language = _pick_language(names, location.get("mainLanguage"))
    addresses = location.get("address")
    address: Mapping[str, Any] = {}
    if isinstance(addresses, Mapping):
        # The register and our wijk lookup work on the Dutch form ("Fortstraat", not "Rue du Fort").
        if "streetAddress" in addresses:  # an unlocalised address object
            address = addresses
        else:
            localised = {k: v for k, v in addresses.items() if isinstance(v, Mapping)}
            chosen = _pick_language(localised, "nl")
            address = localised[chosen] if chosen else {}
    street_line = address.get("streetAddress")
    street, number, box = (
        split_street_address(street_line) if isinstance(street_line, str) else (None, None, None)
    )
    geo = location.get("geo") if isinstance(location.get("geo"), Mapping) else {}
    return {
        "external_id": location.get("@id") if isinstance(location.get("@id"), str) else None,
        "name": names[name_language] if name_language else None,
        "street": street,
        "number": number,
        "box": box,
        "postcode": _text(address.get("postalCode")),
        "city": _text(address.get("addressLocality")),
        "country": _text(address.get("addressCountry")),
        "lat": _coordinate(geo.get("latitude")),
        "lon": _coordinate(geo.get("longitude")),
    }


def _registration(event: Mapping[str, Any]) -> dict[str, str | None]:
    """How to sign up: bookingInfo first, the general contact point where bookingInfo is silent."""
    booking = event.get("bookingInfo") if isinstance(event.get("bookingInfo"), Mapping) else {}
    contact = event.get("contactPoint") if isinstance(event.get("contactPoint"), Mapping) else {}
    result: dict[str, str | None] = {}
    for key in ("url", "phone", "email"):
        value = _text(booking.get(key))
        if value is None:
            value = next((v for v in (_text(x) for x in _list(contact.get(key))) if v), None)
        result[key] = value
    return result


def _organizer_name(organizer: Any) -> str | None:
    if not isinstance(organizer, Mapping):
        return None
    names = _translations(organizer.get("name"))
    language = _pick_language(names, organizer.get("mainLanguage"))
    return names[language] if language else None


def _status(event: Mapping[str, Any]) -> str:
    if event.get("workflowStatus") in _WITHDRAWN_WORKFLOW:
        return "unavailable"
    status = event.get("status")
    status_type = status.get("type") if isinstance(status, Mapping) else status
    if isinstance(status_type, str) and status_type.lower() in _UNAVAILABLE_STATUSES:
        return "unavailable"
    return "available"


# --- small helpers ------------------------------------------------------------------------------


def _list(value: Any) -> list[Any]:
    """JSON-LD producers send a single object where a list is expected; accept both."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _text(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _coordinate(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _brussels() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    except ImportError:  # pragma: no cover - part of the standard library since 3.9
        return _BrusselsRules()
    try:
        return ZoneInfo("Europe/Brussels")
    except ZoneInfoNotFoundError:  # pragma: no cover - a machine without the tz database
        return _BrusselsRules()


class _BrusselsRules(tzinfo):
    """CET/CEST by the EU rule, for machines without a tz database (e.g. Windows without tzdata)."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1) + self.dst(dt)

    def dst(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(0)
        # Summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
        # Sunday of October. tzinfo.fromutc adds dst() to winter time, so both bounds are written
        # as winter wall time (02:00); the repeated October hour thereby reads as winter time.
        start = _last_sunday(dt.year, 3).replace(hour=2)
        end = _last_sunday(dt.year, 10).replace(hour=2)
        naive = dt.replace(tzinfo=None)
        return timedelta(hours=1) if start <= naive < end else timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "CEST" if self.dst(dt) else "CET"


def _last_sunday(year: int, month: int) -> datetime:
    last_day = date(year, month + 1, 1) - timedelta(days=1)
    return datetime.combine(last_day - timedelta(days=(last_day.weekday() + 1) % 7), time(0, 0))


__all__ = [
    "CATEGORIES",
    "LABEL_CATEGORIES",
    "TERM_ID_CATEGORIES",
    "MappedEvent",
    "build_search_query",
    "map_event",
    "map_events",
    "split_street_address",
]
