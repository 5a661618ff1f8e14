"""Phones' clocks: the time a visit happened, on the server's clock.

A phone sends its own clock with each batch (`sent_at`). The difference with the server's clock
when the batch arrives is how far the phone is off, whenever its visits were logged: a visit
queued offline for hours keeps its age, only the phone's error is taken out. A visit is never
refused for its time; a correction of ten minutes or more is shown to the coordinator.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.parsing import parse_iso

# Under this the difference is the network's delay and ordinary drift: nothing is corrected.
NOISE = timedelta(minutes=2)
# A phone this far off is told so (the sync box), so that the worker sets its clock right.
TELL_SECONDS = 5 * 60
# A correction this large is flagged for the coordinator (the time may be off by the network's
# delay, or the worker's clock was changed between the visit and the send).
FLAG_SECONDS = 10 * 60
# What a 4-byte integer column holds: a phone reset to 1970 is 56 years off and fits; a time
# from year 1 is stored as "as far off as can be said".
MAX_OFFSET_SECONDS = 2**31 - 1
# A time still this far ahead after the correction cannot have happened yet: the phone's clock
# changed between the visit and the send, or an old client sent no clock.
SLACK = timedelta(minutes=5)


def server_now() -> datetime:
    """Now in naive UTC, as the database stores times."""
    return datetime.now(UTC).replace(tzinfo=None)


def parse_moment(value) -> datetime | None:
    """An ISO 8601 date and time as naive UTC; without an offset it is taken as UTC."""
    moment = parse_iso(value, datetime)
    if moment is not None and moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


@dataclass(frozen=True)
class PhoneClock:
    """How far a batch's phone is behind the server (positive: the phone is slow)."""

    offset: timedelta = timedelta(0)
    known: bool = False  # the phone sent its clock

    @classmethod
    def from_sent_at(cls, sent_at: datetime | None, now: datetime | None = None) -> "PhoneClock":
        if sent_at is None:
            return cls()
        offset = (now or server_now()) - sent_at
        return cls(offset if abs(offset) >= NOISE else timedelta(0), known=True)

    @property
    def offset_seconds(self) -> int:
        return round(self.offset.total_seconds())

    def place(self, said: datetime, earliest: datetime, now: datetime | None = None) -> datetime:
        """The visit's time on the server's clock: what the phone said, corrected.

        A time that still lies ahead, or before `earliest` (the day before the round started),
        cannot be right; it becomes the moment the server received it.
        """
        now = now or server_now()
        try:
            moment = said + self.offset
        except OverflowError:  # past year 9999 or before year 1: not a time at all
            return now
        if moment > now + SLACK or moment < earliest:
            return now
        return moment


def offset_seconds(placed: datetime, said: datetime) -> int:
    """The seconds the server added to the phone's time, as the database can keep them."""
    seconds = round((placed - said).total_seconds())
    return max(-MAX_OFFSET_SECONDS, min(MAX_OFFSET_SECONDS, seconds))


def is_flagged(offset_seconds: int) -> bool:
    return abs(offset_seconds) >= FLAG_SECONDS
