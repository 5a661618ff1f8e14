"""Map UiTdatabank Search API v3 events (JSON-LD) to plain activity fields for the importer.

Most Ghent providers already publish in UiTdatabank, so importing from it spares them typing their
offer twice. This module only translates: no network, no database. The caller fetches (with
``build_search_query``), maps (with ``map_events``) and decides what to store.

Events are read as their organisers wrote them: the real sessions (each ``subEvent`` that is not
cancelled or postponed, or the ``openingHours`` weekdays of a period), whole days where a calendar
means whole days, prices per tariff, the booking availability and the age range as given.

Every event yields a ``MappedEvent`` with either ``data`` or ``errors`` saying why not (lazily
translated, for the staff's language); a malformed event is reported, never raised, so one bad
record cannot stop a nightly import of hundreds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from typing import Any

from flask_babel import lazy_gettext as _l

from app.clock import GHENT
from app.offers.sessions import (
    MAX_SESSIONS,
    Session,
    between,
    common_times,
    days_of,
    on_day,
    ordered,
    weekdays_of,
)
from app.parsing import parse_iso

GHENT_REGION = "nis-44021"
CAMP_EVENTTYPE = "0.57.0.0.0"
SPORT_EVENTTYPE = "0.59.0.0.0"
CHILD_AGE_MAX = 12  # the kids' offer: an age range must reach 12 or younger

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

# The one table from UiTdatabank's event types and themes to our categories, by term id (labels
# change and are translated; ids do not). From publiq's published lists "Type aanbod" and
# "Thema's" (documentatie.uitdatabank.be, categorisatie). A term not listed here says nothing about
# what the children will do: a course ("Cursus of workshop", "Lessenreeks") is what its theme is,
# an exhibition or a lecture is none of our categories.
TERM_CATEGORIES: Mapping[str, str] = {
    # event types
    CAMP_EVENTTYPE: "camp",  # Kamp of vakantie
    SPORT_EVENTTYPE: "sport",  # Sport en beweging
    "0.7.0.0.0": "day_trip",  # Begeleide uitstap of rondleiding
    "0.17.0.0.0": "nature",  # Route (wandelen, fietsen)
    "0.50.21.0.0": "play",  # Spel of quiz
    "0.28.0.0.0": "play",  # Festiviteit
    "0.50.4.0.0": "music_dance",  # Concert
    "0.54.0.0.0": "music_dance",  # Dansvoorstelling
    "0.55.0.0.0": "arts",  # Theatervoorstelling
    # themes: sport
    "1.51.3.0.0": "swimming",  # Zwemmen en watersport
    "1.51.13.0.0": "sport",  # Bal- en racketsport
    "1.51.14.0.0": "sport",  # Atletiek, wandelen en fietsen
    "1.51.6.0.0": "sport",  # Fitness, gymnastiek, dans en vechtsport
    "1.51.11.0.0": "sport",  # Outdoor en adventure
    "1.51.10.0.0": "sport",  # Volkssporten
    "1.51.12.0.0": "sport",  # Omnisport en andere
    "1.58.8.0.0": "sport",  # Lucht- en motorsport
    # themes: music and dance
    "1.8.1.0.0": "music_dance",  # Klassieke muziek
    "1.8.2.0.0": "music_dance",  # Jazz en blues
    "1.8.3.1.0": "music_dance",  # Pop en rock
    "1.8.3.2.0": "music_dance",  # Hip hop, rnb en rap
    "1.8.3.3.0": "music_dance",  # Dance
    "1.8.4.0.0": "music_dance",  # Folk en wereldmuziek
    "1.8.3.5.0": "music_dance",  # Amusementsmuziek
    "1.9.1.0.0": "music_dance",  # Ballet en klassieke dans
    "1.9.3.0.0": "music_dance",  # Volksdans en werelddans
    "1.9.5.0.0": "music_dance",  # Stijl- en salondansen
    "1.9.2.0.0": "music_dance",  # Moderne dans
    # themes: arts and crafts, theatre
    "1.1.0.0.0": "arts",  # Audiovisuele kunst
    "1.0.2.0.0": "arts",  # Beeldhouwkunst
    "1.0.6.0.0": "arts",  # Fotografie
    "1.0.4.0.0": "arts",  # Grafiek
    "1.0.3.0.0": "arts",  # Installatiekunst
    "1.0.1.0.0": "arts",  # Schilderkunst
    "1.0.5.0.0": "arts",  # Decoratieve kunst
    "1.2.2.0.0": "arts",  # Design
    "1.49.0.0.0": "arts",  # Mode
    "1.0.9.0.0": "arts",  # Meerdere kunstvormen
    "1.42.0.0.0": "arts",  # Creativiteit
    "1.41.0.0.0": "arts",  # Kunst en kunsteducatie
    "1.3.1.0.0": "arts",  # Tekst- en muziektheater
    "1.3.10.0.0": "arts",  # Humor en comedy
    "1.4.0.0.0": "arts",  # Musical
    "1.3.5.0.0": "arts",  # Figuren- en poppentheater
    "1.5.0.0.0": "arts",  # Opera en operette
    "1.3.4.0.0": "arts",  # Mime en bewegingstheater
    "0.52.0.0.0": "arts",  # Circus
    # themes: nature, science and technology, reading and language
    "1.64.0.0.0": "nature",  # Milieu en natuur
    "1.63.0.0.0": "nature",  # Landbouw en platteland
    "1.25.0.0.0": "science",  # Wetenschap
    "1.21.0.0.0": "science",  # Computer en techniek
    "1.10.0.0.0": "reading_language",  # Literatuur
    "1.10.5.0.0": "reading_language",  # Poëzie
    "1.10.11.0.0": "reading_language",  # Fictie
    "1.10.12.0.0": "reading_language",  # Non-fictie
    "1.10.8.0.0": "reading_language",  # Strips
    "1.11.1.0.0": "reading_language",  # Taal en communicatie
    "1.11.2.0.0": "camp",  # Themakamp
}

# typicalAgeRange is open-ended on either side; an open upper bound means "and older", which we
# store as this ceiling because the contract wants ages never null.
AGE_FLOOR = 0
AGE_CEILING = 99

# "6-12", "-12", "18-", "+18" (older producers), "12" (one age).
_AGE_RANGE_RE = re.compile(r"\s*(\d{0,3})\s*-\s*(\d{0,3})\s*|\s*\+\s*(\d{1,3})\s*|\s*(\d{1,3})\s*")
# "<street> <number>[ bus <box>]" (data/README.md); the number may carry a letter ("12A") or be a
# range ("10-12"). Anything else keeps the whole line as the street rather than guessing.
_ADDRESS_RE = re.compile(
    r"(?P<street>.*?\D)\s+(?P<number>\d+[A-Za-z]?(?:-\d+[A-Za-z]?)?)"
    r"(?:\s*,?\s*(?:bus|bte\.?|boîte|b\.|b(?=\s))\s*(?P<box>[0-9A-Za-z][0-9A-Za-z./-]*))?",
    re.IGNORECASE,
)
# Status types of an event or a sub-event: Unavailable is cancelled, TemporarilyUnavailable is
# postponed. Neither takes place on its dates.
_NOT_TAKING_PLACE = frozenset({"unavailable", "temporarilyunavailable"})
# Withdrawn events may still come through when a caller widens workflowStatus; they must not show.
_WITHDRAWN_WORKFLOW = frozenset({"DELETED", "REJECTED"})
_WEEKDAYS = {
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
}
# A tariff line for children: its name says so ("Kinderen tot 12 jaar", "Kids", "-12 jaar").
_CHILD_TARIFF_RE = re.compile(
    r"kind|jeugd|jongere|kids|kleuter|peuter|baby|enfant|child|jonger dan"
    r"|\b(?:tot|onder|-|<)\s*1?\d\s*(?:jaar|j)\b",
    re.IGNORECASE,
)
_KANSENTARIEF_RE = re.compile(r"uitpas|kansentarief", re.IGNORECASE)


@dataclass
class MappedEvent:
    """One event's outcome: ``data`` when it could be mapped, else ``errors`` saying why not."""

    external_id: str | None
    data: dict[str, Any] | None = None
    errors: list[Any] = field(default_factory=list)  # lazily translated messages
    title: str | None = None  # the event's name, when it has one, to name it in reports
    embedded: bool = True  # False: the response held only a link to the event (no embed=true)

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.errors


