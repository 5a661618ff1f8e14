"""Sign-in, sign-out and changing one's own password."""

from flask import current_app, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from app.auth.forms import ChangePasswordForm, LoginForm
from app.auth.services import authenticate, change_own_password, sign_out
from app.extensions import limiter
from app.http import flash_and_redirect, is_safe_local_url, render_form, wants_json
from app.permissions import can_change_own_password, permission_required
from app.security.limits import SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_IP, account_key


def _fresh_session() -> None:
    """Start from an empty session with a new CSRF token.

    Nothing from before the sign-in (or after the sign-out) carries over: a CSRF token read from
    the sign-in page, or planted in the browser before, does not work for the signed-in user.
    The new token is made now, so that this answer's cookie already holds it and the pages that
    load next (the field client fetches several at once) all share it.
    """
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    generate_csrf()


def _sign_in(user) -> None:
    _fresh_session()
    # Permanent: the cookie then lives PERMANENT_SESSION_LIFETIME (12 h), not "until the browser
    # closes" — phones rarely close a browser. There is no "remember me" cookie, and the sign-in
    # on the server (app/auth/sign_ins.py) ends after the same 12 hours whatever the cookie says.
    login_user(user, remember=False)
    session.permanent = True


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


def logout():
    """End this sign-in on the server, then forget the session in the browser.

    The field client signs out with a fetch (Accept: application/json) once back online.
    """
    if current_user.is_authenticated:
        sign_out(current_user._get_current_object())
    _fresh_session()
    logout_user()  # after the fresh session: it may still have to clear a remember cookie
    if wants_json():
        return jsonify({"signed_out": True})
    return flash_and_redirect(_("Je bent afgemeld."), "auth.login")


@permission_required(can_change_own_password)
@limiter.limit(SIGN_IN_PER_IP, methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if change_own_password(user, form.current_password.data, form.password.data):
            # The other sign-ins ended; this one goes on with the same cookie, so no answer to
            # a request that left before the change can put back a cookie that no longer works.
            return flash_and_redirect(
                _("Je wachtwoord is gewijzigd. Je andere sessies zijn afgemeld."), "home.index"
            )
        form.current_password.errors.append(_("Dit wachtwoord klopt niet."))
    return render_form("auth/change_password.html", form=form)
