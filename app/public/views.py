"""Pages for families: /aanbod with its filters, /aanbod/<id> (and .ics), /tips.

Public on purpose (no permission guard): families arrive from a QR flyer without an account.
"""

from urllib.parse import urlencode

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale

from app import clock
from app.delivery.http_cache import public
from app.http import is_safe_local_url, public_host, public_url
from app.i18n import remember_choice, with_language
from app.offers import ics, queries, when
from app.offers.codes import CATEGORIES
from app.offers.filters import Filters, parse_filters
from app.public import listing, ways_out
from app.season import iso_week_range


def category_names():
    """Category labels by code, for the pictogram next to each label."""
    return {"category_names": CATEGORIES}


def activity_dates():
    """An activity's days and weekdays as families read them (app/offers/when.py)."""
    year = clock.this_season().year
    return {
        "when_label": lambda activity: when.when_label(activity, year),
        "weekdays_label": when.weekdays_label,
    }


def map_link(activity) -> str | None:
    """An OpenStreetMap link to the place: just a link, nothing is loaded from there."""
    if activity.lat is not None and activity.lon is not None:
        lat, lon = f"{activity.lat:.5f}", f"{activity.lon:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    if activity.street:
        address = f"{activity.street} {activity.number}, {activity.postcode} Gent".strip()
        return "https://www.openstreetmap.org/search?" + urlencode({"query": address})
    return None


def choice_args(filters: Filters, page: int | None = None) -> dict[str, str | list[str]]:
    """The family's choices as query values: only those that were understood (a wrong value is
    not repeated on every link), and the page of a week's list past the first."""
    args: dict[str, str | list[str]] = {
        name: (
            "true"
            if value is True
            else "false"
            if value is False
            else [str(v) for v in value]
            if isinstance(value, list)
            else str(value)
        )
        for name, value in filters.active.items()
    }
    if page and page > 1:
        args["page"] = str(page)
    return args


def offer_url_maker(filters: Filters):
    """offer_url(week=…, page=…): this page with the choices applied, one thing changed; None
    leaves a parameter out. The language goes along by itself (app.i18n.carry_language)."""
    args = choice_args(filters)

    def offer_url(_anchor: str | None = None, **changes) -> str:
        values = {**args, **changes}
        given = {name: value for name, value in values.items() if value is not None}
        return url_for("public.offer", _anchor=_anchor, **given)

    return offer_url


def activity_url_maker(args: dict[str, str]):
    """activity_url(activity): its page, carrying the choices so that its way back keeps them."""

    def activity_url(item) -> str:
        # url_for types its options (_external, ...) as parameters, so to mypy a **dict of query
        # values could fill them; these are only ever the choices of choice_args().
        return url_for("public.activity", activity_id=item.id, **args)  # type: ignore[arg-type]

    return activity_url


@public
def offer():
    season = clock.this_season()
    filters = parse_filters(request.args, season)
    index = listing.week_index(filters, season)
    if filters.week:
        shown = listing.one_week(index, filters.week, listing.page_number(request.args.get("page")))
    else:
        shown = listing.overview(index)
    places = ways_out.wijk_places()
    found_nothing = shown.count == 0
    page = shown.paging.page if shown.paging else None
    return render_template(
        "public/offer.html",
        season=season,
        filters=filters,
        listing=shown,
        ways=ways_out.ways_out(filters, season, index, places) if found_nothing else None,
        offer_url=offer_url_maker(filters),
        activity_url=activity_url_maker(choice_args(filters, page)),
        wijk_name=places[filters.wijk].name if filters.wijk in places else None,
        wijk_options=sorted(((p.number, p.name) for p in places.values()), key=_by_name),
        categories=CATEGORIES,
        week_options=[(w, *iso_week_range(w)) for w in season.weeks],
    )


def _by_name(option: tuple[int, str]) -> str:
    return option[1].casefold()


@public
def activity(activity_id: int):
    item = queries.published_activity(activity_id)
    if item is None:
        abort(404)
    # The way back to the list the family came from: their wijk, choices and page, at this card.
    filters = parse_filters(request.args, clock.this_season())
    back = choice_args(filters, listing.page_number(request.args.get("page")))
    return render_template(
        "public/activity.html",
        activity=item,
        map_url=map_link(item),
        # As in activity_url_maker: query values, never url_for's options.
        back_url=url_for("public.offer", _anchor=f"a{item.id}", **back),  # type: ignore[arg-type]
    )


@public
def activity_ics(activity_id: int):
    item = queries.published_activity(activity_id)
    if item is None:
        abort(404)
    url = public_url("public.activity", activity_id=item.id)
    body = ics.calendar(item, url, public_host(), lang=str(get_locale()))
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="activiteit-{item.id}.ics"'
    return response


@public
def tips():
    items = queries.published_tips()
    groups = {"outdoor": [], "rainy_day": []}
    for tip in items:
        groups.setdefault(tip.kind, []).append(tip)
    return render_template("public/tips.html", groups=groups)


def choose_language(code: str):
    """The language switcher of the families' pages: remember the choice, back to the page.

    One tap, no script: a link to here with the page as `next`. The page itself stays free of
    cookies (it can be cached for everyone); only this answer sets one, and is never cached.
    """
    if code not in current_app.config["PUBLIC_LANGUAGES"]:
        abort(404)
    back = request.args.get("next", "")
    if not is_safe_local_url(back) or len(back) > 2000:
        back = url_for("public.offer")
    response = remember_choice(redirect(with_language(back, code), code=303), code)
    response.headers["Cache-Control"] = "no-store"
    return response
