"""The phone's forms: a one-tap outcome at a stop, several stops at once, and a contact."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.i18n import LANGUAGE_NAMES
from app.visits.codes import FOLLOW_UP_KINDS, INFO_GIVEN, INTERESTS, NOTE_MAX_LENGTH
from app.visits.validation import canonical_uuid

# The outcomes of the route page's buttons; "not_home_flyer" is "not home" with a flyer left.
TAP_OUTCOMES = ("not_home", "not_home_flyer", "not_home_no_flyer", "refused", "moved", "no_access")


class Toggles(SelectMultipleField):
    """Checkboxes the template styles as large toggle buttons."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _visit_id(form, field):
    if not canonical_uuid(field.data):
        raise ValidationError(_l("Laad de pagina opnieuw en probeer nog eens."))


class OutcomeForm(FlaskForm):
    visit_id = HiddenField(validators=[_visit_id])
    outcome = SelectField(choices=[(code, code) for code in TAP_OUTCOMES])


class BulkNotHomeForm(FlaskForm):
    # Each value is "<stop id>:<visit uuid>", so every stop keeps its own idempotency key.
    visit = SelectMultipleField(choices=[], validate_choice=False)

    def validate_visit(self, field):
        if not field.data:
            raise ValidationError(_l("Vink eerst de adressen aan."))
        for value in field.data:
            stop_id, _, visit_id = value.partition(":")
            if not stop_id.isdigit() or not canonical_uuid(visit_id):
                raise ValidationError(_l("Laad de pagina opnieuw en probeer nog eens."))

    def pairs(self) -> list[tuple[int, str]]:
        return [(int(v.partition(":")[0]), v.partition(":")[2]) for v in self.visit.data]


def language_choices():
    codes = ("nl", "fr", "en", "tr", "bg", "ar", "uk")
    return [("", _l("—"))] + [(c, LANGUAGE_NAMES[c]) for c in codes] + [("other", _l("Andere"))]


class ContactForm(FlaskForm):
    visit_id = HiddenField(validators=[_visit_id])
    interests = Toggles(_l("Wat willen de kinderen graag doen?"), choices=list(INTERESTS.items()))
    info_given = Toggles(_l("Info gegeven"), choices=list(INFO_GIVEN.items()))
    flyer_left = BooleanField(_l("Flyer gegeven"))
    consent = BooleanField(_l("Gezin gaat akkoord dat we bewaren wat het vraagt"))
    # For a family that agreed before: consent is remembered, withdrawing it is the choice.
    consent_withdrawn = BooleanField(_l("Het gezin trekt zijn akkoord in"))
    follow_up_kind = SelectField(
        _l("Opvolging"),
        choices=[("", _l("Geen opvolging"))] + list(FOLLOW_UP_KINDS.items()),
        default="",
    )
    follow_up_note = TextAreaField(
        _l("Wat moet er gebeuren?"), validators=[Length(max=NOTE_MAX_LENGTH)]
    )
    language_used = SelectField(_l("Gesproken taal"), choices=[], default="")
    notes = TextAreaField(_l("Notitie"), validators=[Length(max=NOTE_MAX_LENGTH)])

    def __init__(self, *args, package_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.language_used.choices = language_choices()
        self.package_types = list(package_types)

    def validate_follow_up_note(self, field):
        if field.data and not self.follow_up_kind.data:
            raise ValidationError(_l("Kies ook een soort opvolging."))

    def consent_given(self) -> bool:
        return bool(self.consent.data and not self.consent_withdrawn.data)

    def validate_consent(self, field):
        asked = self.interests.data or self.follow_up_kind.data or (self.notes.data or "").strip()
        if asked and not self.consent_given():
            raise ValidationError(
                _l(
                    "Zonder akkoord bewaren we geen wensen, opvolging of notitie. "
                    "Vink het akkoord aan, of maak die velden leeg."
                )
            )

    def package_fields(self):
        """(package type, checkbox, quantity) per package type of the round."""
        return [
            (pt, self[f"package_{pt.id}"], self[f"quantity_{pt.id}"]) for pt in self.package_types
        ]

    def packages_chosen(self) -> list[str]:
        """What the ticked package types add up to ("1 × Zomerpakket kleuter"), to read."""
        return [
            f"{quantity.data or 1} × {pt.name}"
            for pt, checked, quantity in self.package_fields()
            if checked.data
        ]

    def packages(self) -> list[dict]:
        return [
            {"package_type_id": pt.id, "quantity": quantity.data or 1}
            for pt, checked, quantity in self.package_fields()
            if checked.data
        ]


AGE_BAND_YEARS = {
    "children_0_2": (0, 2),
    "children_3_5": (3, 5),
    "children_6_8": (6, 8),
    "children_9_12": (9, 12),
    "children_13_17": (13, 17),
}


def suits_household(age_band: str, household) -> bool:
    """Does a package for ages "3-5" fit a child of this household? Then it is the default."""
    low, _, high = (age_band or "").partition("-")
    if not (low.strip().isdigit() and high.strip().isdigit()):
        return False
    youngest, oldest = int(low), int(high)
    return any(
        getattr(household, band) and first <= oldest and last >= youngest
        for band, (first, last) in AGE_BAND_YEARS.items()
    )


def contact_form(round_, household, **kwargs) -> ContactForm:
    """A contact form for a stop of this round: its package types, quantity 1, prefilled."""

    class RoundContactForm(ContactForm):
        pass

    single = len(round_.package_types) == 1
    for pt in round_.package_types:
        default = single or suits_household(pt.age_band, household)
        setattr(RoundContactForm, f"package_{pt.id}", BooleanField(pt.name, default=default))
        setattr(
            RoundContactForm,
            f"quantity_{pt.id}",
            IntegerField(
                _l("Aantal"), default=1, validators=[Optional(), NumberRange(min=1, max=20)]
            ),
        )
    form = RoundContactForm(package_types=round_.package_types, **kwargs)
    if not form.is_submitted():
        form.consent.data = household.consent == "given"
    return form
