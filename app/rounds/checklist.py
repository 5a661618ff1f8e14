"""Getting a round ready, as one checklist on its page: each step done or not, and the one action
that brings it further (addresses → routes → workers and dates → start → print)."""

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.rounds.models import Round, Route
from app.rounds.queries import printed_route_ids


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool
    summary: str
    action: str
    url: str
    state: str = "todo"  # "done", "next" (the first step not done) or "todo"


def _planned(route: Route) -> bool:
    return route.date is not None and bool(route.workers)


def round_checklist(round_: Round, *, total: int, unrouted: int) -> list[Step]:
    routes = round_.routes
    planned = sum(1 for route in routes if _planned(route))
    printed = printed_route_ids([route.id for route in routes])
    to_print = [route for route in routes if route.id not in printed]
    here = url_for("rounds.show_round", round_id=round_.id)
    steps = [
        Step(
            "adressen",
            _("Adressen"),
            total > 0,
            ngettext("%(num)d adres in de ronde.", "%(num)d adressen in de ronde.", total)
            if total
            else _("Nog geen adressen. Staan de gezinnen nog niet in de app? Importeer een lijst."),
            _("Adressen toevoegen") if total else _("Huishoudens importeren"),
            here + "#adressen" if total else url_for("households.upload_import", ronde=round_.id),
        ),
        Step(
            "routes",
            _("Routes"),
            bool(routes) and unrouted == 0,
            ngettext("%(num)d route", "%(num)d routes", len(routes))
            + (
                "; "
                + ngettext(
                    "%(num)d adres nog niet op een route.",
                    "%(num)d adressen nog niet op een route.",
                    unrouted,
                )
                if unrouted
                else "."
            ),
            _("Verdelen in routes"),
            here + "#verdelen",
        ),
        Step(
            "planning",
            _("Stoepbezoekers en data"),
            bool(routes) and planned == len(routes),
            _(
                "%(planned)s van %(total)s routes hebben een datum en een stoepbezoeker.",
                planned=planned,
                total=len(routes),
            ),
            _("Data en stoepbezoekers kiezen"),
            url_for("rounds.plan_routes", round_id=round_.id),
        ),
        Step(
            "starten",
            _("Starten"),
            round_.status != "draft",
            _("De ronde loopt: stoepbezoekers zien hun routes.")
            if round_.status == "active"
            else (
                _("De ronde is afgesloten.")
                if round_.status == "closed"
                else _("Pas na de start zien stoepbezoekers hun routes.")
            ),
            _("Ronde starten"),
            url_for("rounds.change_status", round_id=round_.id, status="active"),
        ),
        Step(
            "printen",
            _("Printen"),
            bool(routes) and not to_print,
            _("Alle looplijsten zijn geprint.")
            if routes and not to_print
            else ngettext(
                "%(num)d looplijst nog niet geprint.",
                "%(num)d looplijsten nog niet geprint.",
                len(to_print),
            ),
            _("Looplijsten printen"),
            here + "#route-list",
        ),
    ]
    first_open = next((step.key for step in steps if not step.done), None)
    return [
        Step(
            **{
                **step.__dict__,
                "state": "done" if step.done else ("next" if step.key == first_open else "todo"),
            }
        )
        for step in steps
    ]
