"""The round dashboard: how far a round is, per route, with stock per partner.

Counted and rendered on every view, never kept: a city-scale round (11,000 stops, 18,000 visits)
takes ~120–130 ms of CPU (BENCHMARKS.md, notes), within the 200 ms a report may take, and what a
coordinator sees is never older than what they, or a worker at a door, just changed. A kept copy
would rarely be used anyway: on a field day every visit batch changes the figures.
"""

from flask import render_template
from markupsafe import Markup

from app.extensions import db
from app.permissions import can_view_reports, permission_required
from app.reports.chart import progress_chart
from app.reports.dashboard import OUTCOME_CODES, round_dashboard
from app.rounds.models import Round
from app.visits.codes import INTERESTS, OUTCOMES


@permission_required(can_view_reports)
def round_dashboard_page(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    return render_template("reports/dashboard.html", round=round_, body=_dashboard_body(round_))


def _dashboard_body(round_: Round) -> Markup:
    dashboard = round_dashboard(round_)
    # Rendered by Jinja with autoescape: the HTML is ours, every value in it escaped.
    return Markup(  # noqa: S704  # nosec B704
        render_template(
            "reports/_dashboard_body.html",
            round=round_,
            dash=dashboard,
            chart=progress_chart(dashboard.days, dashboard.total.planned),
            outcome_codes=OUTCOME_CODES,
            outcomes=OUTCOMES,
            interests=INTERESTS,
            # Translated once for the hundreds of route rows, not once per cell.
            outcome_labels=[(code, str(OUTCOMES[code])) for code in OUTCOME_CODES],
            interest_labels={code: str(label) for code, label in INTERESTS.items()},
        )
    )
