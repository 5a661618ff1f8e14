"""Which season a report is about: `?season=YYYY`, defaulting to the current one (contract §6)."""

from datetime import datetime, time, timedelta

from flask import current_app

from app import clock
from app.season import Season, season_for_year

FIRST_YEAR, LAST_YEAR = 2020, 2100


def season_from_arg(raw: str | None) -> Season | None:
    """The season named by a query parameter, the current one when absent; None when malformed."""
    if raw is None or raw.strip() == "":
        return clock.this_season()
    raw = raw.strip()
    if not raw.isdigit() or len(raw) != 4 or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return None
    config = current_app.config
    return season_for_year(int(raw), config["SEASON_START"], config["SEASON_END"])


def selectable_years() -> list[int]:
    """The season selector: a few seasons back and the next one."""
    current = clock.this_season().year
    return list(range(current + 1, current - 4, -1))


def demand_window(season: Season) -> tuple[datetime, datetime]:
    """[from, until): visits after the previous season's last day, up to this season's last day.

    Visits are stored as naive datetimes; the window runs from midnight to midnight.
    """
    config = current_app.config
    previous = season_for_year(season.year - 1, config["SEASON_START"], config["SEASON_END"])
    start = datetime.combine(previous.end + timedelta(days=1), time.min)
    until = datetime.combine(season.end + timedelta(days=1), time.min)
    return start, until
