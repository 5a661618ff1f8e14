"""Pages of the household import: template download, upload, preview, confirmation."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.addresses.location import POSITION_SOURCES
from app.audit.services import record_read
from app.extensions import db
from app.households import imports, previews, services
from app.households.forms import ImportConfirmForm, ImportForm
from app.http import render_form
from app.permissions import can_manage_households, can_manage_rounds, permission_required
from app.rounds.models import Round

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required(can_manage_households)
def import_template(kind: str):
    if kind == "csv":
        body, mimetype = imports.template_csv(), "text/csv; charset=utf-8"
    else:
        body, mimetype = imports.template_xlsx(), XLSX_TYPE
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename=huishoudens-sjabloon.{kind}"},
    )


def _round_of(round_id: int | None) -> Round | None:
    """The round an import was started from: its new households join it, and it returns there."""
    if round_id is None:
        return None
    round_ = db.get_or_404(Round, round_id)
    if not can_manage_rounds(current_user):
        abort(403)
    return round_


@permission_required(can_manage_households)
def upload_import():
    round_ = _round_of(request.args.get("ronde", type=int))
    if round_ is not None and round_.status == "closed":
        flash(_("Een afgesloten ronde krijgt geen adressen meer."), "error")
        return redirect(url_for("rounds.show_round", round_id=round_.id))
    form = ImportForm()
    limit = current_app.config["HOUSEHOLD_IMPORT_MAX_BYTES"]
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(limit + 1)
        try:
            if len(data) > limit:
                raise imports.ImportFileError(
                    _("Het bestand is groter dan %(mb)s MB.", mb=round(limit / 1024 / 1024, 1))
                )
            rows = imports.read_table(upload.filename or "", data)
        except imports.ImportFileError as error:
            form.file.errors.append(str(error))
        else:
            token = previews.store(
                rows,
                user_id=current_user.id,
                filename=upload.filename or "",
                round_id=round_.id if round_ else None,
            )
            return redirect(url_for("households.preview_import", token=token))
    return render_form(
        "households/import_upload.html",
        form=form,
        columns=imports.COLUMNS,
        explanations=imports.EXPLANATIONS,
        required=imports.REQUIRED,
        limit=limit,
        round=round_,
    )


def _load(token: str) -> dict:
    try:
        stored = previews.load(token, user_id=current_user.id)
    except previews.PreviewExpired:
        flash(
            _(
                "Deze import is er niet meer: hij is al ingelezen, of hij wachtte langer dan "
                "een dag op bevestiging. Laad het bestand opnieuw op."
            ),
            "warning",
        )
        abort(redirect(url_for("households.upload_import")))
    if stored is None:
        abort(404)
    if stored.get("erased_rows"):
        flash(
            ngettext(
                "%(num)d regel is uit deze import gehaald: dat gezin is intussen op eigen "
                "vraag gewist.",
                "%(num)d regels zijn uit deze import gehaald: die gezinnen zijn intussen op "
                "eigen vraag gewist.",
                stored["erased_rows"],
            ),
            "warning",
        )
    return stored


@permission_required(can_manage_households)
def preview_import(token: str):
    stored = _load(token)
    round_ = _round_of(stored.get("round_id"))
    # Checked again on every request: households added meanwhile count too.
    preview = imports.check_rows(stored["rows"])
    form = ImportConfirmForm()
    accepted = {int(v) for v in request.form.getlist("accept") if v.isdigit()}
    unconfirmed = []
    if form.validate_on_submit() and preview.good:
        unconfirmed = [row.line for row in preview.warned if row.line not in accepted]
        if not unconfirmed:
            return _import_good_rows(token, stored, preview, round_)
    status = 422 if request.method == "POST" else 200
    # Rows that look like existing households show those households' addresses.
    shown = [household for row in preview.rows for household in row.duplicates]
    record_read("households_listed", "household", shown, purpose="import")
    page = render_template(
        "households/import_preview.html",
        form=form,
        preview=preview,
        token=token,
        filename=stored["filename"],
        imported=stored.get("imported", 0),
        round=round_,
        accepted=accepted,
        unconfirmed=unconfirmed,
        position_sources=POSITION_SOURCES,
    )
    return page, status


def _import_good_rows(token: str, stored: dict, preview, round_: Round | None):
    """Store the good rows; the bad ones wait under the same token, to be fixed and sent again."""
    rows = [row.values for row in preview.good]
    if round_ is not None and round_.status != "closed":
        count, added = services.import_households_into_round(rows, round_)
        flash(
            _imported(count)
            + " "
            + ngettext(
                "%(num)d adres is aan de ronde toegevoegd.",
                "%(num)d adressen zijn aan de ronde toegevoegd.",
                added,
            ),
            "success",
        )
    else:
        count = services.import_households(rows)
        flash(_imported(count), "success")
        if round_ is not None:  # closed meanwhile
            flash(_("Een afgesloten ronde krijgt geen adressen meer."), "warning")
    if preview.bad:
        previews.keep_left_over(
            token, stored, [(row.line, row.raw) for row in preview.bad], imported=count
        )
        return redirect(url_for("households.preview_import", token=token))
    previews.discard(token)
    if round_ is not None:
        return redirect(url_for("rounds.show_round", round_id=round_.id, _anchor="adressen"))
    return redirect(url_for("households.list_households"))


def _imported(count: int) -> str:
    return ngettext("%(num)d huishouden geïmporteerd.", "%(num)d huishoudens geïmporteerd.", count)
