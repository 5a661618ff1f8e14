"""Coverage pages for coordinators: the matrix, the map, a wijk's details, the gaps, and a call
for offer opened from selected gaps."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.offers.codes import CATEGORIES
from app.permissions import can_view_reports, permission_required
from app.reports import coverage, map_svg, queries
from app.reports.forms import filter_query, parse_coverage_args
from app.reports.seasons import selectable_years
from app.season import format_week_range
from app.visits.codes import INTERESTS
from app.wijken.models import Wijk
from app.wijken.queries import all_wijken


def _parsed():
    parsed = parse_coverage_args(request.args)
    if parsed.season is None:
        abort(400)
    return parsed


def _common(parsed) -> dict:
    return {
        "season": parsed.season,
        "filters": parsed.filters,
        "years": selectable_years(),
        "age_groups": queries.AGE_GROUPS,
        "categories": CATEGORIES,
        "query": filter_query(parsed),
        "week_number": lambda week: int(week[-2:]),
    }


@permission_required(can_view_reports)
def coverage_matrix():
    parsed = _parsed()
    matrix = coverage.coverage_matrix(parsed.season, parsed.filters)
    return render_template("reports/coverage.html", matrix=matrix, **_common(parsed))


@permission_required(can_view_reports)
def coverage_map():
    parsed = _parsed()
    season = parsed.season
    wijken = all_wijken()
    if parsed.mode == "gap":
        values = coverage.gap_score_per_wijk(coverage.find_gaps(season))
    else:
        values = queries.activities_per_wijk(season, parsed.filters, parsed.week or None)
    counts = [values.get(w.number, 0) for w in wijken]
    thresholds = map_svg.thresholds_for(counts)
    shapes = map_svg.wijk_shapes()
    areas = [
        {
            "wijk": w,
            "value": values.get(w.number, 0),
            "bucket": map_svg.bucket(values.get(w.number, 0), thresholds),
            "shape": shapes[w.number],
        }
        for w in wijken
        if w.number in shapes
    ]
    return render_template(
        "reports/map.html",
        areas=areas,
        projection=map_svg.map_projection(),
        legend=map_svg.legend(thresholds, counts),
        mode=parsed.mode,
        week=parsed.week,
        **_common(parsed),
    )


@permission_required(can_view_reports)
def wijk_details(number: int):
    wijk = db.get_or_404(Wijk, number)
    parsed = _parsed()
    season = parsed.season
    supply = queries.activities_per_category_week(season, wijk.number)
    used = sorted({code for _w, code, _week in supply}, key=list(CATEGORIES).index)
    grid = [
        (code, [supply.get((wijk.number, code, week), 0) for week in season.weeks]) for code in used
    ]
    interests = queries.interests_per_wijk(season, wijk.number)
    demand = sorted(
        ((code, n) for (_w, code), n in interests.items() if code in INTERESTS),
        key=lambda item: (-item[1], item[0]),
    )
    return render_template(
        "reports/wijk.html",
        wijk=wijk,
        grid=grid,
        visited=queries.households_visited(season, wijk.number).get(wijk.number, 0),
        demand=demand,
        gaps=coverage.find_gaps(season, wijk.number),
        activities=queries.wijk_activities(season, wijk.number),
        format_week_range=format_week_range,
        **_common(parsed),
    )


@permission_required(can_view_reports)
def gaps():
    parsed = _parsed()
    season = parsed.season
    found = coverage.find_gaps(season)
    page = request.args.get("page", 1, type=int)
    per_page = 50
    pages = max(1, -(-len(found) // per_page))
    page = min(max(page, 1), pages)
    return render_template(
        "reports/gaps.html",
        gaps=found[(page - 1) * per_page : page * per_page],
        total=len(found),
        page_number=page,
        pages=pages,
        visited=sum(queries.households_visited(season).values()),
        **_common(parsed),
    )


@permission_required(can_view_reports)
def call_from_gaps():
    """Selected gaps → the offer's call form, filled in (the coordinator still saves it)."""
    parsed = _parsed()
    wanted = set(request.args.getlist("gap"))
    chosen = [gap for gap in coverage.find_gaps(parsed.season) if gap.key in wanted]
    if not chosen:
        flash(_("Kies eerst een of meer hiaten."), "warning")
        return redirect(url_for("reports.gaps", season=parsed.season.year))
    prefill = coverage.call_from_gaps(parsed.season, chosen)
    return redirect(
        url_for(
            "offers.edit_call",
            title=prefill["title"],
            message=prefill["message"],
            season_year=prefill["season_year"],
            target_wijken=prefill["target_wijken"],
            target_weeks=prefill["target_weeks"],
            target_categories=prefill["target_categories"],
        )
    )
