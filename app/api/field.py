"""The field client's API (contract §6): code lists, today's routes, and logging visits."""

import datetime as dt
import hmac

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app import clock
from app.audit.services import record_read
from app.extensions import db
from app.http import json_error
from app.offers.codes import CATEGORIES
from app.offline.client import USER_HEADER, user_key
from app.permissions import is_staff, permission_required
from app.rounds.queries import routes_for_worker
from app.stock.models import PackageType
from app.visits.clock import PhoneClock, parse_moment
from app.visits.codes import FOLLOW_UP_KINDS, INFO_GIVEN, INTERESTS, OUTCOMES, code_list
from app.visits.services import MAX_BATCH, log_visits


@permission_required(is_staff)
def meta():
    package_types = db.session.scalars(
        db.select(PackageType).where(PackageType.active.is_(True)).order_by(PackageType.name)
    )
    return jsonify(
        {
            "outcomes": code_list(OUTCOMES),
            "interests": code_list(INTERESTS),
            "info_given": code_list(INFO_GIVEN),
            "follow_up_kinds": code_list(FOLLOW_UP_KINDS),
            "categories": code_list(CATEGORIES),
            "package_types": [{"id": p.id, "name": p.name} for p in package_types],
        }
    )


def route_json(route) -> dict:
    def address(household) -> dict:
        return {
            "street": household.street,
            "number": household.number,
            "box": household.box,
            "postcode": household.postcode,
            "wijk": {"number": household.wijk.number, "name": household.wijk.name},
        }

    return {
        "id": route.id,
        "name": route.name,
        "date": route.date.isoformat() if route.date else None,
        "round": {"id": route.round.id, "name": route.round.name},
        "stops": [
            {
                "id": stop.id,
                "position": stop.position,
                "household_id": stop.household_id,
                "address": address(stop.household),
                "status": stop.status,
                "attempts": stop.attempts,
            }
            for stop in route.stops
        ],
    }


@permission_required(is_staff)
def routes():
    raw = request.args.get("date")
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            return json_error(400, "bad_date", _("Geef de datum als JJJJ-MM-DD."))
    else:
        day = clock.today()
    routes = routes_for_worker(current_user, day)
    record_read(
        "routes_fetched",
        "household",
        [stop.household_id for route in routes for stop in route.stops],
        route_ids=[route.id for route in routes],
    )
    return jsonify({"routes": [route_json(route) for route in routes]})


@permission_required(is_staff)
def visits():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("visits"), list):
        return json_error(400, "bad_request", _('Stuur een JSON-object {"visits": [...]}.'))
    # The offline client names the worker who logged its queue; a phone where someone else has
    # signed in since must never send them as that person's visits.
    owner = request.headers.get(USER_HEADER)
    if owner is not None and not hmac.compare_digest(owner, user_key(current_user)):
        return json_error(
            409, "other_user", _("Deze bezoeken zijn door iemand anders gelogd op dit toestel.")
        )
    if len(body["visits"]) > MAX_BATCH:
        return json_error(
            422, "too_many", _("Stuur hoogstens %(max)s bezoeken per keer.", max=MAX_BATCH)
        )
    # The phone's clock as it sent the batch: how far it is off is taken out of every visit.
    sent_at = parse_moment(body.get("sent_at")) if "sent_at" in body else None
    if "sent_at" in body and sent_at is None:
        message = _("Geef sent_at als ISO 8601-datum en -tijd (de klok van het toestel).")
        return json_error(400, "bad_sent_at", message)
    clock = PhoneClock.from_sent_at(sent_at)
    answer = {"results": log_visits(current_user, body["visits"], clock)}
    if clock.known:
        answer["clock_offset_s"] = clock.offset_seconds
    return jsonify(answer)
