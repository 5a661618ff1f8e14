"""Coordinators keep the tips for outdoor play and rainy days that /tips shows."""

from flask import render_template
from flask_babel import gettext as _

from app.extensions import db
from app.forms import ConfirmForm, form_values
from app.http import flash_and_redirect, render_form
from app.offers import call_services
from app.offers.forms import TipForm
from app.offers.models import Tip
from app.permissions import can_moderate_offer, permission_required


@permission_required(can_moderate_offer)
def list_tips():
    tips = db.session.scalars(db.select(Tip).order_by(Tip.kind, Tip.title)).all()
    return render_template("offers/tips.html", tips=tips)


@permission_required(can_moderate_offer)
def edit_tip(tip_id: int | None = None):
    tip = db.get_or_404(Tip, tip_id) if tip_id else None
    form = TipForm(obj=tip)
    if form.validate_on_submit():
        call_services.save_tip(
            tip,
            **form_values(form, "title", "text", "kind", "age_min", "age_max", "published"),
            title_i18n=form.translations("title"),
            text_i18n=form.translations("text"),
        )
        return flash_and_redirect(_("Tip bewaard."), "offers.list_tips")
    return render_form("offers/tip_form.html", form=form, tip=tip)


@permission_required(can_moderate_offer)
def delete_tip(tip_id: int):
    tip = db.get_or_404(Tip, tip_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        call_services.delete_tip(tip)
        return flash_and_redirect(_("Tip verwijderd."), "offers.list_tips")
    return render_template("offers/confirm_delete_tip.html", tip=tip, form=form)
