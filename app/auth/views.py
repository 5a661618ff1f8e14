"""Sign-in and sign-out pages."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.audit.services import record
from app.auth import bp
from app.auth.forms import LoginForm
from app.auth.services import authenticate
from app.extensions import db, limiter
from app.http import is_safe_local_url, render_form


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    next_url = request.args.get("next") or request.form.get("next")
    if current_user.is_authenticated:
        return redirect(next_url if is_safe_local_url(next_url) else url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        result = authenticate(form.email.data, form.password.data)
        if result.user is not None:
            login_user(result.user)
            return redirect(next_url if is_safe_local_url(next_url) else url_for("home.index"))
        if result.reason == "inactive":
            form.email.errors.append(_("Dit account is uitgeschakeld. Vraag je coördinator."))
        else:
            # One message for an unknown e-mail and a wrong password: no account discovery.
            form.password.errors.append(_("Het e-mailadres of het wachtwoord klopt niet."))
    safe_next = next_url if is_safe_local_url(next_url) else None
    return render_form("auth/login.html", form=form, next_url=safe_next)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        record("sign_out", current_user)
        db.session.commit()
    logout_user()
    flash(_("Je bent afgemeld."), "success")
    return redirect(url_for("auth.login"))
