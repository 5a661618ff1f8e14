"""Pages for stock: levels per partner, movements, package types."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin.forms import organisation_choices
from app.extensions import db
from app.http import render_form
from app.permissions import can_manage_stock, permission_required
from app.stock import bp, services
from app.stock.forms import CorrectionForm, PackageTypeForm, ReceivedForm, TransferForm
from app.stock.models import MOVEMENT_KINDS, PackageType
from app.stock.queries import movements, negative_stock, package_types, stock_levels

PER_PAGE = 50


def get_package_type(package_type_id: int) -> PackageType:
    return db.get_or_404(PackageType, package_type_id)


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


@bp.get("")
@permission_required(can_manage_stock)
def show_stock():
    organisation_id = _int_arg("organisation")
    return render_template(
        "stock/levels.html",
        levels=stock_levels(organisation_id),
        negative=negative_stock(),
        organisations=organisation_choices(),
        organisation_id=organisation_id,
        has_types=bool(package_types()),
    )


@bp.get("/bewegingen")
@permission_required(can_manage_stock)
def list_movements():
    filters = {
        "organisation_id": _int_arg("organisation"),
        "package_type_id": _int_arg("package_type"),
    }
    page = db.paginate(movements(**filters), per_page=PER_PAGE, error_out=False)
    return render_template(
        "stock/movements.html",
        page=page,
        kinds=MOVEMENT_KINDS,
        filters=filters,
        organisations=organisation_choices(),
        types=package_types(),
    )


def _resent(form, kind: str) -> bool:
    """The same form again, already stored: say so before checking it against today's stock
    (a resent transfer of the last packages would otherwise be refused as too many)."""
    return form.is_submitted() and services.stored_form(kind, form.submission_id()) is not None


def _saved(stored: bool, message: str) -> None:
    if stored:
        flash(message, "success")
    else:  # the same form again: a double tap, or a resend after an answer that got lost
        flash(_("Dit formulier was al bewaard; er is niets dubbel geteld."), "warning")


def _movement_page(form, kind: str, title: str):
    return render_form("stock/movement_form.html", form=form, kind=kind, title=title)


@bp.route("/ontvangen", methods=["GET", "POST"])
@permission_required(can_manage_stock)
def record_received():
    form = ReceivedForm(request.form or None, organisation_id=request.args.get("organisation"))
    if _resent(form, "received"):
        _saved(False, "")
        return redirect(url_for("stock.show_stock"))
    if form.validate_on_submit():
        _movement, stored = services.record_received(
            organisation_id=form.organisation_id.data,
            package_type_id=form.package_type_id.data,
            quantity=form.quantity.data,
            reason=form.reason.data or "",
            form_id=form.submission_id(),
        )
        _saved(stored, _("Ontvangst bewaard."))
        return redirect(url_for("stock.show_stock"))
    return _movement_page(form, "received", _("Pakketten ontvangen"))


@bp.route("/correctie", methods=["GET", "POST"])
@permission_required(can_manage_stock)
def record_correction():
    form = CorrectionForm(request.form or None, organisation_id=request.args.get("organisation"))
    if _resent(form, "correction"):
        _saved(False, "")
        return redirect(url_for("stock.show_stock"))
    if form.validate_on_submit():
        _movement, stored = services.record_correction(
            organisation_id=form.organisation_id.data,
            package_type_id=form.package_type_id.data,
            quantity=form.quantity.data,
            reason=form.reason.data,
            form_id=form.submission_id(),
        )
        _saved(stored, _("Correctie bewaard."))
        return redirect(url_for("stock.show_stock"))
    return _movement_page(form, "correction", _("Voorraad corrigeren"))


@bp.route("/overdracht", methods=["GET", "POST"])
@permission_required(can_manage_stock)
def record_transfer():
    form = TransferForm(request.form or None, organisation_id=request.args.get("organisation"))
    if _resent(form, "transfer_out"):
        _saved(False, "")
        return redirect(url_for("stock.show_stock"))
    if form.validate_on_submit():
        _movement, stored = services.record_transfer(
            from_organisation_id=form.organisation_id.data,
            to_organisation_id=form.to_organisation_id.data,
            package_type_id=form.package_type_id.data,
            quantity=form.quantity.data,
            reason=form.reason.data or "",
            form_id=form.submission_id(),
        )
        _saved(stored, _("Overdracht bewaard."))
        return redirect(url_for("stock.show_stock"))
    return _movement_page(form, "transfer", _("Pakketten overdragen"))


@bp.get("/soorten")
@permission_required(can_manage_stock)
def list_package_types():
    return render_template("stock/package_types.html", types=package_types())


@bp.route("/soorten/nieuw", methods=["GET", "POST"])
@bp.route("/soorten/<int:package_type_id>", methods=["GET", "POST"])
@permission_required(can_manage_stock)
def edit_package_type(package_type_id: int | None = None):
    package_type = get_package_type(package_type_id) if package_type_id else None
    form = PackageTypeForm(obj=package_type, package_type=package_type)
    if form.validate_on_submit():
        services.save_package_type(
            package_type,
            name=form.name.data,
            contents=form.contents.data,
            age_band=form.age_band.data,
            active=form.active.data,
        )
        flash(_("Pakkettype bewaard."), "success")
        return redirect(url_for("stock.list_package_types"))
    return render_form("stock/package_type_form.html", form=form, package_type=package_type)
