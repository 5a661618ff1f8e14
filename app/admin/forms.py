"""Forms to manage users and organisations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Length

from app.auth.forms import email_validators, password_field
from app.auth.models import ROLES, User, normalise_email
from app.extensions import db
from app.organisations.models import ORGANISATION_KINDS, Organisation


def organisation_choices():
    rows = db.session.execute(
        db.select(Organisation.id, Organisation.name)
        .where(Organisation.active.is_(True))
        .order_by(Organisation.name)
    )
    return [(str(i), name) for i, name in rows]


def language_choices():
    return [("", _l("Volgens de browser")), ("nl", "Nederlands"), ("en", "English")]


class UserForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=email_validators())
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Rol"), choices=list(ROLES.items()))
    organisation_id = SelectField(_l("Organisatie"), validators=[DataRequired()])
    preferred_language = SelectField(_l("Taal"), choices=[])

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user
        self.organisation_id.choices = organisation_choices()
        self.preferred_language.choices = language_choices()

    def validate_email(self, field):
        email = normalise_email(field.data)
        other = db.session.scalar(db.select(User).where(User.email == email))
        if other is not None and other is not self._user:
            raise ValidationError(_l("Er bestaat al een account met dit e-mailadres."))


class NewUserForm(UserForm):
    password = password_field(_l("Wachtwoord"))


class PasswordResetForm(FlaskForm):
    password = password_field()


class OrganisationForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Soort"), choices=list(ORGANISATION_KINDS.items()))
    active = BooleanField(_l("Actief"), default=True)

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation = organisation

    def validate_name(self, field):
        name = field.data.strip()
        other = db.session.scalar(
            db.select(Organisation).where(db.func.lower(Organisation.name) == name.lower())
        )
        if other is not None and other is not self._organisation:
            raise ValidationError(_l("Er bestaat al een organisatie met deze naam."))
