"""The round dashboard: how far a round is, per route, with stock per partner."""

from flask import render_template

from app.extensions import db
from app.permissions import can_view_reports, permission_required
from app.reports import bp
from app.reports.chart import progress_chart
from app.reports.dashboard import OUTCOME_CODES, round_dashboard
from app.rounds.models import Round
from app.visits.codes import INTERESTS, OUTCOMES


def get_round(round_id: int) -> Round:
    return db.get_or_404(Round, round_id)


@bp.get("/rondes/<int:round_id>/dashboard")
@permission_required(can_view_reports)
def round_dashboard_page(round_id: int):
    round_ = get_round(round_id)
    dashboard = round_dashboard(round_)
    return render_template(
        "reports/dashboard.html",
        round=round_,
        dash=dashboard,
        chart=progress_chart(dashboard.days, dashboard.total.planned),
        outcome_codes=OUTCOME_CODES,
        outcomes=OUTCOMES,
        interests=INTERESTS,
    )