@dataclass(frozen=True)
class SearchSeason:
    """The season's first and last day, for events that give weekdays but no dates."""

    start: date
    end: date


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
    q = f"typicalAgeRange:[0 TO {CHILD_AGE_MAX}]"
    if camps_only:
        q += f" AND terms.id:{CAMP_EVENTTYPE}"
    date_from = datetime.combine(season_start, time(0, 0), GHENT)
    date_to = datetime.combine(season_end, time(23, 59, 59), GHENT)
    return {
        "q": q,
        "regions": GHENT_REGION,
        "dateFrom": date_from.isoformat(),
        "dateTo": date_to.isoformat(),
        # Without embed the response holds only @id's, and every event would cost a second call.
        "embed": "true",
        # UiTPAS prices (the kansentarief) are left out of priceInfo unless asked for.
        "embedUitpasPrices": "true",
        "start": str(start),
        "limit": str(limit),
    }


# --- mapping ------------------------------------------------------------------------------------


def map_events(payload: Any, season: SearchSeason | None = None) -> list[MappedEvent]:
    """Map a search response (``{"member": [...]}``), a list of events, or a single event."""
    if isinstance(payload, Mapping) and "member" in payload:
        members = payload.get("member")
        if not isinstance(members, list):
            return [MappedEvent(None, errors=[_l("het antwoord heeft geen lijst 'member'")])]
        return [map_event(event, season) for event in members]
    if isinstance(payload, list):
        return [map_event(event, season) for event in payload]
    return [map_event(payload, season)]


