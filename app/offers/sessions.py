"""When an activity really takes place: its sessions, the days they cover, the weeks of those days.

A session is one stretch of an activity: one day with its hours (a course on a Wednesday,
13:15–14:45), a whole day, or a stretch over several days (a camp from Monday 9:00 to Friday 17:00).
Everything families and coordinators see about dates comes from an activity's sessions — the weeks
of /aanbod and of the coverage counts, the API's `days` and `weeks`, the `.ics` — so they agree.

Pure date arithmetic: no Flask, no database. Times are wall-clock times in Ghent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.season import iso_week_of, season_for_year

# A provider's form or an UiTdatabank period could span years; beyond this many sessions the rest
# is left out (a summer has 62 days, a year of daily sessions 366).
MAX_SESSIONS = 1000

MIDNIGHT = time(0, 0)
# A stretch that ends this early on its last day (a party until 02:00) does not take place on that
# last day for a family: the day it started is the day it is on.
_EARLY_END = time(6, 0)


@dataclass(frozen=True)
class Session:
    day: date
    end_day: date
    start_time: time | None = None  # None: whole days, no hours
    end_time: time | None = None  # None with a start_time: the end was not given

    @property
    def whole_day(self) -> bool:
        return self.start_time is None

    @property
    def key(self) -> tuple:
        """Order of sessions: by day, whole days before hours on the same day."""
        return (self.day, self.start_time or time.min, self.end_day, self.end_time or time.min)

    @property
    def days(self) -> list[date]:
        """The dates this session takes place on."""
        last = self.end_day
        if (
            last > self.day
            and self.start_time is not None
            and self.end_time is not None
            and self.end_time <= _EARLY_END
        ):
            last -= timedelta(days=1)
        return [self.day + timedelta(days=n) for n in range((last - self.day).days + 1)]

    def to_json(self) -> list:
        """``["2027-07-07", "2027-07-07", "13:15", "14:45"]``, what pending changes can keep."""
        return [
            self.day.isoformat(),
            self.end_day.isoformat(),
            self.start_time.strftime("%H:%M") if self.start_time else None,
            self.end_time.strftime("%H:%M") if self.end_time else None,
        ]

    @classmethod
    def from_json(cls, value) -> Session:
        day, end_day, start, end = value
        return cls(
            date.fromisoformat(day),
            date.fromisoformat(end_day),
            time.fromisoformat(start) if start else None,
            time.fromisoformat(end) if end else None,
        )


def between(start: datetime, end: datetime | None) -> Session:
    """The session from one local moment to another, with the whole-day conventions of calendars.

    A start at midnight with no end, an end at midnight, or an end at 23:59 is a whole day (or
    whole days), never a zero-length appointment at "00:00–00:00".
    """
    first = start.date()
    if end is None:
        if start.time() == MIDNIGHT:
            return Session(first, first)
        return Session(first, first, _minute(start.time()), None)
    start_time, end_time = _minute(start.time()), _minute(end.time())
    last = end.date()
    if start_time == MIDNIGHT and (end_time == MIDNIGHT or end_time >= time(23, 59)):
        # Midnight at the end of a later day closes the day before it.
        if end_time == MIDNIGHT and last > first:
            last -= timedelta(days=1)
        return Session(first, max(first, last))
    if last < first or (last == first and end_time <= start_time):
        # "20:00 until 02:00" written on one date: it ends the next morning.
        if last == first and end_time < start_time:
            return Session(first, first + timedelta(days=1), start_time, end_time)
        return Session(first, first, start_time, None)
    return Session(first, last, start_time, end_time)


def _minute(value: time) -> time:
    return time(value.hour, value.minute)


def on_day(day: date, start_time: time | None, end_time: time | None) -> Session:
    """One day with (optional) hours, the shape of a provider's day activity."""
    if start_time is None or (start_time == MIDNIGHT and end_time in (None, MIDNIGHT)):
        return Session(day, day)
    if end_time is not None and end_time < start_time:
        return Session(day, day + timedelta(days=1), start_time, end_time)
    if end_time is not None and end_time == start_time:
        end_time = None
    return Session(day, day, start_time, end_time)


def from_schedule(
    start_date: date,
    end_date: date,
    weekdays: str,
    start_time: time | None,
    end_time: time | None,
    overnight: bool,
) -> list[Session]:
    """The sessions of a period with weekdays and hours, as providers describe their activity.

    A stay with overnights is one stretch from the first day to the last; anything else takes place
    on each chosen weekday between the first and the last day.
    """
    if end_date < start_date:
        return []
    if overnight:
        if start_time is None:
            return [Session(start_date, end_date)]
        return [Session(start_date, end_date, start_time, end_time)]
    chosen = set(weekdays or "1234567")
    sessions: list[Session] = []
    day = start_date
    while day <= end_date and len(sessions) < MAX_SESSIONS:
        if str(day.isoweekday()) in chosen:
            sessions.append(on_day(day, start_time, end_time))
        day += timedelta(days=1)
    return sessions


def ordered(sessions: Iterable[Session]) -> list[Session]:
    """Sessions in calendar order, each once."""
    return sorted(set(sessions), key=lambda s: s.key)


def days_of(sessions: Iterable[Session]) -> list[date]:
    """Every date with a session, sorted, each once."""
    return sorted({day for session in sessions for day in session.days})


def season_days(
    sessions: Iterable[Session], start_mmdd: tuple[int, int], end_mmdd: tuple[int, int]
) -> list[date]:
    """The dates with a session that fall within the summer season of their own year."""
    result = []
    for day in days_of(sessions):
        season = season_for_year(day.year, start_mmdd, end_mmdd)
        if season.contains(day):
            result.append(day)
    return result


def weeks_of(days: Iterable[date]) -> list[str]:
    """The ISO weeks (``2027-W28``) of these dates, sorted, each once."""
    return sorted({iso_week_of(day) for day in days})


def weekdays_of(days: Iterable[date]) -> str:
    """ISO weekday digits that occur among these dates: ``"3"`` for Wednesdays only."""
    return "".join(sorted({str(day.isoweekday()) for day in days}))


def common_times(sessions: Iterable[Session]) -> tuple[time | None, time | None]:
    """The hours every session shares, or (None, None) when they differ or are whole days."""
    pairs = {(s.start_time, s.end_time) for s in sessions}
    if len(pairs) != 1:
        return None, None
    return pairs.pop()


def runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive dates folded into (first, last) pairs: 11, 12 and 18 July → two runs."""
    result: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if result and day - result[-1][1] == timedelta(days=1):
            result[-1] = (result[-1][0], day)
        else:
            result.append((day, day))
    return result


def is_regular(days: list[date]) -> bool:
    """Every date between the first and the last whose weekday occurs does have a session."""
    if not days:
        return True
    weekdays = set(weekdays_of(days))
    span = (days[-1] - days[0]).days + 1
    expected = sum(
        1 for n in range(span) if str((days[0] + timedelta(days=n)).isoweekday()) in weekdays
    )
    return expected == len(days)
