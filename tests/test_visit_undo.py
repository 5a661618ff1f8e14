"""Taking back a wrong tap (issue 16): the worker's last visit at a stop, within ten minutes,
audited, stock restored, and never stored again when the phone sends it once more."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.audit.models import AuditEvent
from app.extensions import db as _db
from app.stock.queries import level_of
from app.visits.models import UndoneVisit, Visit
from app.visits.services import log_visits
from tests import factories


@pytest.fixture
def worker(login_as):
    return login_as("worker")


@pytest.fixture
def walked(worker, db):
    route, stops = factories.walked_route(worker, n_stops=2)
    db.session.commit()
    return route, stops


def _contact(stop, package_type_id, **kw):
    return {
        "id": str(uuid.uuid4()),
        "stop_id": stop.id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "outcome": "contact",
        "packages": [{"package_type_id": package_type_id, "quantity": 2}],
        "interests": ["camp"],
        "consent": True,
        **kw,
    }


def _undo(client, visit_id):
    return client.post(f"/bezoeken/{visit_id}/ongedaan", follow_redirects=True)


def test_undo_removes_the_visit_restores_stock_and_is_audited(client, walked, worker, db):
    route, stops = walked
    package = route.round.package_types[0]
    before = level_of(worker.organisation_id, package.id)
    payload = _contact(stops[0], package.id)
    assert log_visits(worker, [payload])[0]["status"] == "created"
    assert level_of(worker.organisation_id, package.id) == before - 2
    assert stops[0].status == "contact" and stops[0].closed

    page = _undo(client, payload["id"]).get_data(as_text=True)

    assert "Contact ongedaan gemaakt" in page
    assert db.session.get(Visit, payload["id"]) is None
    assert level_of(worker.organisation_id, package.id) == before
    db.session.refresh(stops[0])
    assert (stops[0].status, stops[0].attempts, stops[0].closed) == ("open", 0, False)
    event = db.session.scalar(_db.select(AuditEvent).where(AuditEvent.action == "visit_undone"))
    assert event.object_id == payload["id"] and event.user_id == worker.id
    assert event.detail["packages_returned"] == {str(package.id): 2}
    assert db.session.get(UndoneVisit, payload["id"]) is not None


def test_a_visit_sent_again_after_its_undo_stays_undone(client, walked, worker, db):
    route, stops = walked
    payload = _contact(stops[0], route.round.package_types[0].id)
    log_visits(worker, [payload])
    _undo(client, payload["id"])

    (again,) = log_visits(worker, [payload])  # the phone's retry after a lost answer

    assert again["status"] == "duplicate"
    assert db.session.get(Visit, payload["id"]) is None


def test_only_the_newest_visit_and_only_within_ten_minutes(client, walked, worker, db):
    route, stops = walked
    old = {
        "id": str(uuid.uuid4()),
        "stop_id": stops[1].id,
        "occurred_at": (datetime.now(UTC) - timedelta(minutes=11)).isoformat(),
        "outcome": "not_home",
    }
    first = {
        **old,
        "id": str(uuid.uuid4()),
        "stop_id": stops[0].id,
        "occurred_at": (datetime.now(UTC) - timedelta(minutes=2)).isoformat(),
    }
    second = {**first, "id": str(uuid.uuid4()), "occurred_at": datetime.now(UTC).isoformat()}
    log_visits(worker, [old, first, second])

    assert "niet meer ongedaan" in _undo(client, old["id"]).get_data(as_text=True)
    assert "niet meer ongedaan" in _undo(client, first["id"]).get_data(as_text=True)
    assert db.session.get(Visit, old["id"]) and db.session.get(Visit, first["id"])
    assert "Niet thuis ongedaan gemaakt" in _undo(client, second["id"]).get_data(as_text=True)
    db.session.refresh(stops[0])
    assert (stops[0].status, stops[0].attempts) == ("not_home", 1)


def test_another_workers_visit_is_not_there(client, walked, worker, db, login_as):
    route, stops = walked
    payload = _contact(stops[0], route.round.package_types[0].id)
    log_visits(worker, [payload])
    login_as("worker", organisation=factories.organisation())

    assert client.post(f"/bezoeken/{payload['id']}/ongedaan").status_code == 404
    assert db.session.get(Visit, payload["id"]) is not None


@pytest.mark.parametrize(
    ("before", "answer", "after_visit"),
    [
        ("unknown", True, "given"),  # a yes tapped by mistake
        ("refused", True, "given"),
        ("given", False, "refused"),  # a withdrawal tapped by mistake
    ],
)
def test_undo_puts_back_the_consent_the_wrong_tap_changed(
    client, walked, worker, db, before, answer, after_visit
):
    route, stops = walked
    household = stops[0].household
    household.consent = before
    db.session.commit()
    payload = _contact(stops[0], route.round.package_types[0].id, consent=answer)
    log_visits(worker, [payload])
    db.session.refresh(household)
    assert household.consent == after_visit

    _undo(client, payload["id"])

    db.session.refresh(household)
    assert household.consent == before  # the answers of later visits are kept only as before
    event = db.session.scalar(_db.select(AuditEvent).where(AuditEvent.action == "visit_undone"))
    assert event.detail["consent_restored"] is True  # that it was; the value stays out of the trail
    assert before not in str(event.detail)


def test_undo_leaves_consent_that_the_visit_did_not_change_or_that_changed_since(
    client, walked, worker, db
):
    route, stops = walked
    package_id = route.round.package_types[0].id
    stops[0].household.consent = "given"
    db.session.commit()
    same = _contact(stops[0], package_id, consent=True)  # asked again, still yes
    log_visits(worker, [same])
    _undo(client, same["id"])
    db.session.refresh(stops[0].household)
    assert stops[0].household.consent == "given"

    changed = _contact(stops[1], package_id, consent=True)
    log_visits(worker, [changed])
    household = stops[1].household
    household.consent = "refused"  # the family told the coordinator meanwhile
    db.session.commit()
    _undo(client, changed["id"])
    db.session.refresh(household)
    assert household.consent == "refused"
    events = db.session.scalars(_db.select(AuditEvent).where(AuditEvent.action == "visit_undone"))
    assert all("consent_restored" not in e.detail for e in events)


def test_undo_leaves_consent_that_a_visit_stored_since_heard_again(client, walked, worker, db):
    """The phone that was offline: visit B happened before A but reached the server after it,
    with the same yes. Undoing A must not take away the consent B's answers are kept under."""
    route, stops = walked
    package_id = route.round.package_types[0].id
    household = stops[0].household
    household.consent = "unknown"
    db.session.commit()
    a = _contact(stops[0], package_id, consent=True)
    log_visits(worker, [a])
    earlier = (datetime.now(UTC) - timedelta(minutes=3)).isoformat()
    b = _contact(stops[0], package_id, consent=True, occurred_at=earlier, notes="Belt na 17u")
    assert log_visits(worker, [b])[0]["status"] == "created"

    _undo(client, a["id"])

    assert db.session.get(Visit, a["id"]) is None
    db.session.refresh(household)
    assert household.consent == "given"
    assert db.session.get(Visit, b["id"]).notes == "Belt na 17u"
