"""Coordinators' pages for rounds: plan, fill with households, cut into routes, assign, print."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.audit.services import record_read
from app.extensions import db
from app.flyers.warnings import print_warnings
from app.forms import ConfirmForm, form_values
from app.http import flash_and_redirect, render_form
from app.permissions import can_manage_rounds, permission_required
from app.rounds import services
from app.rounds.checklist import round_checklist
from app.rounds.forms import (
    AddByPartnerForm,
    AddByWijkForm,
    CutForm,
    MoveForm,
    NewRouteForm,
    PickForm,
    PlanRoutesForm,
    RoundForm,
    RouteForm,
)
from app.rounds.models import ROUND_STATUSES, Round, Route, Stop
from app.rounds.queries import (
    progress_of,
    rounds_page,
    search_households,
    stop_counts,
    unpositioned_count,
    unrouted_stops,
)
from app.visits.codes import OUTCOMES


def _to_round(round_: Round, anchor: str | None = None):
    return redirect(url_for("rounds.show_round", round_id=round_.id, _anchor=anchor))


@permission_required(can_manage_rounds)
def list_rounds():
    status = request.args.get("status", "")
    status = status if status in ROUND_STATUSES else ""
    page = rounds_page(status or None, request.args.get("page", 1, type=int))
    counts = stop_counts([r.id for r in page.items])
    return render_template(
        "rounds/list.html", page=page, status=status, statuses=ROUND_STATUSES, counts=counts
    )


@permission_required(can_manage_rounds)
def edit_round(round_id: int | None = None):
    round_ = db.get_or_404(Round, round_id) if round_id else None
    form = RoundForm(obj=round_)
    if round_ is not None and request.method == "GET":
        form.wijken.data = [w.number for w in round_.wijken]
        form.package_types.data = [p.id for p in round_.package_types]
    if form.validate_on_submit():
        round_ = services.save_round(
            round_,
            **form_values(form, "name", "start_date", "end_date", "max_attempts"),
            wijk_numbers=form.wijken.data,
            package_type_ids=form.package_types.data,
            user=current_user,
        )
        flash(_("Ronde bewaard."), "success")
        return _to_round(round_)
    return render_form("rounds/form.html", form=form, round=round_)


@permission_required(can_manage_rounds)
def show_round(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    unrouted = unrouted_stops(round_.id)
    routes = [(route, progress_of(route.stops)) for route in round_.routes_in_order]
    shown = [s.household_id for s in unrouted] + [
        s.household_id for route, _ in routes for s in route.stops
    ]
    record_read("round_viewed", "household", shown, round_id=round_.id)
    total = sum(p.total for _, p in routes) + len(unrouted)
    return render_template(
        "rounds/show.html",
        round=round_,
        routes=routes,
        unrouted=unrouted,
        total=total,
        checklist=round_checklist(round_, total=total, unrouted=len(unrouted)),
        print_warnings=print_warnings([wijk.number for wijk in round_.wijken]),
        unpositioned=unpositioned_count(round_.id),
        by_wijk=AddByWijkForm(round_=round_),
        by_partner=AddByPartnerForm(),
        cut=CutForm(),
        new_route=NewRouteForm(),
        move=MoveForm(round_=round_),
        transitions=services.TRANSITIONS[round_.status],
    )


@permission_required(can_manage_rounds)
def change_status(round_id: int, status: str):
    round_ = db.get_or_404(Round, round_id)
    if status not in services.TRANSITIONS[round_.status]:
        flash(_("Deze statuswijziging kan niet."), "error")
        return _to_round(round_)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.change_status(round_, status)
        flash(_("De ronde is nu: %(status)s.", status=round_.status_label), "success")
        return _to_round(round_)
    return render_template("rounds/confirm_status.html", round=round_, status=status, form=form)


@permission_required(can_manage_rounds)
def add_households(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    how = request.form.get("how")
    if how == "wijk" and (form := AddByWijkForm(round_=round_)).validate_on_submit():
        ids = services.households_in_wijken([form.wijk.data])
    elif how == "partner" and (form := AddByPartnerForm()).validate_on_submit():
        ids = services.households_of_partner(form.partner.data)
    elif how == "pick" and (form := PickForm()).validate_on_submit():
        ids = form.household.data
    else:
        flash(_("Kies wat je wil toevoegen."), "error")
        return _to_round(round_, "adressen")
    try:
        added = services.add_households(round_, ids, how=how)
    except services.RoundError as error:
        flash(str(error), "error")
        return _to_round(round_)
    if added:
        flash(_("%(n)s adressen toegevoegd.", n=added), "success")
    else:
        flash(
            _(
                "0 adressen toegevoegd: er zijn hier geen gezinnen die nog niet in de ronde "
                "zitten. Staan ze nog niet in de app? Kies dan «Huishoudens importeren»."
            ),
            "warning",
        )
    return _to_round(round_, "adressen")


@permission_required(can_manage_rounds)
def pick_households(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    q = request.args.get("q", "").strip()
    households = search_households(round_, q)
    record_read("households_listed", "household", [h.id for h in households], round_id=round_.id)
    return render_template(
        "rounds/pick.html",
        round=round_,
        q=q,
        households=households,
        form=PickForm(),
    )


@permission_required(can_manage_rounds)
def remove_stop(stop_id: int):
    stop = db.get_or_404(Stop, stop_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        round_, route = stop.round, stop.route
        try:
            services.remove_stop(stop)
            flash(_("Adres uit de ronde gehaald."), "success")
        except services.RoundError as error:
            flash(str(error), "error")
        if route is not None:
            return redirect(url_for("rounds.edit_route", route_id=route.id))
        return _to_round(round_)
    record_read("household_viewed", "household", [stop], subject=stop.household, stop_id=stop.id)
    return render_template("rounds/confirm_remove.html", stop=stop, form=form)


@permission_required(can_manage_rounds)
def cut_round(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    form = CutForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.routes.errors)) or _("Geef een aantal routes."), "error")
        return _to_round(round_, "verdelen")
    if round_.routes and not form.replace.data:
        flash(_("Vink aan dat de bestaande routes vervangen mogen worden."), "error")
        return _to_round(round_, "verdelen")
    try:
        routes = services.cut_round(round_, form.routes.data)
    except services.RoundError as error:
        flash(str(error), "error")
        return _to_round(round_, "verdelen")
    flash(_("Verdeeld in %(n)s routes.", n=len(routes)), "success")
    return _to_round(round_, "route-list")


@permission_required(can_manage_rounds)
def add_route(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    form = NewRouteForm()
    if form.validate_on_submit():
        route = services.add_route(round_, form.name.data)
        return redirect(url_for("rounds.edit_route", route_id=route.id))
    flash(_("Geef de route een naam."), "error")
    return _to_round(round_, "route-list")


@permission_required(can_manage_rounds)
def edit_route(route_id: int):
    route = db.get_or_404(Route, route_id)
    form = RouteForm(obj=route)
    if request.method == "GET":
        ids = [w.id for w in route.workers] + [0, 0]
        form.worker_1.data, form.worker_2.data = ids[0], ids[1]
    if form.validate_on_submit():
        services.save_route(
            route, name=form.name.data, date=form.date.data, worker_ids=form.worker_ids()
        )
        return flash_and_redirect(_("Route bewaard."), "rounds.edit_route", route_id=route.id)
    record_read("route_viewed", "household", route.stops, route_id=route.id)
    return render_form(
        "rounds/route.html",
        form=form,
        route=route,
        move=MoveForm(round_=route.round),
        progress=progress_of(route.stops),
        outcomes=OUTCOMES,
    )


@permission_required(can_manage_rounds)
def plan_routes(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    form = PlanRoutesForm(round_=round_)
    if form.validate_on_submit():
        plans = {
            int(entry.form.route_id.data): (entry.form.date.data, entry.form.worker_ids())
            for entry in form.routes
        }
        changed = services.plan_routes(round_, plans)
        flash(ngettext("%(num)d route bewaard.", "%(num)d routes bewaard.", changed), "success")
        return _to_round(round_, "route-list")
    return render_form("rounds/plan.html", form=form, round=round_)


@permission_required(can_manage_rounds)
def move_stop(stop_id: int):
    stop = db.get_or_404(Stop, stop_id)
    back = stop.route_id
    direction = request.form.get("direction")
    form = MoveForm(round_=stop.round)
    if direction in ("up", "down") and ConfirmForm().validate_on_submit():
        services.shift_stop(stop, -1 if direction == "up" else 1)
    elif form.validate_on_submit():
        target = db.get_or_404(Route, form.route_id.data) if form.route_id.data else None
        try:
            services.move_stop(stop, target)
            flash(_("Adres verplaatst."), "success")
        except services.RoundError as error:
            flash(str(error), "error")
    if back:
        return redirect(url_for("rounds.edit_route", route_id=back, _anchor=f"stop-{stop.id}"))
    return _to_round(stop.round, "adressen")


@permission_required(can_manage_rounds)
def walk_sheet(route_id: int):
    route = db.get_or_404(Route, route_id)
    record_read(
        "walk_sheet_viewed", "household", [s.household_id for s in route.stops], route_id=route.id
    )
    return render_template("rounds/walk_sheet.html", route=route, pdf=False)


@permission_required(can_manage_rounds)
def walk_sheet_pdf(route_id: int):
    from app.rounds.pdf import walk_sheet_response

    return walk_sheet_response(db.get_or_404(Route, route_id))
