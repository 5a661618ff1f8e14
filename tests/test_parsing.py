"""parse_iso (app/parsing.py): ISO 8601 text from phones and UiTdatabank, or None."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from app.parsing import parse_iso


def test_text_is_read_with_the_white_space_around_it_left_out():
    assert parse_iso(" 09:30\n", time) == time(9, 30)
    assert parse_iso("\t2027-07-01", date) == date(2027, 7, 1)
    assert parse_iso("2027-07-01T10:00:00+02:00 ", datetime) == datetime(
        2027, 7, 1, 10, tzinfo=timezone(timedelta(hours=2))
    )
    assert parse_iso("2027-07-01T08:00:00Z", datetime) == datetime(2027, 7, 1, 8, tzinfo=UTC)


@pytest.mark.parametrize("value", [None, 930, b"09:30", ["09:30"], "", "  ", "9u30", "25:00"])
def test_what_is_not_an_iso_time_in_a_string_is_none(value):
    assert parse_iso(value, time) is None


def test_the_kind_decides_what_is_accepted():
    assert parse_iso("2027-07-01", datetime) == datetime(2027, 7, 1)
    assert parse_iso("2027-07-01T10:00", date) is None
