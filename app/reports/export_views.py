"""Exports for the subsidy report (CSV and XLSX), each one written to the audit trail."""

from flask import abort, render_template, request

from app import exports
from app.extensions import db
from app.permissions import can_view_reports, permission_required
from app.reports import export_rows, services
from app.reports.forms import parse_coverage_args
from app.reports.seasons import selectable_years
from app.rounds.models import Round


def _season():
    parsed = parse_coverage_args(request.args)
    if parsed.season is None:
        abort(400)
    return parsed


def _send(kind: str, fmt: str, rows: list[list], name: str, **ids):
    services.record_export(kind, fmt, rows=len(rows) - 1, **ids)
    return exports.download(rows, fmt, name)


@permission_required(can_view_reports)
def exports_page():
    parsed = _season()
    rounds = db.session.scalars(db.select(Round).order_by(Round.start_date.desc()).limit(50))
    return render_template(
        "reports/exports.html", season=parsed.season, years=selectable_years(), rounds=list(rounds)
    )


@permission_required(can_view_reports)
def export_visits(fmt: str):
    round_id = request.args.get("round", type=int)
    if round_id is not None:
        round_ = db.get_or_404(Round, round_id)
        rows = export_rows.visit_rows(round_id=round_.id)
        return _send("visits", fmt, rows, f"bezoeken-ronde-{round_.id}", round_id=round_.id)
    season = _season().season
    rows = export_rows.visit_rows(season=season)
    return _send("visits", fmt, rows, f"bezoeken-zomer-{season.year}", season=season.year)


@permission_required(can_view_reports)
def export_coverage(fmt: str):
    parsed = _season()
    rows = export_rows.coverage_rows(parsed.season, parsed.filters)
    return _send(
        "coverage", fmt, rows, f"dekking-zomer-{parsed.season.year}", season=parsed.season.year
    )


@permission_required(can_view_reports)
def export_interests(fmt: str):
    season = _season().season
    rows = export_rows.interest_rows(season)
    return _send("interests", fmt, rows, f"interesses-zomer-{season.year}", season=season.year)
