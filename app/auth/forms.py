"""Sign-in form and the password policy shared with the admin forms."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, ValidationError
from wtforms.validators import DataRequired, Email, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(), Length(max=200)])


class PasswordPolicy:
    """At least PASSWORD_MIN_LENGTH characters, and not only spaces or one repeated character."""

    def __call__(self, form, field):
        password = field.data or ""
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        if len(password) < minimum:
            raise ValidationError(_l("Kies een wachtwoord van minstens %(n)s tekens.", n=minimum))
        if len(set(password.strip())) < 4:
            raise ValidationError(_l("Dit wachtwoord is te eenvoudig. Kies een ander."))


def password_field(label=None):
    return PasswordField(
        label or _l("Nieuw wachtwoord"),
        validators=[DataRequired(), Length(max=200), PasswordPolicy()],
    )


def email_validators():
    return [DataRequired(), Email(), Length(max=254)]


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[DataRequired(), Length(max=200)]
    )
    password = password_field()
    confirm = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[DataRequired(), EqualTo("password", _l("De twee wachtwoorden verschillen."))],
    )
