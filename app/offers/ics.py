"""One activity as an iCalendar file (RFC 5545), written by hand: one event per real session.

A handful of properties does not warrant a dependency: what RFC 5545 asks of us is escaping TEXT
values (§3.3.11), folding lines at 75 octets without splitting a UTF-8 character (§3.1), CRLF line
ends, and a VTIMEZONE for the TZID we use (§3.6.5). Whole days are dates (VALUE=DATE).
"""

from datetime import UTC, date, datetime, time, timedelta

from app.clock import TIMEZONE_NAME

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TIMEZONE_NAME}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets; continuations start with a space."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not parts else 74  # the leading space counts on continuation lines
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _local(day: date, at: time) -> str:
    return datetime.combine(day, at).strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(session) -> list[str]:
    """DTSTART/DTEND of one session: dates for whole days, Brussels wall time otherwise."""
    if session.whole_day:
        return [
            f"DTSTART;VALUE=DATE:{session.day.strftime('%Y%m%d')}",
            # DTEND of a date is exclusive (RFC 5545 §3.6.1): the day after the last day.
            f"DTEND;VALUE=DATE:{(session.end_day + timedelta(days=1)).strftime('%Y%m%d')}",
        ]
    lines = [f"DTSTART;TZID={TIMEZONE_NAME}:{_local(session.day, session.start_time)}"]
    if session.end_time is not None:
        lines.append(f"DTEND;TZID={TIMEZONE_NAME}:{_local(session.end_day, session.end_time)}")
    return lines


def _place(activity) -> str:
    return ", ".join(
        part
        for part in (
            activity.location_name,
            " ".join(p for p in (activity.street, activity.number) if p),
            " ".join(p for p in (activity.postcode, "Gent") if p) if activity.street else "",
        )
        if part
    )


def event_lines(activity, url: str, host: str, lang: str | None = None) -> list[str]:
    """One VEVENT per real session: nothing on a day without one (contract §8)."""
    stamp = _utc(datetime.now(UTC))
    shared = ["SUMMARY:" + escape_text(activity.title_in(lang) if lang else activity.title)]
    if activity.description:
        shared.append("DESCRIPTION:" + escape_text(activity.description))
    if place := _place(activity):
        shared.append("LOCATION:" + escape_text(place))
    if activity.lat is not None and activity.lon is not None:
        shared.append(f"GEO:{activity.lat:.6f};{activity.lon:.6f}")
    shared.append("URL:" + url)
    lines = []
    for session in activity.sessions:
        # A session's own UID (its first moment), stable as long as the session is.
        moment = session.day.strftime("%Y%m%d") + (
            session.start_time.strftime("T%H%M") if session.start_time else ""
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:activity-{activity.id}-{moment}@{host}",
            f"DTSTAMP:{stamp}",
            *_when(session),
            *shared,
            "END:VEVENT",
        ]
    return lines


def calendar(activity, url: str, host: str, lang: str | None = None) -> str:
    """The calendar file; its title in `lang` where the activity has one (else the Dutch)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Stoepbezoek//Zomeraanbod Gent//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        *event_lines(activity, url, host, lang),
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
