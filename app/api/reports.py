"""GET /api/v1/coverage: offer per wijk and week set against demand at the door (contract §6)."""

from flask import jsonify, request

from app.http import json_error
from app.permissions import can_view_reports, permission_required
from app.reports import queries
from app.reports.seasons import season_from_arg
from app.visits.codes import INTERESTS
from app.wijken.queries import all_wijken


@permission_required(can_view_reports)
def coverage():
    season = season_from_arg(request.args.get("season"))
    if season is None:
        return json_error(400, "bad_request", "season: a year YYYY between 2020 and 2100")
    cells = queries.activities_per_wijk_week(season)
    visited = queries.households_visited(season)
    interests = queries.interests_per_wijk(season)
    weeks = season.weeks
    return jsonify(
        {
            "season": season.year,
            "weeks": weeks,
            "wijken": [
                {
                    "number": wijk.number,
                    "name": wijk.name,
                    "activities_per_week": {w: cells.get((wijk.number, w), 0) for w in weeks},
                    "households_visited": visited.get(wijk.number, 0),
                    "interests": {
                        code: n
                        for (number, code), n in sorted(interests.items())
                        if number == wijk.number and code in INTERESTS
                    },
                }
                for wijk in all_wijken()
            ],
        }
    )
