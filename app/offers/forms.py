"""Forms of the offer: an activity (for providers, call links and coordinators), moderation."""

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
    ValidationError,
    widgets,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from app import clock
from app.forms import NotBefore
from app.i18n import LANGUAGE_NAMES
from app.offers.codes import CATEGORIES, WEEKDAYS
from app.offers.fields import BY_NAME, FIELD_NAMES, is_web_address
from app.offers.places import PlaceCheck, automatic_wijk, resolve
from app.offers.uitdatabank import AGE_CEILING
from app.season import season_for_year
from app.wijken.queries import wijk_choices


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _label(name):
    return BY_NAME[name].label


def _text(name, *validators, max_length=160):
    return StringField(_label(name), validators=[*validators, Length(max=max_length)])


def _money(name):
    return DecimalField(
        _label(name), places=2, validators=[Optional(), NumberRange(min=0, max=10000)]
    )


# Every language the families' pages can speak, besides the Dutch of the main fields; the
# template shows those of PUBLIC_LANGUAGES.
OTHER_LANGUAGES = [code for code in LANGUAGE_NAMES if code != "nl"]


def _add_translation_fields(
    form_class: type[FlaskForm],
    title: tuple[LazyString, int],
    text: tuple[str, LazyString, int],
) -> None:
    """Add an optional title and text field for each other language to `form_class`.

    `title` is the label and the maximum length of the lines `title_<lang>`; `text` the name,
    label and maximum length of the text areas `<name>_<lang>` (title_ar, description_ar…).
    A label is an _l("… (%(language)s)"): the language's name fills it in when it is shown.
    """
    title_label, title_max = title
    text_name, text_label, text_max = text
    for lang in OTHER_LANGUAGES:
        # Labels unlike the main fields' ("Titel"/"Beschrijving", "Titel"/"Tip"), with the
        # language in them: each field needs a name of its own.
        name = LANGUAGE_NAMES[lang]
        setattr(
            form_class,
            f"title_{lang}",
            StringField(
                _in_language(title_label, name), validators=[Optional(), Length(max=title_max)]
            ),
        )
        setattr(
            form_class,
            f"{text_name}_{lang}",
            TextAreaField(
                _in_language(text_label, name), validators=[Optional(), Length(max=text_max)]
            ),
        )


def _in_language(label: LazyString, language: str) -> LazyString:
    """`label` with %(language)s filled in, translated when shown: _l(msgid, language=language)."""
    return LazyString(lambda: str(label) % {"language": language})


# InputRequired, not DataRequired: 0 years is a valid answer.
_AGE = [InputRequired(message=_l("Vul een leeftijd in.")), NumberRange(0, 18)]
# An activity may also be for older people ("from 6 years"): 99 stands for "and older", as
# UiTdatabank's open-ended age ranges are stored.
_ACTIVITY_AGE = [InputRequired(message=_l("Vul een leeftijd in.")), NumberRange(0, AGE_CEILING)]


