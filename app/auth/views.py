"""Sign-in, sign-out and changing one's own password."""

from flask import flash, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.audit.services import record
from app.auth import bp
from app.auth.forms import ChangePasswordForm, LoginForm
from app.auth.services import authenticate, change_own_password
from app.extensions import db, limiter
from app.http import is_safe_local_url, render_form
from app.permissions import can_change_own_password, permission_required
from app.security.limits import SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_IP, account_key


def _sign_in(user) -> None:
    # Permanent: the cookie then lives PERMANENT_SESSION_LIFETIME (12 h), not "until the browser
    # closes" — phones rarely close a browser. There is no "remember me" cookie.
    login_user(user, remember=False)
    session.permanent = True


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_PER_IP, methods=["POST"])
@limiter.limit(SIGN_IN_PER_ACCOUNT, methods=["POST"], key_func=account_key)
def login():
    next_url = request.args.get("next") or request.form.get("next")
    if current_user.is_authenticated:
        return redirect(next_url if is_safe_local_url(next_url) else url_for("home.index"))
    form = LoginForm()
    retry_after = None
    if form.validate_on_submit():
        result = authenticate(form.email.data, form.password.data)
        if result.user is not None:
            _sign_in(result.user)
            return redirect(next_url if is_safe_local_url(next_url) else url_for("home.index"))
        if result.reason == "inactive":
            form.email.errors.append(_("Dit account is uitgeschakeld. Vraag je coördinator."))
        else:
            # One message for an unknown e-mail and a wrong password: no account discovery.
            form.password.errors.append(_("Het e-mailadres of het wachtwoord klopt niet."))
        if result.reason == "locked":
            form.password.errors.append(_("Te veel pogingen, probeer later opnieuw."))
            retry_after = result.retry_after
    safe_next = next_url if is_safe_local_url(next_url) else None
    page, status = render_form("auth/login.html", form=form, next_url=safe_next)
    if retry_after is not None:
        return page, 429, {"Retry-After": str(retry_after)}
    return page, status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        record("sign_out", current_user)
        db.session.commit()
    logout_user()
    flash(_("Je bent afgemeld."), "success")
    if request.accept_mimetypes.best == "application/json":
        # The phone's service worker signing out for a worker who tapped it without signal.
        return jsonify({"signed_out": True})
    return redirect(url_for("auth.login"))


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@permission_required(can_change_own_password)
@limiter.limit(SIGN_IN_PER_IP, methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if change_own_password(user, form.current_password.data, form.password.data):
            # The new session token signed every other session out; this one signs in again.
            _sign_in(user)
            flash(_("Je wachtwoord is gewijzigd. Je andere sessies zijn afgemeld."), "success")
            return redirect(url_for("home.index"))
        form.current_password.errors.append(_("Dit wachtwoord klopt niet."))
    return render_form("auth/change_password.html", form=form)
