"""NotBefore (app/forms.py): an end date on or after the start date, for rounds and activities."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import DateField, Form
from wtforms.validators import DataRequired

from app.forms import NotBefore

TOO_EARLY = "Het einde ligt voor het begin."


class Period(Form):
    start_date = DateField()
    end_date = DateField(validators=[DataRequired(), NotBefore("start_date", TOO_EARLY)])


def errors(start: str, end: str) -> dict[str, list[str]]:
    form = Period(MultiDict({"start_date": start, "end_date": end}))
    form.validate()
    return form.errors


def test_an_end_before_the_start_is_refused_with_the_message_given():
    assert errors("2027-07-10", "2027-07-09") == {"end_date": [TOO_EARLY]}


@pytest.mark.parametrize("end", ["2027-07-10", "2027-07-11", "2028-01-01"])
def test_an_end_on_or_after_the_start_passes(end):
    assert errors("2027-07-10", end) == {}


@pytest.mark.parametrize("start", ["", "10 juli"])
def test_without_a_start_date_there_is_nothing_to_compare(start):
    assert "end_date" not in errors(start, "2027-07-09")


def test_a_missing_end_says_only_what_the_validators_before_it_say():
    # DataRequired stops the chain: no second message about the order of the dates.
    assert errors("2027-07-10", "") == {"end_date": ["This field is required."]}
    assert errors("2027-07-10", "9 juli") == {"end_date": ["This field is required."]}
