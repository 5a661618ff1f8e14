"""The confirmation before erasing a household."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired


class EraseForm(FlaskForm):
    confirm = BooleanField(
        _l("Ik begrijp dat alles over dit adres definitief gewist wordt."),
        validators=[DataRequired(_l("Vink aan dat je dit begrijpt."))],
    )
