"""How an activity's dates read for a family: its real days, in the visitor's language.

"di 6 jul – wo 5 jul 2028, 10:00–17:00" for a regular run, "zo 11 jul, ma 12 jul, zo 18 jul" for
scattered dates. The year is written only where it differs from the season's, so a period into
next summer does not read as a week of this one.
"""

from datetime import date

from flask_babel import format_date, gettext, ngettext
from markupsafe import Markup

from app.offers.sessions import common_times, days_of, is_regular, runs, weekdays_of
from app.public.wording import bdi, join_markup, markup_text
from app.public.wording import weekdays as weekday_names

RUNS_SHOWN = 4  # scattered dates: this many runs of consecutive days, then "and N more days"


def day_label(day: date, season_year: int) -> Markup:
    """One day, isolated so that it keeps its own order inside right-to-left text."""
    if day.year != season_year:
        return bdi(format_date(day, "EEE d MMM y"))
    return bdi(format_date(day, "EEE d MMM"))


def _span(first: date, last: date, season_year: int) -> Markup:
    if first == last:
        return day_label(first, season_year)
    return day_label(first, season_year) + " – " + day_label(last, season_year)


def hours_label(activity) -> Markup:
    """ "09:00–16:00", left to right in every language (never "16:00–09:00" in Arabic)."""
    start, end = common_times(activity.sessions)
    if start is None:
        return Markup("")
    if end is None:
        return markup_text(gettext("vanaf %(time)s"), time=bdi(start.strftime("%H:%M"), ltr=True))
    return bdi(f"{start.strftime('%H:%M')}–{end.strftime('%H:%M')}", ltr=True)


def when_label(activity, season_year: int) -> Markup:
    """The activity's days (and hours, when every session has the same) in one line."""
    days = days_of(activity.sessions) or [activity.start_date, activity.end_date]
    if activity.overnight or is_regular(days):
        text = _span(days[0], days[-1], season_year)
    else:
        parts = [_span(first, last, season_year) for first, last in runs(days)]
        shown = parts[:RUNS_SHOWN]
        if len(parts) > RUNS_SHOWN:
            rest = len(days) - sum(
                (last - first).days + 1 for first, last in runs(days)[:RUNS_SHOWN]
            )
            shown.append(ngettext("nog %(num)s dag", "nog %(num)s dagen", rest))
        text = join_markup(shown)
    hours = hours_label(activity)
    if not hours:
        return text
    return markup_text(gettext("%(days)s, %(hours)s"), days=text, hours=hours)


def weekdays_label(activity) -> str:
    """ "Op woensdag, donderdag en vrijdag." for a regular run that skips weekdays; "" when
    there is nothing to add."""
    days = days_of(activity.sessions)
    if activity.overnight or len(days) < 2 or not is_regular(days):
        return ""
    weekdays = weekdays_of(days)
    span = (days[-1] - days[0]).days + 1
    if len(weekdays) == 7 or (span <= 7 and len(days) == span):
        return ""  # every day, or a few days in a row: the dates say it all
    return gettext("Op %(days)s.", days=weekday_names(weekdays))
