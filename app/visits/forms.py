"""The forms of the unplaced visits page: attach to a stop, or discard after a confirmation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired


class AttachForm(FlaskForm):
    stop_id = SelectField(_l("Koppelen aan"), coerce=int, choices=[])


class DiscardForm(FlaskForm):
    confirm = BooleanField(
        _l("Ik begrijp dat dit bezoek en wat het gezin zei nergens bewaard blijven."),
        validators=[DataRequired(_l("Vink aan dat je dit begrijpt."))],
    )
