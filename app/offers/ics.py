"""One activity as an iCalendar file (RFC 5545), written by hand.

One event with a handful of properties does not warrant a dependency: what RFC 5545 asks of us
is escaping TEXT values (§3.3.11), folding lines at 75 octets without splitting a UTF-8 character
(§3.1), CRLF line ends, and a VTIMEZONE for the TZID we use (§3.6.5).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
BYDAY = {"1": "MO", "2": "TU", "3": "WE", "4": "TH", "5": "FR", "6": "SA", "7": "SU"}
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Brussels",
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
    parts, current, size = [], "", 0
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


def event_lines(activity, url: str, host: str, lang: str | None = None) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:activity-{activity.id}@{host}",
        f"DTSTAMP:{_utc(datetime.now(UTC))}",
    ]
    start, end = activity.start_date, activity.end_date
    if activity.start_time and activity.end_time:
        days = activity.weekdays or "1234567"
        if activity.overnight or start == end:
            lines.append(f"DTSTART;TZID=Europe/Brussels:{_local(start, activity.start_time)}")
            lines.append(f"DTEND;TZID=Europe/Brussels:{_local(end, activity.end_time)}")
        else:
            # A day activity over several days: one occurrence per day it runs.
            first = start
            while str(first.isoweekday()) not in days and first < end:
                first += timedelta(days=1)
            until = datetime.combine(end, time(23, 59, 59), BRUSSELS)
            byday = ",".join(BYDAY[d] for d in days if d in BYDAY)
            lines.append(f"DTSTART;TZID=Europe/Brussels:{_local(first, activity.start_time)}")
            lines.append(f"DTEND;TZID=Europe/Brussels:{_local(first, activity.end_time)}")
            lines.append(f"RRULE:FREQ=DAILY;UNTIL={_utc(until)};BYDAY={byday}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{start.strftime('%Y%m%d')}")
        lines.append(f"DTEND;VALUE=DATE:{(end + timedelta(days=1)).strftime('%Y%m%d')}")
    lines.append("SUMMARY:" + escape_text(activity.title_in(lang) if lang else activity.title))
    if activity.description:
        lines.append("DESCRIPTION:" + escape_text(activity.description))
    place = ", ".join(
        part
        for part in (
            activity.location_name,
            " ".join(p for p in (activity.street, activity.number) if p),
            " ".join(p for p in (activity.postcode, "Gent") if p) if activity.street else "",
        )
        if part
    )
    if place:
        lines.append("LOCATION:" + escape_text(place))
    if activity.lat is not None and activity.lon is not None:
        lines.append(f"GEO:{activity.lat:.6f};{activity.lon:.6f}")
    lines.append("URL:" + url)
    lines.append("END:VEVENT")
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
