"""Staff pages of the offer: a provider's own activities, and moderation by coordinators."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.forms import ConfirmForm
from app.http import flash_and_redirect, render_form
from app.lists import page_of, search_text
from app.offers import places, queries, services
from app.offers.fields import BY_NAME, FIELDS, display
from app.offers.forms import ActivityForm, PublishForm, RejectForm
from app.offers.models import STATUSES, Activity
from app.permissions import (
    allowed_or_404,
    can_edit_activity,
    can_manage_own_offer,
    can_moderate_offer,
    can_submit_activities,
    is_coordinator,
    permission_required,
)


def diff_rows(activity: Activity) -> list[dict]:
    """The proposed changes, field by field, as a moderator reads them."""
    pending = services.pending_values(activity)
    return [
        {
            "label": field.label,
            "old": display(field.kind, getattr(activity, field.name)),
            "new": display(field.kind, pending[field.name]),
        }
        for field in FIELDS
        if field.name in pending
    ]


@permission_required(can_manage_own_offer)
def my_activities():
    stmt = queries.organisation_activities_stmt(current_user.organisation_id)
    page = page_of(stmt)
    return render_template("offers/my_activities.html", page=page)


@permission_required(can_submit_activities)
def create_activity():
    form = ActivityForm()
    coordinator = is_coordinator(current_user)
    form.price_required = not coordinator
    if request.method == "GET" and not coordinator:
        form.provider_name.data = current_user.organisation.name
    if form.validate_on_submit():
        activity = services.create_activity(
            form.values(),
            organisation=None if coordinator else current_user.organisation,
            publish=coordinator,
        )
        if coordinator:
            return flash_and_redirect(
                _("Activiteit gepubliceerd."), "offers.review_activity", activity_id=activity.id
            )
        return flash_and_redirect(
            _("Bedankt! Een coördinator kijkt je activiteit na en publiceert ze."),
            "offers.my_activities",
        )
    return render_form("offers/activity_form.html", form=form, activity=None)


@permission_required(can_submit_activities)
def edit_activity(activity_id: int):
    activity = allowed_or_404(Activity, activity_id, can_edit_activity)
    moderator = can_moderate_offer(current_user)
    shown = services.values_of(activity)
    if not moderator:
        shown.update(services.pending_values(activity))  # go on from the proposal
    form = ActivityForm.for_values(shown)
    form.price_required = not moderator
    if form.validate_on_submit():
        outcome = services.change_activity(activity, form.values(), by_moderator=moderator)
        messages = {
            "pending": _(
                "Je wijziging is bewaard. Een coördinator keurt ze goed; tot dan blijft "
                "de vorige versie zichtbaar."
            ),
            "applied": _("Wijzigingen bewaard."),
            "unchanged": _("Er was niets gewijzigd."),
        }
        flash(messages[outcome], "success")
        if moderator:
            return redirect(url_for("offers.review_activity", activity_id=activity.id))
        return redirect(url_for("offers.my_activities"))
    return render_form("offers/activity_form.html", form=form, activity=activity)


@permission_required(can_submit_activities)
def withdraw_activity(activity_id: int):
    activity = allowed_or_404(Activity, activity_id, can_edit_activity)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.withdraw(activity)
        flash(_("De activiteit is ingetrokken en niet meer zichtbaar."), "success")
        if can_moderate_offer(current_user):
            return redirect(url_for("offers.review_activity", activity_id=activity.id))
        return redirect(url_for("offers.my_activities"))
    return render_template("offers/confirm_withdraw.html", activity=activity, form=form)


@permission_required(can_moderate_offer)
def moderation():
    return render_template(
        "offers/moderation.html",
        activities=queries.moderation_queue(),
        needs_wijk=places.needs_wijk,
    )


@permission_required(can_moderate_offer)
def list_activities():
    q = search_text()
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    page = page_of(queries.all_activities_stmt(q, status))
    return render_template(
        "offers/activities.html",
        page=page,
        q=q,
        status=status,
        statuses=STATUSES,
        needs_wijk=places.needs_wijk,
    )


@permission_required(can_moderate_offer)
def review_activity(activity_id: int):
    activity = allowed_or_404(Activity, activity_id, can_edit_activity)
    rows = [{"label": f.label, "value": display(f.kind, getattr(activity, f.name))} for f in FIELDS]
    no_wijk = places.needs_wijk(activity)
    # An address that can be placed now (the data grew since) is offered as the choice.
    check = places.resolve(services.values_of(activity), online=False) if no_wijk else None
    suggested = check.wijk if check and not check.problem else None
    return render_template(
        "offers/review.html",
        activity=activity,
        rows=rows,
        diff=diff_rows(activity),
        form=ConfirmForm(),
        publish_form=PublishForm(data={"wijk": str(suggested) if suggested else ""}),
        no_wijk=no_wijk,
        no_wijk_reason=check.message if check else "",
        suggested_wijk=suggested,
        weeks=activity.weeks,
        wijk_label=BY_NAME["wijk_number"].label,
    )


@permission_required(can_moderate_offer)
def publish_activity(activity_id: int):
    activity = allowed_or_404(Activity, activity_id, can_edit_activity)
    form = PublishForm()
    if form.validate_on_submit():
        if places.needs_wijk(activity) and not form.chosen:
            # On no wijk page, families of no wijk would find it: that must be a choice.
            flash(
                _("Kies eerst de wijk van deze activiteit, of publiceer ze bewust zonder wijk."),
                "error",
            )
            return redirect(url_for("offers.review_activity", activity_id=activity.id))
        if not services.publish(activity, wijk=form.wijk_number):
            flash(
                _(
                    "„%(title)s” is nog niet gepubliceerd: %(reason)s",
                    title=activity.title,
                    reason=" ".join(activity.review_reason_labels),
                ),
                "error",
            )
            return redirect(url_for("offers.review_activity", activity_id=activity.id))
        flash(_("„%(title)s” is gepubliceerd.", title=activity.title), "success")
    return redirect(url_for("offers.moderation"))


@permission_required(can_moderate_offer)
def reject_activity(activity_id: int):
    activity = allowed_or_404(Activity, activity_id, can_edit_activity)
    form = RejectForm()
    if form.validate_on_submit():
        services.reject(activity, form.reason.data)
        return flash_and_redirect(
            _("„%(title)s” is afgewezen.", title=activity.title), "offers.moderation"
        )
    return render_form("offers/reject.html", form=form, activity=activity)


@permission_required(can_moderate_offer)
def decide_changes(activity_id: int):
    activity = allowed_or_404(Activity, activity_id, can_edit_activity)
    if not activity.pending_changes:
        abort(404)
    if ConfirmForm().validate_on_submit():
        if request.form.get("decision") == "approve":
            services.approve_changes(activity)
            flash(_("De wijziging is goedgekeurd en zichtbaar."), "success")
        else:
            services.discard_changes(activity)
            flash(_("De wijziging is geweigerd; de gepubliceerde versie blijft."), "success")
    return redirect(url_for("offers.moderation"))
