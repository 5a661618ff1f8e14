"""Importing activities from UiTdatabank: an uploaded Search API v3 file, or a fetch with a key.

New events arrive as `submitted`: a coordinator checks that they fit the kids' site (and the wijk
we guessed) before families see them. An event imported before is updated in place and keeps its
status: it was moderated once, and UiTdatabank is the provider's own, itself moderated, source.
Events outside Ghent or outside the season are reported and skipped.
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from flask import current_app
from flask_babel import gettext as _

from app.audit.services import record
from app.extensions import db
from app.offers import services
from app.offers.codes import GHENT_POSTCODES
from app.offers.fields import is_web_address
from app.offers.models import Activity
from app.offers.places import guess_wijk, wijk_of_point
from app.offers.uitdatabank import build_search_query, map_events
from app.season import Season, weeks_between

PAGE_SIZE = 50
MAX_PAGES = 40  # 2,000 events: far above Ghent's summer, a guard against a paging loop


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (event, why)


def fetch_events(season: Season, opener=None) -> dict:
    """All pages of the season's search, merged into one `{"member": [...]}` payload."""
    opener = opener or urlopen
    config = current_app.config
    members, start = [], 0
    for _page in range(MAX_PAGES):
        query = build_search_query(season.start, season.end, start=start, limit=PAGE_SIZE)
        request = Request(  # noqa: S310  (the URL is our configuration, https by default)
            f"{config['UITDATABANK_SEARCH_URL']}?{urlencode(query)}",
            headers={"X-Api-Key": config["UITDATABANK_API_KEY"], "Accept": "application/json"},
        )
        with opener(request, timeout=30) as response:
            payload = json.load(response)
        page = payload.get("member") or []
        members.extend(page)
        start += len(page)
        if not page or start >= int(payload.get("totalItems") or 0):
            break
    return {"member": members}


def _in_ghent(location: dict | None) -> bool:
    if not location:
        return False
    if wijk_of_point(location.get("lat"), location.get("lon")) is not None:
        return True
    city = (location.get("city") or "").strip().lower()
    return location.get("postcode") in GHENT_POSTCODES and city in ("", "gent", "ghent", "gand")


def _weekdays(first: date, last: date) -> str:
    if (last - first).days >= 6:
        return "1234567"
    days = {str((first + timedelta(days=n)).isoweekday()) for n in range((last - first).days + 1)}
    return "".join(sorted(days))


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def values_from_event(data: dict) -> dict:
    location = data.get("location") or {}
    registration = data.get("registration") or {}
    childcare = data.get("childcare")
    return {
        "title": data["title"][:160],
        "description": data.get("description") or "",
        "provider_name": (data.get("organizer") or location.get("name") or "UiTdatabank")[:160],
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "categories": data.get("categories") or [],
        "age_min": data["age_min"],
        "age_max": data["age_max"],
        "start_date": data["start_date"],
        "end_date": data["end_date"],
        "start_time": data.get("start_time"),
        "end_time": data.get("end_time"),
        "weekdays": _weekdays(data["start_date"], data["end_date"]),
        "overnight": bool(data.get("overnight")),
        "location_name": (location.get("name") or "")[:160],
        "street": (location.get("street") or "")[:120],
        "number": " bus ".join(x for x in (location.get("number"), location.get("box")) if x)[:20],
        "postcode": (location.get("postcode") or "")[:4],
        "wijk_number": guess_wijk(
            location.get("street"), location.get("postcode"), location.get("lat"),
            location.get("lon"),
        ),
        "mobile": False,
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "price_eur": _money(data.get("price_eur")),
        "free": bool(data.get("free")),
        "kansentarief": bool(data.get("kansentarief")),
        "kansentarief_price_eur": _money(data.get("kansentarief_price_eur")),
        "registration_url": url[:500] if is_web_address(url := registration.get("url") or "")
        else "",
        "registration_phone": (registration.get("phone") or "")[:40],
        "registration_email": (registration.get("email") or "")[:254],
        "childcare_before": bool(childcare) and (childcare.get("start") is not None
                                                 or childcare.get("end") is None),
        "childcare_after": bool(childcare) and (childcare.get("end") is not None
                                                or childcare.get("start") is None),
    }


def import_payload(payload, season: Season) -> ImportReport:
    """Map, check and store the events of a search response; commits once."""
    report = ImportReport()
    for mapped in map_events(payload):
        label = mapped.external_id or _("(zonder @id)")
        if not mapped.ok:
            report.skipped.append((label, "; ".join(mapped.errors)))
            continue
        data = mapped.data
        label = data["title"]
        existing = db.session.scalar(
            db.select(Activity).where(Activity.external_id == mapped.external_id)
        )
        if data.get("status") == "unavailable":
            if existing is not None and existing.status != "withdrawn":
                existing.status = "withdrawn"
                report.updated.append(label)
            else:
                report.skipped.append((label, _("niet (meer) beschikbaar in UiTdatabank")))
            continue
        if not _in_ghent(data.get("location")):
            report.skipped.append((label, _("niet in Gent")))
            continue
        if not weeks_between(data["start_date"], data["end_date"], season):
            report.skipped.append((label, _("niet in de zomer van %(year)s", year=season.year)))
            continue
        values = values_from_event(data)
        if existing is None:
            activity = services.new_activity(values)
            activity.external_id = mapped.external_id
            report.created.append(label)
        else:
            activity = existing
            services.apply_values(activity, values)
            report.updated.append(label)
        activity.title_i18n = data.get("title_i18n") or {}
        activity.description_i18n = data.get("description_i18n") or {}
    record("uitdatabank_imported", None, object_type="activity", created=len(report.created),
           updated=len(report.updated), skipped=len(report.skipped))
    db.session.commit()
    return report
