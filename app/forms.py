"""Forms shared by every feature."""

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a valid CSRF token confirms the action (microblog's EmptyForm)."""
