"""Date-bound tests run on the real clock and frozen just after midnight in Ghent.

Between midnight in Brussels and midnight UTC a server on UTC is still on yesterday: 23:00–24:00
UTC in winter, 22:00–24:00 in summer. `around_midnight` runs a test three more times with the
clock frozen (and ticking on) in those hours — in winter, in summer, and on the night the season
ends in Ghent but not yet in UTC — and yields Ghent's date and season year then.

Use it before any fixture that writes dated data, e.g. ``def test_x(around_midnight, scaled)``.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
import time_machine

from app import clock
from app.season import current_season


@dataclass(frozen=True)
class Moment:
    utc: datetime | None  # None: the real clock
    ghent_date: date | None = None
    utc_date: date | None = None
    season_year: int | None = None


MOMENTS = {
    "real-clock": Moment(None),
    # 00:30 on Sunday 6 December in Ghent (CET, UTC+1); still the 5th in UTC.
    "winter-23:30-utc": Moment(
        datetime(2026, 12, 5, 23, 30, tzinfo=UTC), date(2026, 12, 6), date(2026, 12, 5), 2027
    ),
    # 00:30 on Thursday 15 July in Ghent (CEST, UTC+2); still the 14th in UTC.
    "summer-22:30-utc": Moment(
        datetime(2027, 7, 14, 22, 30, tzinfo=UTC), date(2027, 7, 15), date(2027, 7, 14), 2027
    ),
    # 00:30 on 1 September in Ghent: the 2027 season is over there, not yet in UTC.
    "season-end-22:30-utc": Moment(
        datetime(2027, 8, 31, 22, 30, tzinfo=UTC), date(2027, 9, 1), date(2027, 8, 31), 2028
    ),
}


@pytest.fixture(params=list(MOMENTS))
def around_midnight(request):
    moment = MOMENTS[request.param]
    if moment.utc is None:
        today = clock.today()
        yield Moment(None, today, datetime.now(UTC).date(), current_season(today).year)
        return
    with time_machine.travel(moment.utc, tick=True):
        yield moment


@pytest.fixture(params=[name for name, moment in MOMENTS.items() if moment.utc is not None])
def ghent_midnight(request):
    """Only the frozen moments: for tests whose point is the difference with UTC's date."""
    moment = MOMENTS[request.param]
    with time_machine.travel(moment.utc, tick=True):
        yield moment
