"""Logging doorstep visits: one service for the phone's HTML forms and for the JSON API.

Idempotency lives in the database: the client's UUID is the visit's primary key, each visit is
inserted in a savepoint of its own, and a clash on that key means "already stored". Two requests
with the same id, however close together, cannot both land.
"""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.audit.services import record
from app.extensions import db
from app.followups.models import FollowUp
from app.permissions import can_visit
from app.rounds.models import Round, Route, Stop
from app.stock.models import StockMovement
from app.visits.codes import CLOSING_OUTCOMES
from app.visits.models import Visit, VisitInterest
from app.visits.validation import (
    NO_STOP,
    CleanVisit,
    canonical_uuid,
    check_against_round,
    check_payload,
)

MAX_BATCH = 100


def log_visits(user, payloads: list) -> list[dict]:
    """Store each visit that is new and valid; answer one result per payload, in order.

    A result is {"id", "status": "created" | "duplicate" | "rejected", "errors": {field: message}}.
    Commits once, at the end; a rejected or duplicate visit never blocks the others.
    """
    _take_write_lock()
    stops = _load_stops(payloads)  # held here so the session keeps them for the whole batch
    stored = _stored_ids(payloads)
    results = [_log_one(user, payload, stored) for payload in payloads]
    db.session.commit()
    del stops
    return results


def _load_stops(payloads: list) -> list[Stop]:
    """The batch's stops with what the checks read (route, workers, round, household), in three
    queries instead of several per visit."""
    ids = {
        p.get("stop_id")
        for p in payloads
        if isinstance(p, dict) and type(p.get("stop_id")) is int
    }
    if not ids:
        return []
    return list(
        db.session.scalars(
            db.select(Stop)
            .where(Stop.id.in_(ids))
            .options(
                joinedload(Stop.household),
                joinedload(Stop.round).selectinload(Round.package_types),
                joinedload(Stop.route).joinedload(Route.round),
                joinedload(Stop.route).selectinload(Route.workers),
            )
        ).unique()
    )


def _stored_ids(payloads: list) -> set[str]:
    """Ids of the batch already stored, in one query (this batch adds to the set as it goes)."""
    ids = {canonical_uuid(p.get("id")) for p in payloads if isinstance(p, dict)} - {None}
    if not ids:
        return set()
    return set(db.session.scalars(db.select(Visit.id).where(Visit.id.in_(ids))))


def _take_write_lock() -> None:
    """On SQLite, queue writers up front.

    pysqlite starts transactions lazily; a request that read the visit table and then tries to
    write after another one committed would fail on its stale snapshot instead of waiting. Taking
    the write lock first (BEGIN IMMEDIATE, within the busy timeout) makes the second request wait
    and then see the first one's visit. PostgreSQL needs nothing: its unique index waits.
    """
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _result(payload, status: str, errors: dict | None = None) -> dict:
    sent_id = payload.get("id") if isinstance(payload, dict) else None
    return {
        "id": sent_id if isinstance(sent_id, str) else None,
        "status": status,
        "errors": errors or {},
    }


def _visit_exists(visit_id: str) -> bool:
    return bool(
        db.session.scalar(db.select(db.func.count()).select_from(Visit).where(Visit.id == visit_id))
    )


def _log_one(user, payload, stored: set[str]) -> dict:
    visit, errors = check_payload(payload)
    if "id" in errors or "visit" in errors:
        return _result(payload, "rejected", errors)
    if visit.id in stored:
        return _result(payload, "duplicate")
    stop = db.session.get(Stop, visit.stop_id) if visit.stop_id is not None else None
    if not can_visit(user, stop):
        # Same answer for a stop that does not exist and for someone else's stop.
        errors["stop_id"] = str(NO_STOP)
        return _result(payload, "rejected", errors)
    check_against_round(visit, stop.round, errors)
    if errors:
        return _result(payload, "rejected", errors)
    try:
        with db.session.begin_nested():
            _store(user, stop, visit)
    except IntegrityError:
        # Another request stored this id between our check and our insert.
        if _visit_exists(visit.id):
            return _result(payload, "duplicate")
        raise
    stored.add(visit.id)
    return _result(payload, "created")


def _store(user, stop: Stop, clean: CleanVisit) -> Visit:
    household = stop.household
    contact = clean.outcome == "contact"
    if contact and clean.consent is True:
        household.consent = "given"
    elif contact and clean.consent is False and household.consent == "given":
        # Asked again at the door and no longer agreed: the consent is withdrawn from now on.
        household.consent = "refused"
    # Without the family's consent we keep what happened and what was handed over, not what
    # they told us (DOMAIN.md: the least that serves the family). That holds for every outcome:
    # a note at a closed door can speak about the family just as well.
    keeps_answers = household.consent == "given"
    visit = Visit(
        id=clean.id,
        stop_id=stop.id,
        household_id=stop.household_id,
        round_id=stop.round_id,
        worker_id=user.id,
        occurred_at=clean.occurred_at,
        outcome=clean.outcome,
        flyer_left=clean.flyer_left,
        info_given=clean.info_given,
        language_used=clean.language_used if keeps_answers else "",
        notes=clean.notes if keeps_answers else "",
    )
    db.session.add(visit)
    db.session.flush()  # the primary key clash, if any, surfaces here
    if keeps_answers:
        visit.interests = [VisitInterest(code=code) for code in clean.interests]
    for package_type_id, quantity in clean.packages:
        db.session.add(
            StockMovement(
                organisation_id=user.organisation_id,
                package_type_id=package_type_id,
                quantity=-quantity,
                kind="handed_out",
                visit_id=visit.id,
                created_by_id=user.id,
            )
        )
    if keeps_answers and clean.follow_up:
        kind, note = clean.follow_up
        db.session.add(
            FollowUp(
                visit_id=visit.id,
                household_id=stop.household_id,
                organisation_id=user.organisation_id,
                kind=kind,
                note=note,
            )
        )
    db.session.flush()
    refresh_stop(stop)
    record("visit_logged", visit, user=user, stop_id=stop.id, round_id=stop.round_id)
    return visit


def refresh_stop(stop: Stop) -> None:
    """Status, attempts and closed follow from the stop's visits, whatever order they came in."""
    outcomes = db.session.scalars(
        db.select(Visit.outcome)
        .where(Visit.stop_id == stop.id)
        .order_by(Visit.occurred_at, Visit.received_at, Visit.id)
    ).all()
    stop.attempts = len(outcomes)
    stop.status = outcomes[-1] if outcomes else "open"
    stop.closed = bool(
        any(outcome in CLOSING_OUTCOMES for outcome in outcomes)
        or stop.attempts >= stop.round.max_attempts
    )
