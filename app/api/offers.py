"""GET /api/v1/activities: the published summer offer as open data (contract §6), no sign-in."""

from flask import jsonify, request

from app import clock
from app.delivery.http_cache import public
from app.extensions import db
from app.http import json_error, public_url
from app.offers.codes import category_list
from app.offers.filters import parse_filters
from app.offers.queries import PUBLIC_LOAD, public_activities_stmt
from app.offers.sessions import weeks_of
from app.season import Season

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


def _positive(name: str, default: int, maximum: int | None = None) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        return None
    value = int(raw)
    return None if maximum is not None and value > maximum else value


def activity_json(activity, season: Season) -> dict:
    wijk = activity.wijk
    # The days of this season (an activity may run on into next summer, or start in spring).
    days = [day for day in activity.days if season.contains(day)]
    return {
        "id": activity.id,
        "title": activity.title,
        "provider": activity.provider_name,  # the public name, never the private contact
        "categories": category_list(activity.categories),
        "age_min": activity.age_min,
        "age_max": activity.age_max,
        "start_date": activity.start_date.isoformat(),
        "end_date": activity.end_date.isoformat(),
        "days": [day.isoformat() for day in days],
        "weeks": weeks_of(days),
        "overnight": activity.overnight,
        # Free for the children the offer is for; `price_eur` is then what others pay, if any.
        "free": activity.free or activity.children_free,
        "price_eur": None if activity.price_eur is None else float(activity.price_eur),
        "kansentarief": activity.kansentarief,
        "full": activity.full,
        "location": {
            "name": activity.location_name or None,
            "street": activity.street or None,
            "number": activity.number or None,
            "postcode": activity.postcode or None,
            "wijk": {"number": wijk.number, "name": wijk.name} if wijk else None,
        },
        "registration": {
            "url": activity.registration_url or None,
            "phone": activity.registration_phone or None,
            "email": activity.registration_email or None,
        },
        "url": public_url("public.activity", activity_id=activity.id),
    }


@public
def list_activities():
    season = clock.this_season()
    filters = parse_filters(request.args, season)
    if filters.problems:
        name, message = next(iter(filters.problems.items()))
        return json_error(400, "bad_request", f"{name}: {message}")
    page = _positive("page", 1)
    per_page = _positive("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    if page is None or per_page is None:
        return json_error(
            400, "bad_request", f"page ≥ 1 and 1 ≤ per_page ≤ {MAX_PER_PAGE} are whole numbers"
        )
    stmt = public_activities_stmt(filters, season)
    counted = stmt.order_by(None).subquery()
    total = db.session.scalar(db.select(db.func.count()).select_from(counted))
    items = db.session.scalars(
        stmt.options(*PUBLIC_LOAD).limit(per_page).offset((page - 1) * per_page)
    ).unique()
    return jsonify({"total": total, "activities": [activity_json(a, season) for a in items]})
