"""Logging doorstep visits: one service for the phone's HTML forms and for the JSON API.

Idempotency lives in the database: the client's UUID is the visit's primary key, and a clash on
that key means "already stored". Two requests with the same id, however close together, cannot
both land.

A batch is checked visit by visit, then written together: the new visits in one INSERT, their
details (interests, packages, follow-ups, audit events) in one INSERT per table, and the stops'
status from one query over their visits. Should another request store one of the batch's ids in
the meantime (possible on PostgreSQL; on SQLite the batch holds the write lock), the primary key
refuses the INSERT and the batch starts again, visit by visit, each in a savepoint of its own, so
that the clash marks only that visit as a duplicate.

A visit's time is put on the server's clock (clock.py), never refused for it. A visit refused at
a stop the worker had (rejections.py) is kept as an unplaced visit when it says something
(unplaced.py), so what the family said waits for someone to attach it to the household.
"""

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import flag_modified

from app.audit.services import record, record_each
from app.database import is_record_id, writer_turn
from app.extensions import db
from app.followups.models import FollowUp
from app.permissions import can_visit
from app.rounds.models import Round, Route, Stop
from app.stock.models import StockMovement
from app.visits.clock import PhoneClock, offset_seconds
from app.visits.codes import CLOSING_OUTCOMES
from app.visits.consent import answers_kept, consent_after
from app.visits.models import UndoneVisit, UnplacedVisit, Visit, VisitInterest
from app.visits.rejections import HAD_STOP, INVALID, REASONS, why_refused
from app.visits.unplaced import keep_unplaced
from app.visits.validation import (
    CleanVisit,
    canonical_uuid,
    check_against_round,
    check_payload,
    has_content,
)

MAX_BATCH = 100


def log_visits(user, payloads: list, clock: PhoneClock | None = None) -> list[dict]:
    """Store each visit that is new and valid; answer one result per payload, in order.

    A result is {"id", "status": "created" | "duplicate" | "rejected", "errors": {field: message}};
    a rejected one also says why ("reason", a key of rejections.REASONS or "invalid") and whether
    the server kept it as an unplaced visit ("kept"). `clock` is how far the phone's clock is off.
    Commits once, at the end; a rejected or duplicate visit never blocks the others.
    """
    clock = clock or PhoneClock()
    with writer_turn(db.engine):
        try:
            _take_write_lock(payloads)
            stops = _load_stops(payloads)  # held so the session keeps them for the whole batch
            try:
                seen = _Seen(_stored_ids(payloads), _kept(payloads))
                results = _log_together(user, payloads, seen, clock)
            except IntegrityError:
                db.session.rollback()
                _take_write_lock(payloads)
                stops = _load_stops(payloads)
                seen = _Seen(_stored_ids(payloads), _kept(payloads))
                results = [_log_one(user, payload, seen, clock) for payload in payloads]
            db.session.commit()
        except BaseException:
            db.session.rollback()  # the write lock goes before the turn does
            raise
    del stops
    return results


def _load_stops(payloads: list) -> list[Stop]:
    """The batch's stops with what the checks read (route, workers, round, household), in three
    queries instead of several per visit."""
    ids = _stop_ids(payloads)
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


def _ids(payloads: list) -> set[str]:
    return {canonical_uuid(p.get("id")) for p in payloads if isinstance(p, dict)} - {None}


def _stored_ids(payloads: list) -> set[str]:
    """Ids of the batch already stored, in one query (this batch adds to the set as it goes).
    A visit its worker undid counts as stored: sent again, it must not come back."""
    ids = _ids(payloads)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            db.select(Visit.id)
            .where(Visit.id.in_(ids))
            .union(db.select(UndoneVisit.id).where(UndoneVisit.id.in_(ids)))
        )
    )


def _kept(payloads: list) -> dict[str, str]:
    """Ids of the batch kept before as unplaced visits, with the reason they were refused."""
    ids = _ids(payloads)
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(UnplacedVisit.id, UnplacedVisit.reason).where(UnplacedVisit.id.in_(ids))
    )
    return {visit_id: reason for visit_id, reason in rows}


class _Seen:
    """What the batch found stored (visits) or kept (unplaced), and adds to as it goes."""

    def __init__(self, stored: set[str], kept: dict[str, str]):
        self.stored = stored
        self.kept = kept


