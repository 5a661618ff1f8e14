"""The rows of the report exports: visits (pseudonymous, no notes), coverage, interests per wijk.

Households appear as a pseudonym: an HMAC of the household id keyed with the installation's
SECRET_KEY, truncated. It is stable within the installation (the same family has the same code
in every export, so visits can be counted per family) and reveals nothing without the key.
"""

import hashlib
import hmac
from collections import defaultdict

from flask import current_app
from flask_babel import gettext as _

from app.extensions import db
from app.followups.models import FollowUp
from app.households.models import Household
from app.reports import coverage, queries
from app.reports.seasons import demand_window
from app.rounds.models import Round, Route, Stop
from app.season import Season
from app.stock.models import StockMovement
from app.visits.codes import INTERESTS
from app.visits.models import Visit, VisitInterest
from app.wijken.models import Wijk
from app.wijken.queries import all_wijken

PSEUDONYM_LENGTH = 16


def household_pseudonym(household_id: int) -> str:
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, f"household:{household_id}".encode(), hashlib.sha256).hexdigest()
    return "g-" + digest[:PSEUDONYM_LENGTH]


def visit_rows(*, season: Season | None = None, round_id: int | None = None) -> list[list]:
    """One row per visit of a round, or of the season's demand window. Four queries."""
    clauses = []
    if round_id is not None:
        clauses.append(Visit.round_id == round_id)
    if season is not None:
        start, until = demand_window(season)
        clauses += [Visit.occurred_at >= start, Visit.occurred_at < until]
    visits = db.session.execute(
        db.select(
            Visit.id,
            Visit.occurred_at,
            Visit.outcome,
            Visit.flyer_left,
            Visit.info_given,
            Visit.household_id,
            Household.wijk_number,
            Wijk.name,
            Round.name,
            Route.name,
        )
        .select_from(Visit)
        .join(Household, Household.id == Visit.household_id)
        .join(Wijk, Wijk.number == Household.wijk_number)
        .join(Round, Round.id == Visit.round_id)
        .join(Stop, Stop.id == Visit.stop_id)
        .outerjoin(Route, Route.id == Stop.route_id)
        .where(*clauses)
        .order_by(Visit.occurred_at, Visit.id)
    ).all()
    interests = defaultdict(list)
    for visit_id, code in db.session.execute(
        db.select(VisitInterest.visit_id, VisitInterest.code)
        .join(Visit, Visit.id == VisitInterest.visit_id)
        .where(*clauses)
        .order_by(VisitInterest.code)
    ):
        interests[visit_id].append(code)
    packages = dict(
        db.session.execute(
            db.select(StockMovement.visit_id, -db.func.sum(StockMovement.quantity))
            .join(Visit, Visit.id == StockMovement.visit_id)
            .where(StockMovement.kind == "handed_out", *clauses)
            .group_by(StockMovement.visit_id)
        ).all()
    )
    followups = dict(
        db.session.execute(
            db.select(FollowUp.visit_id, FollowUp.kind)
            .join(Visit, Visit.id == FollowUp.visit_id)
            .where(*clauses)
        ).all()
    )
    header = [
        _("tijdstip"),
        _("ronde"),
        _("route"),
        _("wijknummer"),
        _("wijk"),
        _("gezin"),
        _("uitkomst"),
        _("pakketjes"),
        _("flyer"),
        _("interesses"),
        _("info gegeven"),
        _("opvolging"),
    ]
    rows = [header]
    for (
        vid,
        occurred,
        outcome,
        flyer,
        info,
        household_id,
        wijk_number,
        wijk_name,
        round_name,
        route_name,
    ) in visits:
        rows.append(
            [
                occurred.isoformat(timespec="minutes"),
                round_name,
                route_name or "",
                wijk_number,
                wijk_name,
                household_pseudonym(household_id),
                outcome,
                int(packages.get(vid) or 0),
                _("ja") if flyer else _("nee"),
                ", ".join(interests.get(vid, [])),
                ", ".join(info or []),
                followups.get(vid, ""),
            ]
        )
    return rows


def coverage_rows(season: Season, filters: queries.OfferFilters) -> list[list]:
    matrix = coverage.coverage_matrix(season, filters)
    rows = [[_("wijknummer"), _("wijk"), *matrix.weeks, _("activiteiten")]]
    for row in matrix.rows:
        rows.append([row.number, row.name, *row.cells, row.total])
    rows.append(["", _("totaal"), *matrix.column_totals, matrix.total])
    return rows


def interest_rows(season: Season) -> list[list]:
    visited = queries.households_visited(season)
    interests = queries.interests_per_wijk(season)
    codes = list(INTERESTS)
    rows = [
        [_("wijknummer"), _("wijk"), _("gezinnen bezocht"), *[str(INTERESTS[c]) for c in codes]]
    ]
    for wijk in all_wijken():
        rows.append(
            [
                wijk.number,
                wijk.name,
                visited.get(wijk.number, 0),
                *[interests.get((wijk.number, c), 0) for c in codes],
            ]
        )
    return rows
