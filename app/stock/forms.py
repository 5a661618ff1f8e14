"""Forms for package types and stock movements."""

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from app.admin.forms import organisation_choices
from app.extensions import db
from app.stock.models import PackageType
from app.stock.queries import level_of, package_type_choices

MAX_QUANTITY = 10000


class PackageTypeForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=80)])
    contents = StringField(_l("Inhoud"), validators=[Length(max=280)])
    age_band = StringField(
        _l("Leeftijd"),
        validators=[
            Optional(),
            Regexp(r"^\d{1,2}-\d{1,2}$", message=_l("Schrijf een leeftijd als 3-5 of 6-12.")),
        ],
    )
    active = BooleanField(_l("Actief"), default=True)

    def __init__(self, *args, package_type: PackageType | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._package_type = package_type

    def validate_name(self, field):
        other = db.session.scalar(
            db.select(PackageType).where(
                db.func.lower(PackageType.name) == field.data.strip().lower()
            )
        )
        if other is not None and other is not self._package_type:
            raise ValidationError(_l("Er bestaat al een pakkettype met deze naam."))

    def validate_age_band(self, field):
        if field.data:
            low, high = (int(part) for part in field.data.split("-"))
            if low > high or high > 18:
                raise ValidationError(_l("Schrijf een leeftijd als 3-5 of 6-12."))


def _new_form_id() -> str:
    return str(uuid.uuid4())


class _MovementForm(FlaskForm):
    organisation_id = SelectField(_l("Partnerorganisatie"), validators=[DataRequired()])
    package_type_id = SelectField(_l("Pakkettype"), validators=[DataRequired()])
    # Made when the form is shown and sent back with it: the same form sent twice is stored once.
    form_id = HiddenField(default=_new_form_id)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = organisation_choices()
        self.package_type_id.choices = package_type_choices()

    def submission_id(self) -> str:
        """The form's id; a page from before ids existed (or a tampered one) gets a new one."""
        try:
            return str(uuid.UUID(self.form_id.data or ""))
        except ValueError:
            self.form_id.data = _new_form_id()
            return self.form_id.data


def _count_field():
    """A number of packages that come in or move: 1 to MAX_QUANTITY."""
    return IntegerField(
        _l("Aantal"),
        validators=[
            InputRequired(),
            NumberRange(min=1, max=MAX_QUANTITY, message=_l("Een aantal van 1 tot 10000.")),
        ],
    )


class ReceivedForm(_MovementForm):
    quantity = _count_field()
    reason = StringField(_l("Opmerking (optioneel)"), validators=[Length(max=200)])


class CorrectionForm(_MovementForm):
    quantity = IntegerField(
        _l("Verschil"),
        validators=[
            InputRequired(),
            NumberRange(min=-MAX_QUANTITY, max=MAX_QUANTITY, message=_l("Hoogstens 10000.")),
        ],
    )
    reason = StringField(
        _l("Reden"), validators=[DataRequired(_l("Geef een reden.")), Length(max=200)]
    )

    def validate_quantity(self, field):
        if field.data == 0:
            raise ValidationError(_l("Een correctie van 0 verandert niets."))


class TransferForm(_MovementForm):
    organisation_id = SelectField(_l("Van partner"), validators=[DataRequired()])
    to_organisation_id = SelectField(_l("Naar partner"), validators=[DataRequired()])
    quantity = _count_field()
    reason = StringField(_l("Opmerking (optioneel)"), validators=[Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.to_organisation_id.choices = self.organisation_id.choices

    def validate_to_organisation_id(self, field):
        if field.data == self.organisation_id.data:
            raise ValidationError(_l("Kies een andere partner dan de gever."))

    def validate_quantity(self, field):
        ids = (self.organisation_id.data, self.package_type_id.data)
        if field.data is None or not all(isinstance(i, str) and i.isdigit() for i in ids):
            return  # the select fields themselves say what is wrong
        available = level_of(int(self.organisation_id.data), int(self.package_type_id.data))
        if field.data > available:
            raise ValidationError(
                _l("Deze partner heeft maar %(n)s pakketten van dit type.", n=max(available, 0))
            )
