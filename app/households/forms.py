"""Forms for households: the record itself, the import upload, the merge choice."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.households.models import AGE_BANDS, CONSENT
from app.households.queries import organisation_choices
from app.households.rules import LANGUAGES, MAX_CHILDREN_PER_BAND, Placement, place
from app.wijken.queries import wijk_choices


def parse_coordinate(text: str | None) -> float | None:
    """ "51.05" or "51,05" (a Belgian keyboard) → 51.05; empty → None; junk → ValueError."""
    text = (text or "").strip().replace(",", ".")
    return float(text) if text else None


class CoordinateField(StringField):
    def pre_validate(self, form):
        try:
            parse_coordinate(self.data)
        except ValueError:
            raise ValidationError(_l("Schrijf een getal, bijvoorbeeld 51.0543.")) from None

    @property
    def value(self) -> float | None:
        return parse_coordinate(self.data)


def children_field(label):
    return IntegerField(
        label,
        default=0,
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_CHILDREN_PER_BAND,
                message=_l("Een aantal van 0 tot %(max)s.", max=MAX_CHILDREN_PER_BAND),
            ),
        ],
    )


class HouseholdForm(FlaskForm):
    street = StringField(_l("Straat"))
    number = StringField(_l("Huisnummer"))
    box = StringField(_l("Bus"))
    postcode = StringField(_l("Postcode"))
    wijk = SelectField(_l("Wijk"), choices=[])
    lat = CoordinateField(_l("Breedtegraad (optioneel)"))
    lon = CoordinateField(_l("Lengtegraad (optioneel)"))
    languages = SelectMultipleField(
        _l("Talen thuis"),
        choices=list(LANGUAGES.items()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    children_0_2 = children_field(AGE_BANDS["children_0_2"])
    children_3_5 = children_field(AGE_BANDS["children_3_5"])
    children_6_8 = children_field(AGE_BANDS["children_6_8"])
    children_9_12 = children_field(AGE_BANDS["children_9_12"])
    children_13_17 = children_field(AGE_BANDS["children_13_17"])
    partner_organisation_id = SelectField(_l("Partnerorganisatie (vertrouwd gezicht)"), choices=[])
    consent = SelectField(_l("Toestemming"), choices=list(CONSENT.items()))
    do_not_visit = BooleanField(_l("Niet bezoeken"))
    note = TextAreaField(
        _l("Korte notitie (optioneel)"),
        validators=[Length(max=280, message=_l("Maximaal %(max)d tekens.", max=280))],
    )
    # Set by the "toch bewaren" button after the near-duplicates were shown.
    confirm_duplicate = BooleanField()

    placement: Placement | None = None

    def __init__(self, *args, partner_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.wijk.choices = [("", _l("Automatisch"))] + [
            (str(number), label) for number, label in wijk_choices()
        ]
        self.partner_organisation_id.choices = [("", _l("Geen"))] + [
            (str(i), name) for i, name in organisation_choices(include_id=partner_id)
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.lat.errors or self.lon.errors:
            return False
        result = place(
            self.street.data or "",
            self.number.data or "",
            self.box.data or "",
            self.postcode.data or "",
            lat=self.lat.value,
            lon=self.lon.value,
            # Only a number typed or picked counts (not the household's current Wijk object,
            # which WTForms keeps as the value when the field is missing from the post).
            picked_wijk=int(self.wijk.data)
            if isinstance(self.wijk.data, str) and self.wijk.data.isdigit()
            else None,
            online=True,  # one address: the register may take its two seconds
        )
        if isinstance(result, list):
            for error in result:
                getattr(self, error.field).errors.append(error.message)
            return False
        self.placement = result
        return valid

    def values(self) -> dict:
        """The household's fields (address and wijk come from the placement)."""
        address = self.placement.address
        return {
            "street": address.street,
            "number": address.number,
            "number_sort": address.number_sort,
            "box": address.box,
            "postcode": address.postcode,
            "wijk_number": self.placement.wijk_number,
            "lat": self.placement.lat,
            "lon": self.placement.lon,
            "position_source": self.placement.position_source,
            "languages": list(self.languages.data or []),
            **{band: getattr(self, band).data or 0 for band in AGE_BANDS},
            "partner_organisation_id": int(self.partner_organisation_id.data)
            if self.partner_organisation_id.data
            else None,
            "consent": self.consent.data,
            "do_not_visit": bool(self.do_not_visit.data),
            "note": (self.note.data or "").strip(),
        }


class ImportForm(FlaskForm):
    file = FileField(
        _l("Bestand (CSV of XLSX)"),
        validators=[
            FileRequired(_l("Kies een bestand.")),
            FileAllowed(["csv", "xlsx", "txt"], _l("Alleen CSV- of XLSX-bestanden.")),
        ],
    )


class ImportConfirmForm(FlaskForm):
    """Posted from the preview; the accepted near-duplicate lines arrive as `accept` values."""


class MergeForm(FlaskForm):
    keep = RadioField(_l("Welk huishouden blijft?"), choices=[], validate_choice=False)

    def __init__(self, *args, first=None, second=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep.choices = [(str(h.id), f"#{h.id} {h.address_line}") for h in (first, second)]

    def validate_keep(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Kies het huishouden dat blijft."))
