"""How an activity's dates read for a family: its real days, in the visitor's language.

"di 6 jul – wo 5 jul 2028, 10:00–17:00" for a regular run, "zo 11 jul, ma 12 jul, zo 18 jul" for
scattered dates. The year is written only where it differs from the season's, so a period into
next summer does not read as a week of this one.
"""

from datetime import date

from flask_babel import format_date, gettext

from app.offers.codes import WEEKDAYS
from app.offers.sessions import common_times, days_of, is_regular, runs, weekdays_of

RUNS_SHOWN = 4  # scattered dates: this many runs of consecutive days, then "and N more days"


def day_label(day: date, season_year: int) -> str:
    if day.year != season_year:
        return format_date(day, "EEE d MMM y")
    return format_date(day, "EEE d MMM")


def _span(first: date, last: date, season_year: int) -> str:
    if first == last:
        return day_label(first, season_year)
    return f"{day_label(first, season_year)} – {day_label(last, season_year)}"


def hours_label(activity) -> str:
    start, end = common_times(activity.sessions)
    if start is None:
        return ""
    if end is None:
        return gettext("vanaf %(time)s", time=start.strftime("%H:%M"))
    return f"{start.strftime('%H:%M')}–{end.strftime('%H:%M')}"


def when_label(activity, season_year: int) -> str:
    """The activity's days (and hours, when every session has the same) in one line."""
    days = days_of(activity.sessions) or [activity.start_date, activity.end_date]
    if activity.overnight or is_regular(days):
        text = _span(days[0], days[-1], season_year)
    else:
        parts = [_span(first, last, season_year) for first, last in runs(days)]
        shown = parts[:RUNS_SHOWN]
        text = ", ".join(shown)
        if len(parts) > RUNS_SHOWN:
            rest = len(days) - sum(
                (last - first).days + 1 for first, last in runs(days)[:RUNS_SHOWN]
            )
            text += " " + gettext("en nog %(n)s dagen", n=rest)
    hours = hours_label(activity)
    return f"{text}, {hours}" if hours else text


def weekdays_label(activity) -> str:
    """"op wo, do, vr" for a regular run that skips weekdays; "" when there is nothing to add."""
    days = days_of(activity.sessions)
    if activity.overnight or len(days) < 2 or not is_regular(days):
        return ""
    weekdays = weekdays_of(days)
    span = (days[-1] - days[0]).days + 1
    if len(weekdays) == 7 or (span <= 7 and len(days) == span):
        return ""  # every day, or a few days in a row: the dates say it all
    return gettext("op %(days)s", days=", ".join(str(WEEKDAYS[d]) for d in weekdays))
