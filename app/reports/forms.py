"""Reading the filters of the coverage pages from the query string (GET forms, no CSRF)."""

from dataclasses import dataclass

from app.offers.codes import CATEGORIES
from app.reports.queries import AGE_GROUPS, OfferFilters
from app.reports.seasons import season_from_arg
from app.season import Season


@dataclass
class CoverageArgs:
    season: Season | None  # None: the season parameter was malformed
    filters: OfferFilters
    week: str = ""
    mode: str = "offer"  # map colouring: "offer" or "gap"


def parse_coverage_args(args) -> CoverageArgs:
    """Unknown filter values are dropped, as on /aanbod; a malformed season is reported."""
    season = season_from_arg(args.get("season"))
    age_group = args.get("age", "")
    category = args.get("category", "")
    overnight = {"true": True, "false": False}.get(args.get("overnight", ""))
    filters = OfferFilters(
        age_group=age_group if age_group in AGE_GROUPS else "",
        category=category if category in CATEGORIES else "",
        overnight=overnight,
    )
    week = args.get("week", "")
    if season is None or week not in season.weeks:
        week = ""
    mode = "gap" if args.get("mode") == "gap" else "offer"
    return CoverageArgs(season, filters, week, mode)


def filter_query(parsed: CoverageArgs) -> dict:
    """The query arguments that keep the current season and filters in links."""
    values: dict[str, int | str | None] = {"season": parsed.season.year if parsed.season else None}
    f = parsed.filters
    if f.age_group:
        values["age"] = f.age_group
    if f.category:
        values["category"] = f.category
    if f.overnight is not None:
        values["overnight"] = "true" if f.overnight else "false"
    return values