def _stop_ids(payloads: list) -> set[int]:
    return {
        p.get("stop_id") for p in payloads if isinstance(p, dict) and is_record_id(p.get("stop_id"))
    }


def _take_write_lock(payloads: list) -> None:
    """Queue up batches that write the same rows, before anything is written.

    SQLite: pysqlite starts transactions lazily; a request that read the visit table and then
    tries to write after another one committed would fail on its stale snapshot instead of
    waiting. Taking the write lock first (BEGIN IMMEDIATE, within the busy timeout) makes the
    second request wait and then see the first one's visit.

    PostgreSQL: the batch locks its stops, in the order of their ids, before it inserts a visit.
    Two batches that share stops then wait for each other at this one point, in the same order,
    instead of each holding a stop the other needs while waiting on the other's visit ids (a
    deadlock). Batches with no stop in common run side by side; a visit id they share waits on
    its unique index.
    """
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        ids = _stop_ids(payloads)
        if ids:
            db.session.execute(
                db.select(Stop.id).where(Stop.id.in_(ids)).order_by(Stop.id).with_for_update()
            ).all()
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


def _refused(payload, errors: dict, reason: str, kept: bool = False) -> dict:
    if reason in REASONS:
        errors = {**errors, "stop_id": str(REASONS[reason])}
    return {**_result(payload, "rejected", errors), "reason": reason, "kept": kept}


def _visit_exists(visit_id: str) -> bool:
    return bool(
        db.session.scalar(db.select(db.func.count()).select_from(Visit).where(Visit.id == visit_id))
    )


def _on_server_clock(visit: CleanVisit, round_, clock: PhoneClock) -> None:
    """The visit's time on the server's clock; not before the day before its round started."""
    said = visit.occurred_at
    earliest = datetime.combine(round_.start_date - timedelta(days=1), datetime.min.time())
    visit.occurred_at = clock.place(said, earliest)
    visit.clock_offset_s = offset_seconds(visit.occurred_at, said)


def _check(
    user, payload, seen: _Seen, clock: PhoneClock
) -> tuple[dict, Stop | None, CleanVisit | None]:
    """The answer for one payload if it is not to be stored, else the stop and the clean visit."""
    visit, errors = check_payload(payload)
    if "id" in errors or "visit" in errors:
        return _refused(payload, errors, INVALID), None, None
    if visit.id in seen.stored:
        return _result(payload, "duplicate"), None, None
    if visit.id in seen.kept:  # resent: the same answer, one copy
        return _refused(payload, {}, seen.kept[visit.id], kept=True), None, None
    stop = db.session.get(Stop, visit.stop_id) if visit.stop_id is not None else None
    if not can_visit(user, stop):
        # A stop the worker never had: the same answer whether or not it exists.
        refusal = why_refused(user, visit.stop_id, stop)
        keep = refusal.reason in HAD_STOP and not errors and has_content(visit)
        if keep:
            _on_server_clock(visit, refusal.round, clock)
            keep_unplaced(user, visit, refusal)
            seen.kept[visit.id] = refusal.reason
        return _refused(payload, errors, refusal.reason, kept=keep), None, None
    check_against_round(visit, stop.round, errors)
    if errors:
        return _refused(payload, errors, INVALID), None, None
    _on_server_clock(visit, stop.round, clock)
    return _result(payload, "created"), stop, visit


def _log_together(user, payloads: list, seen: _Seen, clock: PhoneClock) -> list[dict]:
    results, accepted = [], []
    for payload in payloads:
        result, stop, clean = _check(user, payload, seen, clock)
        results.append(result)
        if clean is not None:
            seen.stored.add(clean.id)
            accepted.append((stop, clean))
    # In the order they came: a "yes" at the door lets a later visit of the batch keep answers.
    visits = [(stop, clean, _new_visit(user, stop, clean)) for stop, clean in accepted]
    db.session.flush()  # every new visit in one INSERT; a primary key clash surfaces here
    for stop, clean, (visit, keeps_answers) in visits:
        _add_details(user, stop, clean, visit, keeps_answers)
    record_each(
        "visit_logged", [(v, _audit_detail(stop)) for stop, _c, (v, _k) in visits], user=user
    )
    refresh_stops([stop for stop, _clean, _visit in visits])
    return results


