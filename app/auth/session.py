"""Flask-Login glue: loading the user of a session, and answering when there is none."""

from flask import redirect, request, url_for
from flask_babel import lazy_gettext as _l

from app.auth import sign_ins
from app.extensions import login_manager
from app.http import json_error, wants_json

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Meld je aan om verder te gaan.")
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(login_id: str):
    # Only a sign-in the server still keeps counts (app/auth/sign_ins.py): a cookie copied
    # before sign-out, a password change or a deactivation opens nothing.
    return sign_ins.user_of(login_id)


@login_manager.unauthorized_handler
def unauthorized():
    if wants_json():
        return json_error(401, "unauthorized", _l("Je bent niet aangemeld."))
    from flask import flash

    flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