def map_event(event: Any, season: SearchSeason | None = None) -> MappedEvent:
    """Map one JSON-LD event; never raises for bad data."""
    if not isinstance(event, Mapping):
        return MappedEvent(
            None, errors=[_l("geen evenement maar %(kind)s", kind=type(event).__name__)]
        )
    external_id = event.get("@id") if isinstance(event.get("@id"), str) else None
    names = _translations(event.get("name"))
    title_language = _pick_language(names, event.get("mainLanguage"))
    title = names[title_language] if title_language else None
    if external_id and title is None and _only_a_link(event):
        return MappedEvent(external_id, errors=[NOT_EMBEDDED], embedded=False)
    try:
        mapped = _map_event(event, external_id, season)
    except Exception as exc:  # a surprise shape must not abort the whole import
        mapped = MappedEvent(
            external_id,
            errors=[_l("onverwachte gegevens (%(error)s)", error=f"{type(exc).__name__}: {exc}")],
        )
    mapped.title = title
    return mapped


NOT_EMBEDDED = _l(
    "UiTdatabank stuurde alleen een verwijzing naar dit evenement, niet het evenement zelf: de "
    "zoekopdracht moet embed=true meegeven (zo doet 'uitdatabank sync' het), of haal het "
    "antwoord opnieuw op met embed=true"
)


def _only_a_link(event: Mapping[str, Any]) -> bool:
    """A search result without embed=true: just ``{"@id", "@type"}``."""
    return not (set(event) - {"@id", "@type", "@context"})


