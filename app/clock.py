"""Ghent's clock: what "today", "now" and "the current season" mean, for the product and its tests.

A route is dated, a season starts and a flyer scan is counted on the day as Ghent sees it, not on
the server's clock: a server on UTC is still on yesterday between midnight in Brussels and
midnight UTC (23:00–24:00 UTC in winter, 22:00–24:00 in summer). Every part of the app that asks
for the day asks here, so the pages, the API, the seed data and the tests agree on it.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from app.season import Season, current_season

# The one place the time zone is named: Ghent keeps Brussels time. tzdata (requirements.txt)
# provides it where the machine has no tz database of its own.
TIMEZONE_NAME = "Europe/Brussels"
GHENT = ZoneInfo(TIMEZONE_NAME)


def now() -> datetime:
    """This moment, as an aware datetime on Ghent's clock."""
    return datetime.now(GHENT)


def today() -> date:
    """Today's date in Ghent."""
    return now().date()


def this_season() -> Season:
    """The current season (contract §5) with the configured start and end, as of Ghent's today."""
    config = current_app.config
    return current_season(today(), tuple(config["SEASON_START"]), tuple(config["SEASON_END"]))
