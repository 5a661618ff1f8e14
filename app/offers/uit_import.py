"""Importing activities from UiTdatabank: a Search API v3 response from a file, or fetched (sync).

Each event ends up as one of four outcomes, which the report, the web page and the command line
count: *created* (new, with no open question: published at once when asked, else submitted),
*updated* (imported before, brought up to date), *review* (a question a coordinator must answer:
an unknown age, wijk or category, or a change from UiTdatabank to a field a coordinator had changed
here) and *skipped* (unreadable, cancelled, outside Ghent, outside the season, not for children).
Every reason is said in the staff's language and names the event by its title.

A re-import keeps what a coordinator changed: the import remembers what it wrote per field
(`Activity.imported_values`); a field that differs from that was edited here since, and a new value
from UiTdatabank for it waits in the activity's pending changes, shown field by field for review.
"""

import json
from dataclasses import dataclass, field
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from flask import current_app, has_request_context
from flask_babel import gettext as _

from app.addresses import is_ghent, locate, wijk_at
from app.audit.services import record
from app.extensions import db
from app.offers import services
from app.offers.fields import BY_NAME, is_web_address, to_json
from app.offers.models import REVIEW_REASONS, Activity
from app.offers.uitdatabank import (
    AGE_CEILING,
    AGE_FLOOR,
    MappedEvent,
    SearchSeason,
    adults_only,
    build_search_query,
    for_children,
    map_events,
)
from app.season import Season

PAGE_SIZE = 50
MAX_PAGES = 40  # 2,000 events: far above Ghent's summer, a guard against a paging loop
FETCH_TIMEOUT = 30  # seconds per page

CREATED, UPDATED, REVIEW, SKIPPED = "created", "updated", "review", "skipped"
# Fields whose value, when UiTdatabank has none, is not an answer: an existing activity keeps its
# own, a new one gets a placeholder and a review reason.
_ADDRESS_FIELDS = ("street", "number", "postcode")


class FetchError(Exception):
    """UiTdatabank could not be asked, or answered something other than a search result."""


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    review: list[tuple[str, str]] = field(default_factory=list)  # (event, why)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (event, why)
    not_embedded: int = 0  # members that were only links (a search without embed=true)

    def summary(self) -> str:
        """The one line the command prints first (contract §8)."""
        return (
            f"created {len(self.created)}, updated {len(self.updated)}, "
            f"review {len(self.review)}, skipped {len(self.skipped)}"
        )


# --- fetching -----------------------------------------------------------------------------------


def fetch_events(season: Season, opener=None) -> dict:
    """All pages of the season's search, merged into one `{"member": [...]}` payload."""
    opener = opener or urlopen
    config = current_app.config
    key = config.get("UITDATABANK_API_KEY")
    if not key:
        raise FetchError(
            _("UITDATABANK_API_KEY is niet ingesteld: zonder sleutel antwoordt UiTdatabank niet.")
        )
    members, start = [], 0
    for _page in range(MAX_PAGES):
        query = build_search_query(season.start, season.end, start=start, limit=PAGE_SIZE)
        request = Request(  # noqa: S310  (the URL is our configuration, https by default)
            f"{config['UITDATABANK_SEARCH_URL']}?{urlencode(query)}",
            # The Search API takes the key as a header or as ?apiKey=; a header stays out of
            # access logs along the way.
            headers={"X-Api-Key": key, "Accept": "application/json"},
        )
        payload = _read_page(opener, request)
        page = payload.get("member")
        if not isinstance(page, list):
            raise FetchError(_("UiTdatabank antwoordde zonder lijst van evenementen."))
        members.extend(page)
        start += len(page)
        total = payload.get("totalItems")
        if not page or not isinstance(total, int) or start >= total:
            break
    return {"member": members}


def _read_page(opener, request) -> dict:
    try:
        with opener(request, timeout=FETCH_TIMEOUT) as response:
            payload = json.load(response)
    except HTTPError as exc:
        if exc.code in (401, 403):
            raise FetchError(
                _("UiTdatabank weigerde de API-sleutel (HTTP %(code)s).", code=exc.code)
            ) from exc
        raise FetchError(
            _("UiTdatabank antwoordde met een fout (HTTP %(code)s).", code=exc.code)
        ) from exc
    except (URLError, OSError) as exc:
        raise FetchError(_("UiTdatabank antwoordde niet (%(error)s).", error=exc)) from exc
    except (ValueError, RecursionError) as exc:
        raise FetchError(_("UiTdatabank antwoordde iets anders dan JSON.")) from exc
    if not isinstance(payload, dict):
        raise FetchError(_("UiTdatabank antwoordde iets anders dan een zoekresultaat."))
    return payload


# --- where ------------------------------------------------------------------------------------