def _map_event(
    event: Mapping[str, Any], external_id: str | None, season: SearchSeason | None
) -> MappedEvent:
    errors: list[Any] = []
    if not external_id:
        errors.append(_l("geen @id"))

    main_language = event.get("mainLanguage")
    names = _translations(event.get("name"))
    title_language = _pick_language(names, main_language)
    if title_language is None:
        errors.append(_l("geen naam"))

    descriptions = {
        lang: _html_to_text(text) for lang, text in _translations(event.get("description")).items()
    }
    descriptions = {lang: text for lang, text in descriptions.items() if text}
    description_language = _pick_language(descriptions, main_language)

    age_range, age_problem = parse_age_range(event.get("typicalAgeRange"))
    sub_events = [sub for sub in _list(event.get("subEvent")) if isinstance(sub, Mapping)]
    calendar = _calendar(event, sub_events, season)
    if calendar.error is not None:
        errors.append(calendar.error)

    if errors or title_language is None:
        if age_range is not None and not for_children(age_range):
            # What else is wrong matters less than this: it is not for children.
            errors = [adults_only(age_range, event.get("typicalAgeRange"))]
        return MappedEvent(external_id, errors=errors)

    sessions = calendar.sessions
    days = days_of(sessions)
    start_time, end_time = common_times(sessions)
    data: dict[str, Any] = {
        "external_id": external_id,
        "title": names[title_language],
        "title_i18n": {k: v for k, v in names.items() if k != title_language},
        "description": descriptions.get(description_language or "", ""),
        "description_i18n": {k: v for k, v in descriptions.items() if k != description_language},
        "main_language": title_language,
        "categories": categories_of(event.get("terms")),
        "age_min": age_range[0] if age_range else None,
        "age_max": age_range[1] if age_range else None,
        "age_problem": age_problem,
        "age_given": event.get("typicalAgeRange"),
        "sessions": sessions,
        "without_dates": calendar.without_dates,
        "start_date": days[0],
        "end_date": days[-1],
        "start_time": start_time,
        "end_time": end_time,
        "weekdays": weekdays_of(days),
        "overnight": _overnight(event, sub_events),
        "childcare": _childcare(sub_events),
        **_prices(event),
        "full": _full(event, calendar.kept_sub_events),
        "location": _location(event.get("location")),
        "registration": _registration(event),
        "organizer": _organizer_name(event.get("organizer")),
        "status": "unavailable" if calendar.all_cancelled else _status(event),
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


AGE_MISSING = "missing"  # no typicalAgeRange at all
AGE_ALL = "all"  # "-": UiTdatabank's "for all ages", which says nothing about children
AGE_UNREADABLE = "unreadable"  # "4/10", "twelve"


def parse_age_range(value: Any) -> tuple[tuple[int, int] | None, str | None]:
    """``"6-12"`` → (6, 12); ``"-12"`` → (0, 12); ``"18-"`` and ``"+18"`` → (18, 99).

    Returns ``(range, None)``, or ``(None, why)`` when the range is missing, "-" or unreadable:
    such an event is not for every age, it is of an unknown age, and a person must look.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, AGE_MISSING
    if not isinstance(value, str):
        return None, AGE_UNREADABLE
    match = _AGE_RANGE_RE.fullmatch(value)
    if match is None:
        return None, AGE_UNREADABLE
    low_text, high_text, plus, single = match.groups()
    if single is not None:  # a bare "12" means exactly that age
        low = high = int(single)
    elif plus is not None:  # "+18": 18 and older
        low, high = int(plus), AGE_CEILING
    else:
        if not low_text and not high_text:
            return None, AGE_ALL
        low = int(low_text) if low_text else AGE_FLOOR
        high = int(high_text) if high_text else AGE_CEILING
    low = min(max(low, AGE_FLOOR), AGE_CEILING)
    high = min(max(high, AGE_FLOOR), AGE_CEILING)
    if low > high:
        return None, AGE_UNREADABLE
    return (low, high), None


def for_children(age_range: tuple[int, int]) -> bool:
    """The kids' offer: the range reaches 12 or younger (contract §8)."""
    return age_range[0] <= CHILD_AGE_MAX


def adults_only(age_range: tuple[int, int], given: Any):
    return _l(
        "voor %(age)s jaar en ouder (%(given)s in UiTdatabank): niet voor het kinderaanbod",
        age=age_range[0],
        given=given,
    )


def categories_of(terms: Any) -> list[str]:
    """Our categories for the event's types and themes, by their ids (``TERM_CATEGORIES``)."""
    found: set[str] = set()
    for term in _list(terms):
        if isinstance(term, Mapping) and isinstance(term.get("id"), str):
            code = TERM_CATEGORIES.get(term["id"].strip())
            if code is not None:
                found.add(code)
    return [code for code in CATEGORIES if code in found]


# --- calendar -----------------------------------------------------------------------------------


@dataclass
class Calendar:
    sessions: list[Session] = field(default_factory=list)
    kept_sub_events: list[Mapping[str, Any]] = field(default_factory=list)
    all_cancelled: bool = False  # every sub-event is cancelled or postponed
    without_dates: bool = False  # weekdays only (a permanent offer): the season's dates were used
    error: Any = None


def calendar_of(event: Mapping[str, Any], season: SearchSeason | None = None) -> Calendar:
    """The real sessions of an event (its calendar alone: no name or @id needed)."""
    sub_events = [sub for sub in _list(event.get("subEvent")) if isinstance(sub, Mapping)]
    return _calendar(event, sub_events, season)


def _calendar(
    event: Mapping[str, Any], sub_events: list[Mapping[str, Any]], season: SearchSeason | None
) -> Calendar:
    """The event's real sessions.

    Sub-events are the sessions (a cancelled or postponed one is left out); without them, a
    period with opening hours takes place on those weekdays at those hours; a period without is
    every day of it; a single date is that date. A permanent offer has weekdays only: the
    season's dates stand in for its dates, and a person checks it.
    """
    dated = [sub for sub in sub_events if _parse_datetime(sub.get("startDate"))]
    if dated:
        kept = [sub for sub in dated if not _not_taking_place(sub.get("status"))]
        sessions = []
        for sub in kept:
            session, error = _between(sub.get("startDate"), sub.get("endDate"))
            if error is not None:
                return Calendar(error=error)
            sessions.append(session)
        if not kept:
            return Calendar(sessions=_fallback_sessions(dated), all_cancelled=True)
        return Calendar(sessions=ordered(sessions), kept_sub_events=kept)

    hours = _opening_hours(event.get("openingHours"))
    start = _parse_datetime(event.get("startDate"))
    if start is None or event.get("calendarType") == "permanent":
        if hours and season is not None:
            return Calendar(
                sessions=_opening_sessions(season.start, season.end, hours), without_dates=True
            )
        if event.get("calendarType") == "permanent":
            return Calendar(error=_l("geen data (vast aanbod zonder openingsuren)"))
        return Calendar(error=_l("geen data"))
    end = _parse_datetime(event.get("endDate"))
    if end is not None and end.date() < start.date():
        return Calendar(
            error=_l(
                "eindigt (%(end)s) voor het begint (%(start)s)",
                end=end.date().isoformat(),
                start=start.date().isoformat(),
            )
        )
    if hours:
        return Calendar(sessions=_opening_sessions(start.date(), (end or start).date(), hours))
    if event.get("calendarType") == "periodic" and end is not None:
        # A period without opening hours is open every day of it.
        return Calendar(sessions=[Session(start.date(), end.date())])
    session, error = _between(event.get("startDate"), event.get("endDate"))
    return Calendar(sessions=[session] if session else [], error=error)


def _between(start_value: Any, end_value: Any) -> tuple[Session | None, Any]:
    start, end = _parse_datetime(start_value), _parse_datetime(end_value)
    if start is None:
        return None, _l("geen data")
    if end is not None and end.date() < start.date():
        return None, _l(
            "eindigt (%(end)s) voor het begint (%(start)s)",
            end=end.date().isoformat(),
            start=start.date().isoformat(),
        )
    return between(start, end), None


def _fallback_sessions(sub_events: list[Mapping[str, Any]]) -> list[Session]:
    """The dates of cancelled sub-events, so a withdrawn activity still says when it was."""
    sessions = [_between(s.get("startDate"), s.get("endDate"))[0] for s in sub_events]
    return ordered(s for s in sessions if s is not None)


def _not_taking_place(status: Any) -> bool:
    status_type = status.get("type") if isinstance(status, Mapping) else status
    return isinstance(status_type, str) and status_type.lower() in _NOT_TAKING_PLACE


def _opening_hours(value: Any) -> list[tuple[frozenset[int], time | None, time | None]]:
    """(ISO weekdays, opens, closes) per usable openingHours entry; unknown day names dropped."""
    result = []
    for item in _list(value):
        if not isinstance(item, Mapping):
            continue
        days = frozenset(
            _WEEKDAYS[name.strip().lower()]
            for name in _list(item.get("dayOfWeek"))
            if isinstance(name, str) and name.strip().lower() in _WEEKDAYS
        )
        if days:
            result.append((days, _parse_time(item.get("opens")), _parse_time(item.get("closes"))))
    return result


def _opening_sessions(
    first: date, last: date, hours: list[tuple[frozenset[int], time | None, time | None]]
) -> list[Session]:
    sessions: list[Session] = []
    day = first
    while day <= last and len(sessions) < MAX_SESSIONS:
        for weekdays, opens, closes in hours:
            if day.isoweekday() in weekdays:
                sessions.append(on_day(day, opens, closes))
        day += timedelta(days=1)
    return ordered(sessions)


def _parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 timestamp in Brussels time; naive or date-only values are taken as local."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith("Z"):  # Python 3.11 reads "Z", older versions do not
        text = text[:-1] + "+00:00"
    parsed = parse_iso(text, datetime)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=GHENT)
    # Search API v3 sends UTC ("2021-01-21T23:00:00+00:00" is midnight on the 22nd in Ghent);
    # taking .date() of the UTC value would put activities on the wrong day.
    return parsed.astimezone(GHENT)


