"""Calls for offer: coordinators open them; anyone with the secret link submits activities.

The `/oproep/...` pages have no sign-in on purpose: the secret link is the permission, and the
private edit link (token stored hashed) is the permission to change one's own submission.
"""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app import clock
from app.extensions import db, limiter
from app.forms import ConfirmForm, form_values
from app.http import flash_and_redirect, public_url, render_form
from app.offers import call_mail, call_services, queries, services
from app.offers.forms import CallActivityForm, CallForm
from app.offers.models import Activity, Call
from app.permissions import can_moderate_offer, permission_required
from app.security.limits import CALL_EDIT_LIMIT, CALL_SUBMISSION_LIMIT
from app.wijken.queries import all_wijken

SUBMITTED_KEY = "offer_call_submitted"


def call_link(call: Call) -> str:
    return public_url("offers.call_submit", token=call.token)


@permission_required(can_moderate_offer)
def list_calls():
    page = db.paginate(queries.calls_stmt(), per_page=25, error_out=False)
    return render_template("offers/calls.html", page=page, call_link=call_link)


@permission_required(can_moderate_offer)
def edit_call(call_id: int | None = None):
    call = db.get_or_404(Call, call_id) if call_id else None
    form = CallForm(obj=call)
    if request.method == "GET":
        if call is None:
            form.season_year.data = clock.this_season().year
            prefill_from_args(form, request.args)
        else:
            form.target_wijken.data = call.target_wijken
    if form.validate_on_submit():
        call = call_services.save_call(
            call,
            **form_values(
                form,
                "title",
                "message",
                "season_year",
                "deadline",
                "target_wijken",
                "target_weeks",
                "target_categories",
                "open",
            ),
            user=current_user,
        )
        return flash_and_redirect(
            _("Oproep bewaard. Deel de link met de aanbieders."),
            "offers.edit_call",
            call_id=call.id,
        )
    return render_form(
        "offers/call_form.html",
        form=form,
        call=call,
        link=call_link(call) if call else None,
        activities=queries.activities_of_call(call.id) if call else [],
        send_form=ConfirmForm(),
        mail_configured=call_mail.mail_configured(),
        providers=call_mail.recipients() if call else [],
        sendings=call_mail.sendings(call) if call else [],
    )


@permission_required(can_moderate_offer)
def send_call(call_id: int):
    call = db.get_or_404(Call, call_id)
    back = redirect(url_for("offers.edit_call", call_id=call.id, _anchor="sending"))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not call_mail.mail_configured():
        flash(_("Er is geen mailserver ingesteld: deel de link zelf."), "error")
        return back
    results = call_mail.send_call(call, call_link(call))
    if not results:
        flash(_("Er zijn geen aanbieders met een account om te mailen."), "warning")
        return back
    sent = [r for r in results if r.sent_at]
    failed = [r.email for r in results if not r.sent_at]
    if sent:
        flash(
            ngettext(
                "Oproep gemaild naar %(num)d aanbieder.",
                "Oproep gemaild naar %(num)d aanbieders.",
                len(sent),
            ),
            "success",
        )
    if failed:
        flash(
            _(
                "Niet verstuurd naar: %(emails)s. De oproep blijft bewaard; deel de link met "
                "hen zelf of probeer later opnieuw.",
                emails=", ".join(failed),
            ),
            "error",
        )
    return back


def prefill_from_args(form: CallForm, args) -> None:
    """A new call may arrive filled in from the query string (the gaps report links here).

    Only values the form offers are taken; the coordinator reads and saves the form as usual.
    """
    for name in ("title", "message"):
        if args.get(name):
            getattr(form, name).data = args.get(name)
    if args.get("season_year", "").isdigit():
        form.season_year.data = int(args["season_year"])
        form.target_weeks.choices = form._week_choices()
    for name in ("target_wijken", "target_weeks", "target_categories"):
        field = getattr(form, name)
        allowed = {str(value): value for value, _label in field.choices}
        chosen = [allowed[v] for v in args.getlist(name) if v in allowed]
        if chosen:
            field.data = chosen


def _open_call_or_page(token: str):
    """The call, or the friendly page that says it no longer takes submissions."""
    call = queries.call_by_token(token)
    if call is None:
        abort(404)
    if not call.accepts_on(clock.today()):
        return call, (render_template("offers/call_closed.html", call=call), 410)
    return call, None


@limiter.limit(CALL_SUBMISSION_LIMIT, methods=["POST"])
def call_submit(token: str):
    call, closed_page = _open_call_or_page(token)
    if closed_page:
        return closed_page
    form = CallActivityForm()
    if form.validate_on_submit():
        if form.website.data:
            # A bot filled the honeypot: it gets the thank-you page and we keep nothing.
            session.pop(SUBMITTED_KEY, None)
            return redirect(url_for("offers.call_thanks", token=token))
        activity, edit_token = services.submit_through_call(form.values(), call)
        session[SUBMITTED_KEY] = {
            "title": activity.title,
            "url": public_url(
                "offers.call_edit", token=token, activity_id=activity.id, edit_token=edit_token
            ),
        }
        return redirect(url_for("offers.call_thanks", token=token))
    wijken = {w.number: w.name for w in all_wijken()}
    return render_form("offers/call_submit.html", form=form, call=call, wijken=wijken)


def call_thanks(token: str):
    call = queries.call_by_token(token)
    if call is None:
        abort(404)
    submitted = session.pop(SUBMITTED_KEY, None)
    edit_url = submitted["url"] if submitted else None
    return render_template(
        "offers/call_thanks.html", call=call, submitted=submitted, edit_url=edit_url
    )


@limiter.limit(CALL_EDIT_LIMIT, methods=["POST"])
def call_edit(token: str, activity_id: int, edit_token: str):
    call = queries.call_by_token(token)
    activity = db.session.get(Activity, activity_id) if call else None
    if activity is None or activity.call_id != call.id or not activity.check_edit_token(edit_token):
        abort(404)
    shown = services.values_of(activity)
    shown.update(services.pending_values(activity))
    form = CallActivityForm.for_values(shown)
    if form.validate_on_submit() and not form.website.data:
        outcome = services.change_activity(activity, form.values(), by_moderator=False)
        if outcome == "pending":
            flash(
                _(
                    "Je wijziging is bewaard. Een coördinator keurt ze goed; tot dan blijft de "
                    "vorige versie zichtbaar."
                ),
                "success",
            )
        else:
            flash(_("Wijzigingen bewaard."), "success")
        return redirect(request.path)
    return render_form("offers/call_edit.html", form=form, call=call, activity=activity)