def ghent_place(location: dict | None) -> tuple[bool, int | None]:
    """(in Ghent?, wijk number or None) for an event's place.

    The one place where the import asks "is this Ghent, and which wijk": the address service
    (app.addresses). A point in one of the 25 wijken is Ghent; else the postcode and the place as
    organisers write it ("Oostakker (Gent)") say whether it is, and the address gives the wijk.
    The commands ask the address register; an import in a web request must not wait for it and
    uses what is remembered and the embedded data.
    """
    if not location:
        return False, None
    point_wijk = wijk_at(location.get("lat"), location.get("lon"))
    if point_wijk is not None:
        return True, point_wijk
    if not is_ghent(location.get("postcode"), location.get("city")):
        return False, None
    found = locate(
        location.get("street"),
        location.get("number"),
        location.get("postcode"),
        location.get("box"),
        locality=location.get("city"),
        online=not has_request_context(),
    )
    return True, found.wijk


# --- mapping to our fields ----------------------------------------------------------------------


def values_from_event(data: dict, wijk_number: int | None) -> dict:
    location = data.get("location") or {}
    registration = data.get("registration") or {}
    childcare = data.get("childcare")
    return {
        "title": data["title"][:160],
        "description": data.get("description") or "",
        "title_i18n": data.get("title_i18n") or {},
        "description_i18n": data.get("description_i18n") or {},
        "provider_name": (data.get("organizer") or location.get("name") or "UiTdatabank")[:160],
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "categories": data.get("categories") or [],
        "age_min": data["age_min"] if data.get("age_min") is not None else AGE_FLOOR,
        "age_max": data["age_max"] if data.get("age_max") is not None else AGE_CEILING,
        "start_date": data["start_date"],
        "end_date": data["end_date"],
        "start_time": data.get("start_time"),
        "end_time": data.get("end_time"),
        "weekdays": data.get("weekdays") or "",
        "sessions": data["sessions"],
        "overnight": bool(data.get("overnight")),
        "location_name": (location.get("name") or "")[:160],
        "street": (location.get("street") or "")[:120],
        "number": " bus ".join(x for x in (location.get("number"), location.get("box")) if x)[:20],
        "postcode": (location.get("postcode") or "")[:4],
        "wijk_number": wijk_number,
        "mobile": False,
        "price_eur": services.money(data.get("price_eur")),
        "free": bool(data.get("free")),
        "children_free": bool(data.get("children_free")),
        "kansentarief": bool(data.get("kansentarief")),
        "kansentarief_price_eur": services.money(data.get("kansentarief_price_eur")),
        "registration_url": url[:500]
        if is_web_address(url := registration.get("url") or "")
        else "",
        "registration_phone": (registration.get("phone") or "")[:40],
        "registration_email": (registration.get("email") or "")[:254],
        "full": bool(data.get("full")),
        "childcare_before": bool(childcare)
        and (childcare.get("start") is not None or childcare.get("end") is None),
        "childcare_after": bool(childcare)
        and (childcare.get("end") is not None or childcare.get("start") is None),
    }


def questions_of(data: dict, values: dict) -> list[str]:
    """The review reasons (REVIEW_REASONS codes) an event's own data raises."""
    reasons = []
    if data.get("age_problem"):
        reasons.append("age_unknown")
    if values["wijk_number"] is None:
        reasons.append("wijk_unknown")
    if not values["categories"]:
        reasons.append("category_unknown")
    if data.get("without_dates"):
        reasons.append("no_dates")
    return reasons


# --- importing ----------------------------------------------------------------------------------


def import_payload(payload, season: Season, *, publish: bool = False) -> ImportReport:
    """Map, check and store the events of a search response; commits once."""
    report = ImportReport()
    for mapped in map_events(payload, SearchSeason(season.start, season.end)):
        outcome, label, why = _import_one(mapped, season, publish)
        if outcome == CREATED:
            report.created.append(label)
        elif outcome == UPDATED:
            report.updated.append(label)
        elif outcome == REVIEW:
            report.review.append((label, why))
        else:
            report.skipped.append((label, why))
            report.not_embedded += not mapped.embedded
    record(
        "uitdatabank_imported",
        None,
        object_type="activity",
        created=len(report.created),
        updated=len(report.updated),
        review=len(report.review),
        skipped=len(report.skipped),
    )
    db.session.commit()
    return report


def _label(mapped: MappedEvent) -> str:
    if mapped.title:
        return mapped.title
    if mapped.external_id:
        return _("evenement zonder naam (%(id)s)", id=mapped.external_id)
    return _("evenement zonder naam of @id")