def _parse_time(value: Any) -> time | None:
    parsed = parse_iso(value, time)
    return None if parsed is None else time(parsed.hour, parsed.minute)


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
    """Prices as families need them: what a child pays, and whether UiTPAS gives the kansentarief.

    ``price_eur`` is the base price; a tariff of 0 for children ("Kinderen tot 12 jaar") makes it
    free for children (``children_free``) while others pay the base price; UiTPAS lines — by
    category or by name — are the kansentarief. No price at all leaves every value unknown.
    """
    base: float | None = None
    children_free = False
    kansentarief = False
    uitpas_prices: list[float] = []
    for line in _list(event.get("priceInfo")):
        if not isinstance(line, Mapping):
            continue
        price = _money(line.get("price"))
        category = line.get("category")
        name = " ".join(_translations(line.get("name")).values())
        if category == "uitpas" or _KANSENTARIEF_RE.search(name):
            # A kansentarief line without an amount still tells a family they can ask for it.
            kansentarief = True
            if price is not None:
                uitpas_prices.append(price)
        elif category == "base" and price is not None and base is None:
            base = price
        elif category == "tariff" and price == 0 and _CHILD_TARIFF_RE.search(name):
            children_free = True
    # UiTdatabank labels an UiTPAS event ("UiTPAS Gent") even where its prices were not embedded.
    labels = [*_list(event.get("labels")), *_list(event.get("hiddenLabels"))]
    if any(isinstance(label, str) and _KANSENTARIEF_RE.search(label) for label in labels):
        kansentarief = True
    free = base == 0 or _flag(event.get("isAccessibleForFree"))
    return {
        "price_eur": base,
        "free": free,
        "children_free": children_free and not free,
        "kansentarief": kansentarief,
        "kansentarief_price_eur": min(uitpas_prices) if uitpas_prices else None,
    }


def fully_booked(event: Mapping[str, Any], calendar: Calendar) -> bool:
    return _full(event, calendar.kept_sub_events)


def _full(event: Mapping[str, Any], kept_sub_events: list[Mapping[str, Any]]) -> bool:
    """Fully booked: the event says so, or every session that takes place does."""
    if _not_taking_place(event.get("bookingAvailability")):
        return True
    return bool(kept_sub_events) and all(
        _not_taking_place(sub.get("bookingAvailability")) for sub in kept_sub_events
    )


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
    return "unavailable" if _not_taking_place(event.get("status")) else "available"


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


__all__ = [
    "CATEGORIES",
    "TERM_CATEGORIES",
    "MappedEvent",
    "SearchSeason",
    "build_search_query",
    "calendar_of",
    "fully_booked",
    "categories_of",
    "map_event",
    "map_events",
    "parse_age_range",
    "split_street_address",
]
