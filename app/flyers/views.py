"""Coordinator pages for short links and flyers, and the worker's full-screen QR code."""

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import render_error
from app.extensions import db
from app.flyers import pdf, qr, queries, services
from app.flyers.forms import (
    BulkForm,
    ShortLinkEditForm,
    ShortLinkForm,
)
from app.flyers.models import ShortLink
from app.flyers.warnings import print_warnings
from app.forms import ConfirmForm, form_values
from app.http import flash_and_redirect, render_form
from app.lists import int_arg, page_of, search_text
from app.permissions import (
    can_manage_flyers,
    can_show_qr_codes,
    can_show_short_link,
    is_coordinator,
    permission_required,
)
from app.rounds.models import Round
from app.wijken.queries import wijk_choices


def get_short_link(code: str) -> ShortLink:
    link = queries.link_by_code(code.lower())
    if link is None:
        abort(404)
    return link


@permission_required(can_manage_flyers)
def list_short_links():
    q = search_text()
    wijk, round_id = int_arg("wijk"), int_arg("round")
    status = request.args.get("status", "active")
    status = status if status in queries.STATUSES else "active"
    stmt = queries.links_statement(q=q, wijk=wijk, round_id=round_id, status=status)
    page = page_of(stmt)
    return render_template(
        "flyers/list.html",
        page=page,
        scans=queries.scan_totals(link.id for link in page.items),
        filters={"q": q, "wijk": wijk, "round": round_id, "status": status},
        wijken=wijk_choices(),
        rounds=queries.round_choices(),
    )


@permission_required(can_manage_flyers)
def create_short_link():
    form = ShortLinkForm()
    if form.validate_on_submit():
        link = services.create_short_link(
            **form_values(form, "label", "target", "wijk_number", "lang", "round_id")
        )
        message = _("Korte link %(code)s aangemaakt.", code=link.code)
        return flash_and_redirect(message, "flyers.show_short_link", code=link.code)
    return render_form("flyers/form.html", form=form, link=None)


@permission_required(can_manage_flyers)
def show_short_link(code: str):
    link = get_short_link(code)
    return render_template(
        "flyers/detail.html",
        link=link,
        scans=queries.scan_totals([link.id]).get(link.id, 0),
        qr_svg=qr.qr_svg(qr.short_url(link.code), css_class="qr qr-preview"),
        address=qr.printed_address(link.code),
        layouts=pdf.layout_choices(),
        languages=current_app.config["PUBLIC_LANGUAGES"],
        print_warnings=print_warnings([link.wijk_number] if link.wijk_number else []),
    )


@permission_required(can_manage_flyers)
def edit_short_link(code: str):
    link = get_short_link(code)
    form = ShortLinkEditForm(obj=link)
    if form.validate_on_submit():
        services.update_short_link(link, label=form.label.data, target=form.target.data)
        message = _("Wijzigingen bewaard. De code blijft %(code)s.", code=link.code)
        return flash_and_redirect(message, "flyers.show_short_link", code=link.code)
    return render_form("flyers/form.html", form=form, link=link)


@permission_required(can_manage_flyers)
def toggle_short_link(code: str):
    link = get_short_link(code)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.set_short_link_active(link, not link.active)
        message = (
            _("De code %(code)s werkt weer.", code=link.code)
            if link.active
            else _("De code %(code)s is buiten gebruik.", code=link.code)
        )
        return flash_and_redirect(message, "flyers.show_short_link", code=link.code)
    return render_template("flyers/confirm_toggle.html", link=link, form=form)


def _print_options(link: ShortLink):
    """(layout, lang) from the query string, or an error page to answer with."""
    layout = request.args.get("layout", "a6x4")
    lang = request.args.get("lang") or link.lang
    if layout not in pdf.LAYOUTS:
        return (
            None,
            None,
            render_error(400, _("Onbekend formaat: kies a6x4, a5x2, a4 of doorhanger.")),
        )
    if lang not in current_app.config["PUBLIC_LANGUAGES"]:
        return None, None, render_error(400, _("Deze taal is (nog) niet beschikbaar voor flyers."))
    if not link.active:
        return (
            None,
            None,
            render_error(400, _("Deze code is buiten gebruik. Zet hem eerst terug aan.")),
        )
    return layout, lang, None


@permission_required(can_manage_flyers)
def flyer_pdf(code: str):
    link = get_short_link(code)
    layout, lang, error = _print_options(link)
    if error:
        return error
    body = pdf.write_pdf(pdf.render_document([(link, lang)], layout, for_pdf=True))
    return _pdf_response(body, f"flyer-{link.code}-{layout}-{lang}.pdf")


@permission_required(can_manage_flyers)
def flyer_print(code: str):
    link = get_short_link(code)
    layout, lang, error = _print_options(link)
    if error:
        return error
    return pdf.render_document(
        [(link, lang)],
        layout,
        for_pdf=False,
        back_url=url_for("flyers.show_short_link", code=link.code),
        pdf_url=url_for("flyers.flyer_pdf", code=link.code, layout=layout, lang=lang),
    )


def _pdf_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@permission_required(can_manage_flyers)
def bulk_pdf():
    form = BulkForm()
    if request.method == "GET":
        form.languages.data = ["nl"]
    if form.validate_on_submit():
        visit_round = db.get_or_404(Round, form.round_id.data)
        if not visit_round.wijken:
            form.round_id.errors.append(_("Deze ronde heeft nog geen wijken."))
        else:
            links = services.ensure_round_links(visit_round, form.languages.data)
            body = pdf.write_pdf(
                pdf.render_document(
                    [(link, link.lang) for link in links], form.layout.data, for_pdf=True
                )
            )
            return _pdf_response(body, f"flyers-ronde-{visit_round.id}-{form.layout.data}.pdf")
    return render_form("flyers/bulk.html", form=form, print_warnings=_round_warnings())


def _round_warnings():
    """For the rounds still to be printed (not closed): their wijken's warnings."""
    rounds = db.session.scalars(db.select(Round).where(Round.status != "closed")).all()
    return print_warnings([wijk.number for r in rounds for wijk in r.wijken])


@permission_required(can_show_qr_codes)
def show_qr_index():
    wijken = None if is_coordinator(current_user) else queries.worker_wijk_numbers(current_user)
    seen, links = set(), []
    for link in queries.showable_links(wijken):
        if (link.wijk_number, link.lang) not in seen:
            seen.add((link.wijk_number, link.lang))
            links.append(link)
    return render_template("flyers/show_index.html", links=links, worker_wijken=wijken)


@permission_required(can_show_qr_codes)
def show_qr(code: str):
    link = get_short_link(code)
    if not can_show_short_link(current_user, link):
        abort(404)  # like an unknown code: a worker learns nothing about other wijken' links
    return render_template(
        "flyers/show.html",
        link=link,
        qr_svg=qr.qr_svg(qr.short_url(link.code), css_class="qr qr-big"),
        address=qr.printed_address(link.code),
    )
