"""Forms for short links, bulk printing and the statistics filter."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField, ValidationError
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.flyers.pdf import layout_choices
from app.flyers.queries import round_choices
from app.http import is_safe_local_url
from app.i18n import LANGUAGE_NAMES
from app.wijken.queries import wijk_choices


def language_choices() -> list[tuple[str, str]]:
    return [
        (code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["PUBLIC_LANGUAGES"]
    ]


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


def check_target(field) -> None:
    if field.data and (len(field.data) > 500 or not is_safe_local_url(field.data.strip())):
        raise ValidationError(
            _l("Alleen een adres op deze site, dat begint met één / (bv. /aanbod?wijk=4).")
        )


class ShortLinkEditForm(FlaskForm):
    label = StringField(_l("Naam"), validators=[DataRequired(), Length(max=120)])
    target = StringField(_l("Doel"), validators=[DataRequired(), Length(max=500)])

    def validate_target(self, field):
        check_target(field)


class ShortLinkForm(ShortLinkEditForm):
    wijk_number = SelectField(_l("Wijk"), coerce=_int_or_none, validators=[Optional()])
    lang = SelectField(_l("Taal van de flyer"))
    round_id = SelectField(_l("Ronde"), coerce=_int_or_none, validators=[Optional()])
    target = StringField(_l("Doel"), validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.wijk_number.choices = [(None, _l("Geen wijk (heel Gent)"))] + wijk_choices()
        self.lang.choices = language_choices()
        self.round_id.choices = [(None, _l("Geen ronde"))] + round_choices()


class BulkForm(FlaskForm):
    round_id = SelectField(_l("Ronde"), coerce=_int_or_none, validators=[DataRequired()])
    languages = SelectMultipleField(
        _l("Talen"),
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[DataRequired(_l("Kies minstens één taal."))],
    )
    layout = SelectField(_l("Formaat"), default="a6x4")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_id.choices = round_choices()
        self.languages.choices = language_choices()
        self.layout.choices = layout_choices()


class StatsFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    date_from = DateField(_l("Van"), validators=[Optional()])
    date_to = DateField(_l("Tot en met"), validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("De einddatum ligt voor de begindatum."))