def _import_one(mapped: MappedEvent, season: Season, publish: bool) -> tuple[str, str, str]:
    label = _label(mapped)
    if not mapped.ok:
        return SKIPPED, label, "; ".join(str(error) for error in mapped.errors)
    data = mapped.data
    existing = db.session.scalar(
        db.select(Activity).where(Activity.external_id == mapped.external_id)
    )
    if data["status"] == "unavailable":
        if existing is not None and existing.status != "withdrawn":
            services.withdraw_imported(existing)
            return UPDATED, label, ""
        return SKIPPED, label, _("geannuleerd of uitgesteld in UiTdatabank")
    if data["age_min"] is not None and not for_children((data["age_min"], data["age_max"])):
        return (
            SKIPPED,
            label,
            str(adults_only((data["age_min"], data["age_max"]), data.get("age_given"))),
        )
    in_ghent, wijk = ghent_place(data.get("location"))
    if not in_ghent:
        return SKIPPED, label, _("niet in Gent (%(place)s)", place=_place_text(data))
    in_season = [
        day for session in data["sessions"] for day in session.days if season.contains(day)
    ]
    if not in_season:
        return (
            SKIPPED,
            label,
            _(
                "geen enkele sessie in de zomer van %(year)s (%(first)s – %(last)s)",
                year=season.year,
                first=data["start_date"].strftime("%d/%m/%Y"),
                last=data["end_date"].strftime("%d/%m/%Y"),
            ),
        )
    values = values_from_event(data, wijk)
    reasons = questions_of(data, values)
    if existing is None:
        return _create(mapped, values, reasons, publish, label)
    return _update(existing, data, values, reasons, publish, label)


def _place_text(data: dict) -> str:
    location = data.get("location") or {}
    text = " ".join(p for p in (location.get("postcode"), location.get("city")) if p)
    return text or _("geen adres")


def _reasons_text(reasons: list[str]) -> str:
    return " ".join(str(REVIEW_REASONS[r]) for r in reasons)


def _create(mapped, values, reasons, publish, label):
    status = "published" if publish and not reasons else "submitted"
    activity = services.new_activity(values, status=status)
    activity.external_id = mapped.external_id
    activity.imported_values = _as_json(values)
    activity.review_reasons = reasons
    if reasons:
        return REVIEW, label, _reasons_text(reasons)
    return CREATED, label, ""


def _update(activity, data, values, reasons, publish, label):
    # What UiTdatabank does not say is not an answer: the activity keeps its own value.
    if data.get("age_problem"):
        values.pop("age_min")
        values.pop("age_max")
        reasons = [r for r in reasons if r != "age_unknown"]
        if "age_unknown" in (activity.review_reasons or []):
            reasons.append("age_unknown")
    if values["wijk_number"] is None:
        values.pop("wijk_number")
    if not values["categories"]:
        values.pop("categories")
    pending = reimport(activity, values, (data["location"] or {}))
    reasons = [r for r in reasons if r not in ("wijk_unknown", "category_unknown")]
    if activity.wijk_number is None and not activity.mobile:
        reasons.append("wijk_unknown")
    if not activity.categories:
        reasons.append("category_unknown")
    if activity.pending_changes and (pending or "coordinator_edits" in activity.review_reasons):
        reasons.append("coordinator_edits")
    activity.review_reasons = [r for r in REVIEW_REASONS if r in reasons]
    if publish and not activity.review_reasons and activity.status == "submitted":
        activity.status = "published"
        activity.published_at = services.now()
    if pending or activity.review_reasons:
        why = _reasons_text(activity.review_reasons)
        if pending:
            why += " " + _(
                "Gewijzigd in UiTdatabank: %(fields)s.",
                fields=", ".join(str(BY_NAME[name].label) for name in pending),
            )
        return REVIEW, label, why.strip()
    return UPDATED, label, ""


def _as_json(values: dict) -> dict:
    return {
        name: to_json(BY_NAME[name].kind, value)
        for name, value in values.items()
        if name in BY_NAME
    }


_NOT_IMPORTED = object()


def reimport(activity: Activity, values: dict, location: dict) -> dict:
    """Bring an imported activity up to date without overwriting what was changed here.

    Per field: unchanged since the last import → take UiTdatabank's new value; changed here and
    UiTdatabank still says what it said → keep the change; changed on both sides → the new value
    waits in `pending_changes` for a coordinator. An activity imported before this bookkeeping
    existed has no memory of what the import wrote: every difference waits for review then.
    Returns the fields that now wait.
    """
    last = activity.imported_values
    current = services.values_of(activity)
    apply, pending = {}, {}
    for name, value in values.items():
        kind = BY_NAME[name].kind
        new, now = to_json(kind, value), to_json(kind, current[name])
        if new == now:
            continue
        before = _NOT_IMPORTED if last is None else last.get(name, _NOT_IMPORTED)
        if before is not _NOT_IMPORTED and before == now:
            apply[name] = value
        elif before is not _NOT_IMPORTED and before == new:
            continue  # a coordinator's change, and UiTdatabank did not change its mind
        else:
            pending[name] = new
    services.apply_values(activity, apply)
    if not any(name in pending or _kept(name, current, last) for name in _ADDRESS_FIELDS):
        activity.lat, activity.lon = location.get("lat"), location.get("lon")
    activity.imported_values = {**(last or {}), **_as_json(values)}
    if pending:
        activity.pending_changes = {**(activity.pending_changes or {}), **pending}
    return pending


def _kept(name: str, current: dict, last: dict | None) -> bool:
    """A field changed here since the last import."""
    if last is None or name not in last:
        return False
    return to_json(BY_NAME[name].kind, current[name]) != last[name]


__all__ = [
    "FetchError",
    "ImportReport",
    "fetch_events",
    "ghent_place",
    "import_payload",
    "reimport",
    "values_from_event",
]