def _log_one(user, payload, seen: _Seen, clock: PhoneClock) -> dict:
    result, stop, clean = _check(user, payload, seen, clock)
    if clean is None:
        return result
    try:
        with db.session.begin_nested():
            _store(user, stop, clean)
    except IntegrityError:
        # Another request stored this id between our check and our insert.
        if _visit_exists(clean.id):
            return _result(payload, "duplicate")
        raise
    seen.stored.add(clean.id)
    return result


def _store(user, stop: Stop, clean: CleanVisit, **audit) -> Visit:
    visit, keeps_answers = _new_visit(user, stop, clean)
    db.session.flush()  # the primary key clash, if any, surfaces here
    _add_details(user, stop, clean, visit, keeps_answers)
    record("visit_logged", visit, user=user, **_audit_detail(stop), **audit)
    db.session.flush()
    refresh_stops([stop])
    return visit


def place_visit(worker, stop: Stop, clean: CleanVisit, *, by) -> Visit:
    """Store a visit that waited as an unplaced one at `stop`, for the worker who made it.

    The same write as a logged visit (consent, packages, follow-up, the stop's status); `by`
    is who placed it. The caller commits."""
    _take_write_lock([{"stop_id": stop.id}])
    return _store(worker, stop, clean, placed_by=by.id)


def _audit_detail(stop: Stop) -> dict:
    return {"stop_id": stop.id, "round_id": stop.round_id}


def _new_visit(user, stop: Stop, clean: CleanVisit) -> tuple[Visit, bool]:
    household = stop.household
    before = household.consent
    household.consent = consent_after(before, clean.outcome, clean.consent)
    keeps_answers = answers_kept(household.consent)
    visit = Visit(
        id=clean.id,
        stop_id=stop.id,
        household_id=stop.household_id,
        round_id=stop.round_id,
        worker_id=user.id,
        occurred_at=clean.occurred_at,
        clock_offset_s=clean.clock_offset_s,
        outcome=clean.outcome,
        flyer_left=clean.flyer_left,
        info_given=clean.info_given,
        language_used=clean.language_used if keeps_answers else "",
        notes=clean.notes if keeps_answers else "",
        consent_before=before if household.consent != before else None,
        # Set while the visit is new: assigning them later would first load the (empty) list.
        interests=[VisitInterest(code=code) for code in clean.interests] if keeps_answers else [],
    )
    db.session.add(visit)
    return visit, keeps_answers


def _add_details(user, stop: Stop, clean: CleanVisit, visit: Visit, keeps_answers: bool) -> None:
    """What goes with a stored visit: packages handed out and a follow-up."""
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


def refresh_stops(stops: list[Stop]) -> None:
    """Status, attempts and closed follow from each stop's visits, whatever order they came in
    (one query for all the stops, one row per stop)."""
    stops = list({stop.id: stop for stop in stops}.values())
    if not stops:
        return
    db.session.flush()
    per_stop = {"partition_by": Visit.stop_id}
    latest_first = (Visit.occurred_at.desc(), Visit.received_at.desc(), Visit.id.desc())
    closing = db.case((Visit.outcome.in_(sorted(CLOSING_OUTCOMES)), 1), else_=0)
    ranked = (
        db.select(
            Visit.stop_id,
            Visit.outcome,
            db.func.count().over(**per_stop).label("attempts"),
            db.func.max(closing).over(**per_stop).label("closing"),
            db.func.row_number().over(**per_stop, order_by=latest_first).label("newest"),
        )
        .where(Visit.stop_id.in_([stop.id for stop in stops]))
        .subquery()
    )
    rows = db.session.execute(
        db.select(ranked.c.stop_id, ranked.c.outcome, ranked.c.attempts, ranked.c.closing).where(
            ranked.c.newest == 1
        )
    )
    found = {stop_id: (outcome, attempts, closing) for stop_id, outcome, attempts, closing in rows}
    for stop in stops:
        outcome, attempts, closing = found.get(stop.id, ("open", 0, 0))
        stop.attempts = attempts
        stop.status = outcome
        stop.closed = bool(closing or attempts >= stop.round.max_attempts)
        # All three written for every stop: one UPDATE for the batch, whichever changed.
        for name in ("status", "attempts", "closed"):
            flag_modified(stop, name)
