"""Pages for families: /aanbod with its filters, /aanbod/<id> (and .ics), /tips.

Public on purpose (no permission guard): families arrive from a QR flyer without an account.
"""

from datetime import date
from urllib.parse import urlencode

from flask import abort, current_app, render_template, request, url_for

from app.delivery.http_cache import cacheable
from app.offers import ics, queries, when
from app.offers.codes import CATEGORIES
from app.offers.filters import Filters, parse_filters
from app.public import bp, listing
from app.season import current_season, iso_week_range
from app.wijken.queries import wijk_choices


@bp.context_processor
def category_names():
    """Category labels by code, for the pictogram next to each label."""
    return {"category_names": CATEGORIES}


@bp.context_processor
def activity_dates():
    """An activity's days and weekdays as families read them (app/offers/when.py)."""
    year = season_now().year
    return {
        "when_label": lambda activity: when.when_label(activity, year),
        "weekdays_label": when.weekdays_label,
    }


def season_now():
    config = current_app.config
    return current_season(date.today(), config["SEASON_START"], config["SEASON_END"])


def map_link(activity) -> str | None:
    """An OpenStreetMap link to the place: just a link, nothing is loaded from there."""
    if activity.lat is not None and activity.lon is not None:
        lat, lon = f"{activity.lat:.5f}", f"{activity.lon:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    if activity.street:
        address = f"{activity.street} {activity.number}, {activity.postcode} Gent".strip()
        return "https://www.openstreetmap.org/search?" + urlencode({"query": address})
    return None


def public_url(endpoint: str, **values) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def offer_url_maker(filters: Filters):
    """offer_url(week=…, page=…): this page with the filters applied, one thing changed.

    Only the filters that were understood go along (a wrong value is not repeated on every link),
    and the chosen language; None leaves a parameter out.
    """
    args = {
        name: ("true" if value is True else "false" if value is False else str(value))
        for name, value in filters.active.items()
    }
    lang = request.args.get("lang", "").strip()
    if lang in current_app.config["PUBLIC_LANGUAGES"]:
        args["lang"] = lang

    def offer_url(_anchor: str | None = None, **changes) -> str:
        values = {**args, **changes}
        given = {name: value for name, value in values.items() if value is not None}
        return url_for("public.offer", _anchor=_anchor, **given)

    return offer_url


@bp.get("/aanbod")
@cacheable(queries.offer_version)
def offer():
    season = season_now()
    filters = parse_filters(request.args, season)
    index = listing.week_index(filters, season)
    if filters.week:
        shown = listing.one_week(index, filters.week, listing.page_number(request.args.get("page")))
    else:
        shown = listing.overview(index)
    return render_template(
        "public/offer.html",
        season=season,
        filters=filters,
        listing=shown,
        offer_url=offer_url_maker(filters),
        wijken=wijk_choices(),
        categories=CATEGORIES,
        week_options=[(w, *iso_week_range(w)) for w in season.weeks],
    )


@bp.get("/aanbod/<int:activity_id>")
@cacheable(queries.offer_version)
def activity(activity_id: int):
    item = queries.published_activity(activity_id)
    if item is None:
        abort(404)
    return render_template("public/activity.html", activity=item, map_url=map_link(item))


@bp.get("/aanbod/<int:activity_id>.ics")
def activity_ics(activity_id: int):
    item = queries.published_activity(activity_id)
    if item is None:
        abort(404)
    url = public_url("public.activity", activity_id=item.id)
    host = (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).split("//")[-1]
    body = ics.calendar(item, url, host.strip("/"))
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="activiteit-{item.id}.ics"'
    return response


@bp.get("/tips")
@cacheable(queries.tips_version)
def tips():
    items = queries.published_tips()
    groups = {"outdoor": [], "rainy_day": []}
    for tip in items:
        groups.setdefault(tip.kind, []).append(tip)
    return render_template("public/tips.html", groups=groups)
