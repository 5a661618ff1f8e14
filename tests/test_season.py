"""The season's dates and ISO weeks, as the offer pages and the coverage report see them."""

from datetime import date

import pytest

from app.season import (
    Season,
    current_season,
    format_week_range,
    iso_week_of,
    iso_week_range,
    parse_iso_week,
    season_for_year,
    weeks_between,
    weeks_in_year,
)


def test_contract_default_season_is_first_of_july_to_end_of_august():
    season = season_for_year(2027)
    assert (season.year, season.start, season.end) == (2027, date(2027, 7, 1), date(2027, 8, 31))
    # 1 July 2027 is a Thursday, 31 August a Tuesday: both partial weeks belong to the season.
    assert season.weeks == [f"2027-W{n}" for n in range(26, 36)]
    assert season.contains(date(2027, 7, 1)) and season.contains(date(2027, 8, 31))
    assert not season.contains(date(2027, 6, 30)) and not season.contains(date(2027, 9, 1))


def test_configured_season_dates():
    season = season_for_year(2026, start_mmdd=(6, 29), end_mmdd=(8, 23))
    assert season.weeks[0] == "2026-W27" and season.weeks[-1] == "2026-W34"
    with pytest.raises(ValueError):
        season_for_year(2026, start_mmdd=(9, 1), end_mmdd=(8, 31))


def test_current_season_switches_the_day_after_its_last_day():
    assert current_season(date(2027, 1, 5)).year == 2027
    assert current_season(date(2027, 7, 15)).year == 2027
    assert current_season(date(2027, 8, 31)).year == 2027
    assert current_season(date(2027, 9, 1)).year == 2028
    assert current_season(date(2027, 12, 31)).start == date(2028, 7, 1)
    assert current_season(date(2027, 8, 20), end_mmdd=(8, 15)).year == 2028


def test_weeks_across_the_year_boundary_use_iso_week_years():
    # 1 January 2027 is a Friday in 2026-W53; 31 December 2024 is a Tuesday in 2025-W01.
    winter = Season(2026, date(2026, 12, 28), date(2027, 1, 11))
    assert winter.weeks == ["2026-W53", "2027-W01", "2027-W02"]
    assert iso_week_of(date(2027, 1, 1)) == "2026-W53"
    assert iso_week_of(date(2024, 12, 31)) == "2025-W01"
    assert iso_week_range("2025-W01") == (date(2024, 12, 30), date(2025, 1, 5))
    assert winter.week_range("2026-W53") == (date(2026, 12, 28), date(2027, 1, 3))


def test_53_week_years():
    assert weeks_in_year(2026) == 53
    assert weeks_in_year(2020) == 53
    assert weeks_in_year(2027) == 52
    assert parse_iso_week("2026-W53") == (2026, 53)
    with pytest.raises(ValueError):
        parse_iso_week("2027-W53")


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "2027-W54",
        "2027-W00",
        "2027-w28",
        "2027W28",
        "2027-W5",
        "27-W28",
        " 2027-W28",
        "2027-W28\n",
        "2027-W28-1",
        "0000-W01",
        "week 28",
    ],
)
def test_parse_iso_week_rejects_junk(junk):
    with pytest.raises(ValueError):
        parse_iso_week(junk)


def test_parse_iso_week_rejects_non_strings():
    with pytest.raises(ValueError):
        parse_iso_week(202728)  # type: ignore[arg-type]


def test_parse_iso_week():
    assert parse_iso_week("2027-W28") == (2027, 28)
    assert parse_iso_week("2027-W01") == (2027, 1)


def test_weeks_between_clips_to_the_season_weeks():
    season = season_for_year(2027)  # 2027-W26 .. 2027-W35
    # A camp in the middle of July.
    assert weeks_between(date(2027, 7, 12), date(2027, 7, 16), season) == ["2027-W28"]
    # Running from May into the season: only the season's weeks.
    assert weeks_between(date(2027, 5, 1), date(2027, 7, 6), season) == ["2027-W26", "2027-W27"]
    # A year-round offer covers every season week.
    assert weeks_between(date(2027, 1, 1), date(2027, 12, 31), season) == season.weeks
    # Entirely before or after the season.
    assert weeks_between(date(2027, 5, 1), date(2027, 6, 27), season) == []
    assert weeks_between(date(2027, 9, 6), date(2027, 9, 10), season) == []
    # A single Sunday and a weekend spanning two weeks.
    assert weeks_between(date(2027, 8, 1), date(2027, 8, 1), season) == ["2027-W30"]
    assert weeks_between(date(2027, 8, 1), date(2027, 8, 2), season) == ["2027-W30", "2027-W31"]


def test_weeks_between_counts_days_before_the_first_season_day_in_its_first_week():
    season = season_for_year(2027)  # starts Thursday 1 July, in 2027-W26
    assert weeks_between(date(2027, 6, 28), date(2027, 6, 30), season) == ["2027-W26"]
    assert weeks_between(date(2027, 9, 1), date(2027, 9, 5), season) == ["2027-W35"]


def test_weeks_between_rejects_an_activity_that_ends_before_it_starts():
    with pytest.raises(ValueError):
        weeks_between(date(2027, 7, 10), date(2027, 7, 9), season_for_year(2027))


def test_format_week_range():
    assert format_week_range([]) == ""
    assert format_week_range(["2027-W28"]) == "28"
    assert format_week_range(["2027-W31", "2027-W28", "2027-W30", "2027-W29"]) == "28\u201331"
    assert format_week_range({"2027-W31", "2027-W28", "2027-W30"}) == "28, 30\u201331"
    assert format_week_range(["2027-W28", "2027-W28", "2027-W30"]) == "28, 30"
    assert format_week_range(["2026-W52", "2026-W53", "2027-W01"]) == "52\u20131"
    with pytest.raises(ValueError):
        format_week_range(["2027-W99"])
