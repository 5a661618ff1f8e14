"""Forms shared by every feature."""

from typing import Any

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a valid CSRF token confirms the action (microblog's EmptyForm)."""


def form_values(form: FlaskForm, *names: str) -> dict[str, Any]:
    """The checked values of the named fields, as keyword arguments for the service that saves
    them: `services.save_tip(tip, **form_values(form, "title", "text"))`."""
    return {name: form[name].data for name in names}
