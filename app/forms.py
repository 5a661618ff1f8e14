"""Forms shared by every feature, and validators they share."""

from typing import Any

from flask_babel import LazyString
from flask_wtf import FlaskForm
from wtforms import Field, Form, ValidationError


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a valid CSRF token confirms the action (microblog's EmptyForm)."""


def form_values(form: FlaskForm, *names: str) -> dict[str, Any]:
    """The checked values of the named fields, as keyword arguments for the service that saves
    them: `services.save_tip(tip, **form_values(form, "title", "text"))`."""
    return {name: form[name].data for name in names}


class NotBefore:
    """A validator: the field's date may not lie before that of the form's field `other`.

    `NotBefore("start_date", _l("…"))` on an end date. Either date missing (not given, or not a
    date) passes: DataRequired, or the date field's own error, says so.
    """

    def __init__(self, other: str, message: LazyString | str) -> None:
        self.other = other
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        earliest = form[self.other].data
        if earliest and field.data and field.data < earliest:
            raise ValidationError(self.message)
