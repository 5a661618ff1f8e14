"""Forms to assign, close and reopen a follow-up."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.followups.queries import assignable_users


class AssignForm(FlaskForm):
    assigned_to_id = SelectField(_l("Toegewezen aan"))

    def __init__(self, *args, followup, **kwargs):
        super().__init__(*args, **kwargs)
        self.assigned_to_id.choices = [("", _l("Niemand"))] + [
            (str(user.id), user.name) for user in assignable_users(followup)
        ]


class CloseForm(FlaskForm):
    outcome = TextAreaField(
        _l("Uitkomst"),
        validators=[
            DataRequired(_l("Schrijf kort wat er gebeurd is.")),
            Length(max=500, message=_l("Hoogstens %(max)d tekens.", max=500)),
        ],
    )


class ReopenForm(FlaskForm):
    """Empty: a POST with a valid CSRF token reopens the follow-up."""
