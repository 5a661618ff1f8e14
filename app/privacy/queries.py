"""Everything stored about one household, gathered for the data-subject page and export."""

from dataclasses import dataclass, field

from sqlalchemy import or_

from app.audit.models import AuditEvent
from app.audit.queries import names_household
from app.extensions import db
from app.followups.models import FollowUp
from app.households.models import Household
from app.rounds.models import Stop
from app.stock.models import StockMovement
from app.visits.models import Visit

MAX_RESULTS = 25


def find_households(q: str) -> list[Household]:
    """Households whose address matches what was typed (street and number, in any case)."""
    q = (q or "").strip()[:120]
    if len(q) < 2:
        return []
    address = db.func.lower(Household.street + " " + Household.number)
    return list(
        db.session.scalars(
            db.select(Household)
            .where(address.contains(" ".join(q.lower().split()), autoescape=True))
            .order_by(Household.street, Household.number_sort, Household.id)
            .limit(MAX_RESULTS)
        )
    )


@dataclass
class HouseholdRecord:
    household: Household
    stops: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    followups: list = field(default_factory=list)
    movements: list = field(default_factory=list)
    events: list = field(default_factory=list)


def household_record(household: Household) -> HouseholdRecord:
    stops = list(
        db.session.scalars(
            db.select(Stop).where(Stop.household_id == household.id).order_by(Stop.id)
        )
    )
    visits = list(
        db.session.scalars(
            db.select(Visit)
            .where(Visit.household_id == household.id)
            .order_by(Visit.occurred_at, Visit.id)
        )
    )
    visit_ids = [v.id for v in visits]
    followups = list(
        db.session.scalars(
            db.select(FollowUp)
            .where(FollowUp.household_id == household.id)
            .order_by(FollowUp.created_at, FollowUp.id)
        )
    )
    movements = (
        list(
            db.session.scalars(
                db.select(StockMovement)
                .where(StockMovement.visit_id.in_(visit_ids))
                .order_by(StockMovement.id)
            )
        )
        if visit_ids
        else []
    )
    return HouseholdRecord(
        household=household,
        stops=stops,
        visits=visits,
        followups=followups,
        movements=movements,
        events=audit_events_about(household.id, stops, visit_ids, followups),
    )


def audit_events_about(household_id, stops, visit_ids, followups) -> list[AuditEvent]:
    """Its own events, those of its stops, visits and follow-ups, and every page that showed it."""
    keys = [
        ("stop", [str(s.id) for s in stops]),
        ("visit", list(visit_ids)),
        ("follow_up", [str(f.id) for f in followups]),
    ]
    conditions = [names_household(household_id)] + [
        (AuditEvent.object_type == kind) & AuditEvent.object_id.in_(ids)
        for kind, ids in keys
        if ids
    ]
    return list(
        db.session.scalars(
            db.select(AuditEvent).where(or_(*conditions)).order_by(AuditEvent.at, AuditEvent.id)
        )
    )


def _iso(value):
    return value.isoformat() if value is not None else None


def _own(detail: dict, household_id: int) -> dict:
    """An event's detail as the family may see it: a list page names other households too."""
    if "ids" not in detail:
        return detail
    return {**detail, "ids": [i for i in detail["ids"] if i == household_id]}


def record_as_json(record: HouseholdRecord) -> dict:
    """The export: every stored field, in plain JSON (the household's own copy of its data)."""
    h = record.household
    return {
        "household": {
            "id": h.id,
            "street": h.street,
            "number": h.number,
            "box": h.box,
            "postcode": h.postcode,
            "wijk": {"number": h.wijk.number, "name": h.wijk.name},
            "lat": h.lat,
            "lon": h.lon,
            "position_source": h.position_source,
            "languages": list(h.languages or []),
            "children": {
                band: getattr(h, band)
                for band in (
                    "children_0_2",
                    "children_3_5",
                    "children_6_8",
                    "children_9_12",
                    "children_13_17",
                )
            },
            "partner_organisation": h.partner_organisation.name if h.partner_organisation else None,
            "consent": h.consent,
            "do_not_visit": h.do_not_visit,
            "note": h.note,
            "created_at": _iso(h.created_at),
            "updated_at": _iso(h.updated_at),
            "anonymised_at": _iso(h.anonymised_at),
        },
        "stops": [
            {
                "id": s.id,
                "round": {"id": s.round_id, "name": s.round.name},
                "route_id": s.route_id,
                "status": s.status,
                "attempts": s.attempts,
                "closed": s.closed,
            }
            for s in record.stops
        ],
        "visits": [
            {
                "id": v.id,
                "stop_id": v.stop_id,
                "round_id": v.round_id,
                "occurred_at": _iso(v.occurred_at),
                "outcome": v.outcome,
                "flyer_left": v.flyer_left,
                "interests": v.interest_codes,
                "info_given": list(v.info_given or []),
                "language_used": v.language_used,
                "notes": v.notes,
                "consent_before": v.consent_before,
            }
            for v in record.visits
        ],
        "follow_ups": [
            {
                "id": f.id,
                "visit_id": f.visit_id,
                "organisation": f.organisation.name,
                "kind": f.kind,
                "note": f.note,
                "status": f.status,
                "outcome": f.outcome,
                "created_at": _iso(f.created_at),
                "closed_at": _iso(f.closed_at),
            }
            for f in record.followups
        ],
        "stock_movements": [
            {
                "id": m.id,
                "visit_id": m.visit_id,
                "package_type_id": m.package_type_id,
                "quantity": m.quantity,
                "kind": m.kind,
                "created_at": _iso(m.created_at),
            }
            for m in record.movements
        ],
        "audit_events": [
            {
                "at": _iso(e.at),
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "user_id": e.user_id,
                "detail": _own(e.detail, h.id),
            }
            for e in record.events
        ],
    }
