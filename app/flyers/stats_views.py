"""Scan statistics per link, per wijk and per day, with a CSV export."""

import csv
import datetime as dt
import io

from flask import Response, render_template, request

from app import clock
from app.audit.services import record
from app.exports import neutralise
from app.extensions import db
from app.flyers import queries
from app.flyers.forms import StatsFilterForm
from app.permissions import can_manage_flyers, permission_required

DEFAULT_DAYS = 30


def _date_range(form: StatsFilterForm) -> tuple[dt.date, dt.date]:
    today = clock.today()
    valid = form.validate()
    date_to = (form.date_to.data if valid else None) or today
    date_from = (form.date_from.data if valid else None) or date_to - dt.timedelta(
        days=DEFAULT_DAYS - 1
    )
    return date_from, date_to


@permission_required(can_manage_flyers)
def scan_stats():
    form = StatsFilterForm(request.args)
    date_from, date_to = _date_range(form)
    per_link = queries.scans_per_link(date_from, date_to)
    return render_template(
        "flyers/stats.html",
        form=form,
        date_from=date_from,
        date_to=date_to,
        per_link=per_link,
        per_wijk=queries.scans_per_wijk(date_from, date_to),
        per_day=queries.scans_per_day(date_from, date_to),
        total=sum(row["scans"] for row in per_link),
    ), (422 if form.errors else 200)


@permission_required(can_manage_flyers)
def scan_stats_csv():
    date_from, date_to = _date_range(StatsFilterForm(request.args))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["day", "code", "label", "wijk_number", "wijk", "lang", "scans"])
    for day, link, count in queries.scan_rows(date_from, date_to):
        writer.writerow(
            [
                day.isoformat(),
                neutralise(link.code),
                neutralise(link.label),
                link.wijk_number or "",
                neutralise(link.wijk.name if link.wijk else ""),
                neutralise(link.lang),
                count,
            ]
        )
    record(
        "scan_stats_exported",
        object_type="scan_count",
        date_from=date_from.isoformat(),
        date_to=date_to.isoformat(),
    )
    db.session.commit()
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="scans-{date_from.isoformat()}-{date_to.isoformat()}.csv"'
    )
    return response
