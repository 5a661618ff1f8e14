"""The summer season: its date range, its ISO weeks, and which of them an activity runs in.

Pure date arithmetic, no Flask or database, so that views, the API, reports and importers all
agree on what "the season" and "a week" mean (contract §5: a configurable range, default 1 July –
31 August; its weeks are the ISO weeks that overlap it; the current season is this year's until
its last day has passed, then next year's).

A week is always spelled as an ISO week string ``YYYY-Www`` (contract §6). Week-years differ from
calendar years around New Year (1 January 2027 lies in 2026-W53), so every conversion here goes
through ``date.isocalendar()`` / ``date.fromisocalendar()`` rather than counting from 1 January.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_START_MMDD: tuple[int, int] = (7, 1)
DEFAULT_END_MMDD: tuple[int, int] = (8, 31)

# Strict on purpose: the string arrives from query parameters and printed links, and a lenient
# parser would let "2027-w5" and "2027W05" become different cache keys for the same page.
_ISO_WEEK_RE = re.compile(r"([0-9]{4})-W([0-9]{2})")


def weeks_in_year(year: int) -> int:
    """Number of ISO weeks (52 or 53) in an ISO week-year."""
    # 28 December always lies in the last ISO week of its year.
    return date(year, 12, 28).isocalendar().week


def parse_iso_week(value: str) -> tuple[int, int]:
    """``"2027-W28"`` → ``(2027, 28)``; ValueError for anything that is not an existing ISO week."""
    if not isinstance(value, str):
        raise ValueError(f"not an ISO week: {value!r}")
    match = _ISO_WEEK_RE.fullmatch(value)
    if match is None:
        raise ValueError(f"not an ISO week (expected YYYY-Www): {value!r}")
    year, week = int(match.group(1)), int(match.group(2))
    if year < 1 or year > 9998 or not 1 <= week <= weeks_in_year(year):
        raise ValueError(f"no such ISO week: {value!r}")
    return year, week


def format_iso_week(year: int, week: int) -> str:
    return f"{year:04d}-W{week:02d}"


def iso_week_of(day: date) -> str:
    """The ISO week string a date falls in (its week-year may differ from ``day.year``)."""
    iso = day.isocalendar()
    return format_iso_week(iso.year, iso.week)


def iso_week_range(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week string."""
    year, number = parse_iso_week(week)
    monday = date.fromisocalendar(year, number, 1)
    return monday, monday + timedelta(days=6)


def _weeks_covering(first: date, last: date) -> list[str]:
    # Step from the Monday of the first day's week so that each week is produced exactly once.
    monday = first - timedelta(days=first.weekday())
    weeks: list[str] = []
    while monday <= last:
        weeks.append(iso_week_of(monday))
        monday += timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class Season:
    """One summer season: ``year`` names it, ``start``..``end`` (both inclusive) bound it."""

    year: int
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"season ends ({self.end}) before it starts ({self.start})")

    @property
    def weeks(self) -> list[str]:
        """ISO weeks that overlap the season, in order (the first and last may be partial)."""
        return _weeks_covering(self.start, self.end)

    def week_range(self, week: str) -> tuple[date, date]:
        """Monday and Sunday of ``week``: the whole ISO week, not clipped to the season."""
        return iso_week_range(week)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def season_for_year(
    year: int,
    start_mmdd: tuple[int, int] = DEFAULT_START_MMDD,
    end_mmdd: tuple[int, int] = DEFAULT_END_MMDD,
) -> Season:
    """The season of ``year``; (month, day) pairs come from configuration."""
    # A season that wraps over New Year is refused by Season itself: the product has summers only,
    # and "the season of 2027" would be ambiguous otherwise.
    return Season(year, date(year, *start_mmdd), date(year, *end_mmdd))


def current_season(
    today: date,
    start_mmdd: tuple[int, int] = DEFAULT_START_MMDD,
    end_mmdd: tuple[int, int] = DEFAULT_END_MMDD,
) -> Season:
    """This year's season until its last day has passed, then next year's (contract §5)."""
    # From September on, families and providers are already looking ahead, and the coverage
    # report should show the coming summer's gaps rather than a finished season's.
    this_year = season_for_year(today.year, start_mmdd, end_mmdd)
    if today <= this_year.end:
        return this_year
    return season_for_year(today.year + 1, start_mmdd, end_mmdd)


def weeks_between(start_date: date, end_date: date, season: Season) -> list[str]:
    """The season's weeks that an activity running ``start_date``..``end_date`` overlaps.

    This is the intersection with ``season.weeks``, so it is clipped to whole season weeks, not to
    the season's days: with a season starting Thursday 1 July, an activity on Tuesday 29 June lies
    in the season's first week and is listed there, just as the week view shows that whole week.
    """
    if end_date < start_date:
        raise ValueError(f"activity ends ({end_date}) before it starts ({start_date})")
    season_weeks = season.weeks
    first_monday, _ = iso_week_range(season_weeks[0])
    _, last_sunday = iso_week_range(season_weeks[-1])
    first, last = max(start_date, first_monday), min(end_date, last_sunday)
    if last < first:
        return []
    return _weeks_covering(first, last)


def format_week_range(weeks: Iterable[str]) -> str:
    """Compress weeks into week numbers with ranges, sorted: ``"28, 30–31"``; ``""`` when empty.

    Only the numbers are printed because a season never spans two years; runs are detected on the
    dates, so 2026-W53 followed by 2027-W01 still counts as consecutive.
    """
    mondays = sorted({iso_week_range(week)[0] for week in weeks})
    runs: list[tuple[date, date]] = []
    for monday in mondays:
        if runs and monday - runs[-1][1] == timedelta(days=7):
            runs[-1] = (runs[-1][0], monday)
        else:
            runs.append((monday, monday))
    parts = []
    for first, last in runs:
        first_no, last_no = first.isocalendar().week, last.isocalendar().week
        parts.append(str(first_no) if first == last else f"{first_no}\u2013{last_no}")
    return ", ".join(parts)