class ActivityForm(FlaskForm):
    title = _text("title", DataRequired())
    description = TextAreaField(_label("description"), validators=[Length(max=5000)])
    provider_name = _text("provider_name", DataRequired())
    contact_name = _text("contact_name", max_length=120)
    contact_email = EmailField(_label("contact_email"), validators=[Optional(), Email()])
    contact_phone = _text("contact_phone", max_length=40)
    categories = MultiCheckboxField(
        _label("categories"), choices=list(CATEGORIES.items()), validators=[DataRequired()]
    )
    age_min = IntegerField(_label("age_min"), validators=_ACTIVITY_AGE, default=3)
    age_max = IntegerField(_label("age_max"), validators=_ACTIVITY_AGE, default=12)
    start_date = DateField(_label("start_date"), validators=[DataRequired()])
    end_date = DateField(
        _label("end_date"),
        validators=[
            DataRequired(),
            NotBefore("start_date", _l("De laatste dag ligt voor de eerste dag.")),
        ],
    )
    start_time = TimeField(_label("start_time"), validators=[Optional()])
    end_time = TimeField(_label("end_time"), validators=[Optional()])
    weekdays = MultiCheckboxField(
        _label("weekdays"), choices=list(WEEKDAYS.items()), default=list("12345")
    )
    overnight = BooleanField(_label("overnight"))
    location_name = _text("location_name")
    street = _text("street", max_length=120)
    number = _text("number", max_length=20)
    postcode = StringField(
        _label("postcode"),
        validators=[Optional(), Regexp(r"^\d{4}$", message=_l("Een postcode heeft 4 cijfers."))],
    )
    wijk_number = SelectField(_label("wijk_number"), choices=[], validate_choice=False)
    mobile = BooleanField(_label("mobile"))
    price_eur = _money("price_eur")
    free = BooleanField(_label("free"))
    children_free = BooleanField(_label("children_free"))
    kansentarief = BooleanField(_label("kansentarief"))
    kansentarief_price_eur = _money("kansentarief_price_eur")
    registration_url = URLField(
        _label("registration_url"),
        validators=[
            Optional(),
            URL(message=_l("Geef een volledig webadres (https://…).")),
            Length(max=500),
        ],
    )
    registration_phone = _text("registration_phone", max_length=40)
    registration_email = EmailField(_label("registration_email"), validators=[Optional(), Email()])
    registration_deadline = DateField(_label("registration_deadline"), validators=[Optional()])
    places = IntegerField(_label("places"), validators=[Optional(), NumberRange(min=1, max=10000)])
    full = BooleanField(_label("full"))
    childcare_before = BooleanField(_label("childcare_before"))
    childcare_after = BooleanField(_label("childcare_after"))
    staff_languages = _text("staff_languages", max_length=120)
    wheelchair_access = BooleanField(_label("wheelchair_access"))
    taalstimulering = BooleanField(_label("taalstimulering"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.wijk_number.choices = [("", _l("Automatisch: uit het adres"))] + [
            (str(n), label) for n, label in wijk_choices()
        ]

    @classmethod
    def for_values(cls, values: dict, **kwargs):
        """A form filled from stored (or pending) values; a POST's own data still wins.

        A wijk that simply follows from the address shows as 'automatic', so that a new
        address brings its own wijk.
        """
        shown = dict(values)
        shown["weekdays"] = list(values.get("weekdays") or "")
        automatic = values.get("wijk_number") is None or automatic_wijk(values)
        shown["wijk_number"] = "" if automatic else str(values["wijk_number"])
        for lang in OTHER_LANGUAGES:
            shown[f"title_{lang}"] = (values.get("title_i18n") or {}).get(lang, "")
            shown[f"description_{lang}"] = (values.get("description_i18n") or {}).get(lang, "")
        return cls(obj=SimpleNamespace(**shown), **kwargs)

    def translation_fields(self, languages) -> list[tuple[str, object, object]]:
        """(language, title field, description field) for the families' other languages."""
        return [
            (lang, self[f"title_{lang}"], self[f"description_{lang}"])
            for lang in languages
            if lang in OTHER_LANGUAGES
        ]

    def validate_age_max(self, field):
        if None not in (self.age_min.data, field.data) and field.data < self.age_min.data:
            raise ValidationError(_l("De hoogste leeftijd is lager dan de laagste."))

    def validate_weekdays(self, field):
        if not field.data:
            raise ValidationError(_l("Kies minstens één dag."))
        first, last = self.start_date.data, self.end_date.data
        if (
            first
            and last
            and first <= last
            and not self.overnight.data
            and not any(
                str((first + timedelta(days=n)).isoweekday()) in field.data
                for n in range(min((last - first).days, 6) + 1)
            )
        ):
            raise ValidationError(
                _l("Geen van deze dagen valt tussen de eerste en de laatste dag.")
            )

    def validate_street(self, field):
        if not self.mobile.data and not (field.data or "").strip():
            raise ValidationError(
                _l("Geef een adres, of kies 'in verschillende wijken / rondtrekkend'.")
            )

    place: PlaceCheck | None = None
    # A provider knows their price; a coordinator may leave it open (an organiser in UiTdatabank
    # gave none): families then read "price unknown, ask the organiser".
    price_required = True

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # Here, not in validate_price_eur: Optional() stops the field's own chain when empty.
        if (
            self.price_required
            and not (self.free.data or self.children_free.data)
            and self.price_eur.data is None
            and not self.price_eur.errors
        ):
            self.price_eur.errors.append(_l("Geef een prijs, of vink 'gratis' aan."))
            ok = False
        return self._placed() and ok

    def _placed(self) -> bool:
        """The wijk and position from the address (the register may take its two seconds):
        an activity on no wijk page would go unnoticed, so without a wijk the form asks one."""
        if self.street.errors or self.wijk_number.errors or self.postcode.errors:
            return False
        self.place = resolve(self._answers(), online=True)
        if self.place.problem:
            self.wijk_number.errors.append(self.place.message)
            return False
        return True

    def validate_registration_url(self, field):
        if field.data and not is_web_address(field.data.strip()):
            raise ValidationError(_l("Geef een volledig webadres (https://…)."))

    def validate_wijk_number(self, field):
        if field.data and not (field.data.isdigit() and 1 <= int(field.data) <= 25):
            raise ValidationError(_l("Kies een wijk uit de lijst."))

    def values(self) -> dict:
        """The form's answers as activity fields, the wijk and position placed by the address."""
        return self.place.values if self.place else self._answers()

    def _answers(self) -> dict:
        values: dict[str, Any] = {}
        for name in FIELD_NAMES:
            if not BY_NAME[name].in_form:
                continue
            if name.endswith("_i18n"):
                base = name.removesuffix("_i18n")
                texts = {
                    lang: (self[f"{base}_{lang}"].data or "").strip() for lang in OTHER_LANGUAGES
                }
                values[name] = {lang: text for lang, text in texts.items() if text}
                continue
            data = getattr(self, name).data
            if isinstance(data, str):
                data = data.strip()
            values[name] = data
        values["weekdays"] = "".join(sorted(set(values["weekdays"] or [])))
        values["categories"] = sorted(set(values["categories"] or []))
        values["wijk_number"] = int(values["wijk_number"]) if values["wijk_number"] else None
        for name in ("registration_email", "contact_email"):
            values[name] = (values[name] or "").lower()
        if values["free"] and values["price_eur"] is None:
            values["price_eur"] = 0
        return values


_add_translation_fields(
    ActivityForm,
    title=(_l("Naam van de activiteit (%(language)s)"), 160),
    text=("description", _l("Uitleg (%(language)s)"), 5000),
)


class CallActivityForm(ActivityForm):
    """Through a call link: we need to reach the submitter, and bots fill the honeypot."""

    contact_name = _text("contact_name", DataRequired(), max_length=120)
    contact_email = EmailField(_label("contact_email"), validators=[DataRequired(), Email()])
    # Hidden from people by CSS; a filled one marks a bot (the view pretends success).
    website = StringField(_l("Laat dit veld leeg"))


NO_WIJK = "geen"


class PublishForm(FlaskForm):
    """Publishing; for an activity without a wijk the coordinator must choose one, or 'none'."""

    wijk = SelectField(_l("Wijk"), choices=[], validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.wijk.choices = [
            ("", _l("Kies de wijk")),
            *((str(n), label) for n, label in wijk_choices()),
            (NO_WIJK, _l("Zonder wijk: alleen in het overzicht van heel Gent")),
        ]

    def validate_wijk(self, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Kies een wijk uit de lijst."))

    @property
    def chosen(self) -> bool:
        return bool(self.wijk.data)

    @property
    def wijk_number(self) -> int | None:
        return int(self.wijk.data) if (self.wijk.data or "").isdigit() else None


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Waarom wijs je dit af?"),
        validators=[
            DataRequired(message=_l("Geef een reden: de aanbieder leest ze.")),
            Length(max=500),
        ],
    )


class CallForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=160)])
    message = TextAreaField(
        _l("Boodschap aan de aanbieders"), validators=[DataRequired(), Length(max=5000)]
    )
    season_year = IntegerField(
        _l("Zomer van"), validators=[InputRequired(), NumberRange(2020, 2100)]
    )
    deadline = DateField(_l("Indienen kan tot en met"), validators=[Optional()])
    target_wijken = MultiCheckboxField(_l("Vooral gezocht in deze wijken"), coerce=int)
    target_weeks = MultiCheckboxField(_l("Vooral gezocht in deze weken"))
    target_categories = MultiCheckboxField(_l("Vooral gezocht: deze soorten aanbod"))
    open = BooleanField(_l("Open: de link werkt"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_wijken.choices = wijk_choices()
        self.target_categories.choices = [(code, label) for code, label in CATEGORIES.items()]
        self.target_weeks.choices = self._week_choices()

    def _week_choices(self) -> list[tuple[str, str]]:
        """The weeks of the season the call is for (the current one until a year is given)."""
        config = current_app.config
        year = self.season_year.data
        if isinstance(year, int) and 2020 <= year <= 2100:
            season = season_for_year(year, config["SEASON_START"], config["SEASON_END"])
        else:
            season = clock.this_season()
        # Built per request (the form is), so the plain gettext is right here, not a lazy string.
        from flask_babel import gettext

        return [(week, gettext("week %(number)s", number=int(week[-2:]))) for week in season.weeks]


TIP_KIND_CHOICES = [("outdoor", _l("Buiten spelen")), ("rainy_day", _l("Regenweer"))]


class TipForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=160)])
    text = TextAreaField(_l("Tip"), validators=[DataRequired(), Length(max=3000)])
    kind = SelectField(_l("Soort tip"), choices=TIP_KIND_CHOICES)
    age_min = IntegerField(_l("Vanaf leeftijd"), validators=_AGE, default=0)
    age_max = IntegerField(_l("Tot en met leeftijd"), validators=_AGE, default=12)
    published = BooleanField(_l("Zichtbaar op /tips"), default=True)

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        if obj is not None and not self.is_submitted():
            for lang in OTHER_LANGUAGES:
                self[f"title_{lang}"].data = (obj.title_i18n or {}).get(lang, "")
                self[f"text_{lang}"].data = (obj.text_i18n or {}).get(lang, "")

    def translation_fields(self, languages) -> list[tuple[str, object, object]]:
        """(language, title field, text field) for the families' other languages."""
        return [
            (lang, self[f"title_{lang}"], self[f"text_{lang}"])
            for lang in languages
            if lang in OTHER_LANGUAGES
        ]

    def translations(self, base: str) -> dict[str, str]:
        """{language: text} of the filled-in translations of `title` or `text`."""
        texts = {lang: (self[f"{base}_{lang}"].data or "").strip() for lang in OTHER_LANGUAGES}
        return {lang: text for lang, text in texts.items() if text}

    def validate_age_max(self, field):
        if None not in (self.age_min.data, field.data) and field.data < self.age_min.data:
            raise ValidationError(_l("De hoogste leeftijd is lager dan de laagste."))


_add_translation_fields(
    TipForm,
    title=(_l("Titel van de tip (%(language)s)"), 160),
    text=("text", _l("Tekst van de tip (%(language)s)"), 3000),
)


class ImportForm(FlaskForm):
    file = FileField(
        _l("Ingevuld sjabloon (CSV of XLSX)"),
        validators=[
            FileRequired(_l("Kies een bestand.")),
            FileAllowed(["csv", "xlsx"], _l("Alleen CSV- of XLSX-bestanden.")),
        ],
    )
    publish = BooleanField(_l("Meteen publiceren (anders komen ze bij 'Na te kijken')"))


class SpreadsheetConfirmForm(FlaskForm):
    payload = HiddenField()
    publish = BooleanField()


class UitImportForm(FlaskForm):
    file = FileField(
        _l("Antwoord van de Search API v3 (JSON)"),
        validators=[FileAllowed(["json"], _l("Alleen JSON-bestanden."))],
    )
    publish = BooleanField(
        _l("Meteen publiceren wat geen vragen oproept (de rest komt bij 'Na te kijken')")
    )
