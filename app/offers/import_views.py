"""Coordinators' spreadsheet template, import (with preview), export, and the UiTdatabank import."""

import json

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeSerializer

from app import clock, exports
from app.audit.services import record
from app.extensions import db
from app.offers import places, services, spreadsheet, uit_import
from app.offers.forms import ImportForm, SpreadsheetConfirmForm, UitImportForm
from app.offers.models import Activity
from app.permissions import can_moderate_offer, permission_required


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="offer-spreadsheet-import")


def _season():
    return clock.this_season()


def _download(rows, fmt: str, name: str):
    return exports.download(rows, fmt, name)


def _read_upload(upload, field) -> bytes | None:
    """The uploaded bytes, or None (with the error on the field) when over the import's limit."""
    limit = current_app.config["OFFER_IMPORT_MAX_BYTES"]
    data = upload.read(limit + 1)
    if len(data) > limit:
        field.errors.append(
            _("Het bestand is groter dan %(mb)s MB.", mb=round(limit / 1024 / 1024, 1))
        )
        return None
    return data


def _placed_row(raw: dict) -> tuple[dict, list[str], places.PlaceCheck | None]:
    """A spreadsheet row's values with wijk and position from its address, its errors, and how
    the address was placed. Offline: a sheet of hundreds of rows must not wait for the register.
    """
    values, errors = spreadsheet.parse_row(raw)
    if errors:
        return values, errors, None
    place = places.resolve(values, online=False)
    if place.problem == "conflict":
        errors = [_("'wijk' klopt niet: %(message)s", message=place.message)]
    return place.values, errors, place


def _import_page(status=200, **context):
    context.setdefault("form", ImportForm())
    context.setdefault("uit_form", UitImportForm())
    context["api_key"] = bool(current_app.config.get("UITDATABANK_API_KEY"))
    return render_template("offers/import.html", **context), status


@permission_required(can_moderate_offer)
def import_page():
    return _import_page()


@permission_required(can_moderate_offer)
def spreadsheet_template(fmt: str):
    return _download(spreadsheet.template_rows(), fmt, "aanbod-sjabloon")


@permission_required(can_moderate_offer)
def export_activities(fmt: str):
    activities = db.session.scalars(
        db.select(Activity).order_by(Activity.start_date, Activity.id)
    ).all()
    record("activities_exported", None, object_type="activity", format=fmt, count=len(activities))
    db.session.commit()
    return _download(spreadsheet.export_rows(activities), fmt, "aanbod")


@permission_required(can_moderate_offer)
def spreadsheet_preview():
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(422, form=form)
    upload = form.file.data
    data = _read_upload(upload, form.file)
    if data is None:
        return _import_page(422, form=form)
    try:
        rows = spreadsheet.read_rows(upload.filename or "", data)
    except ValueError as exc:
        form.file.errors.append(str(exc))
        return _import_page(422, form=form)
    checked = [(line, raw, *_placed_row(raw)) for line, raw in rows]
    has_errors = any(errors for _line, _raw, _values, errors, _place in checked) or not checked
    confirm = SpreadsheetConfirmForm(
        payload=_serializer().dumps([raw for _line, raw, *_ in checked]),
        publish=form.publish.data,
    )
    return render_template(
        "offers/import_preview.html",
        checked=checked,
        has_errors=has_errors,
        confirm=confirm,
        publish=form.publish.data,
        without_wijk=[line for line, *_, place in checked if place and place.problem],
    ), (422 if has_errors else 200)


@permission_required(can_moderate_offer)
def spreadsheet_import():
    form = SpreadsheetConfirmForm()
    try:
        raws = _serializer().loads(form.payload.data or "") if form.validate_on_submit() else None
    except BadSignature:
        raws = None
    parsed = [_placed_row(raw) for raw in raws or []]
    if not parsed or any(errors for _values, errors, _place in parsed):
        flash(_("Het bestand kon niet ingelezen worden. Laad het opnieuw op."), "error")
        return redirect(url_for("offers.import_page"))
    count, waiting = services.import_activities(
        [values for values, _e, _p in parsed], publish=form.publish.data
    )
    flash(_("%(count)s activiteiten ingelezen.", count=count), "success")
    if waiting:
        flash(
            ngettext(
                "%(num)d activiteit heeft geen wijk en wacht bij 'Na te kijken'.",
                "%(num)d activiteiten hebben geen wijk en wachten bij 'Na te kijken'.",
                waiting,
            ),
            "warning",
        )
    return redirect(
        url_for("offers.moderation" if not form.publish.data else "offers.list_activities")
    )


@permission_required(can_moderate_offer)
def uitdatabank_import():
    form = UitImportForm()
    if not form.validate_on_submit():
        return _import_page(422, uit_form=form)
    season = _season()
    if form.file.data:
        data = _read_upload(form.file.data, form.file)
        if data is None:
            return _import_page(422, uit_form=form)
        try:
            payload = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            form.file.errors.append(_("Dit is geen JSON-bestand van UiTdatabank."))
            return _import_page(422, uit_form=form)
    elif current_app.config.get("UITDATABANK_API_KEY") and request.form.get("fetch"):
        try:
            payload = uit_import.fetch_events(season)
        except uit_import.FetchError as exc:
            current_app.logger.warning("UiTdatabank fetch failed: %s", exc)
            form.file.errors.append(
                _("UiTdatabank antwoordde niet. Probeer later opnieuw. (%(why)s)", why=exc)
            )
            return _import_page(502, uit_form=form)
    else:
        form.file.errors.append(_("Kies een bestand."))
        return _import_page(422, uit_form=form)
    report = uit_import.import_payload(payload, season, publish=form.publish.data)
    return render_template("offers/uit_report.html", report=report, season=season)
