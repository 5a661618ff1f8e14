"""Consent recorded at the door: without it only the outcome and the packages are kept.

Both ways in — the phone's HTML contact form and the field API — go through one service; these
tests hold each of them to the rule.
"""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.models import FollowUp, Household, StockMovement, Visit
from tests import factories


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def moment() -> str:
    return (datetime.now(UTC) - timedelta(minutes=2)).isoformat()


@pytest.fixture
def walked(login_as, db):
    worker = login_as("worker")
    route, stops = factories.walked_route(worker, n_stops=3)
    db.session.commit()
    return route, stops


def contact(stop, package, **kw) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "stop_id": stop.id,
        "occurred_at": moment(),
        "outcome": "contact",
        "packages": [{"package_type_id": package.id, "quantity": 1}],
        "interests": ["camp"],
        "info_given": ["summer_offer"],
        "follow_up": {"kind": "call_back", "note": "Na 17 uur"},
        "notes": "Twee kinderen willen zwemmen",
        "language_used": "ar",
        **kw,
    }


@pytest.mark.parametrize("consent", [None, False])
def test_api_without_consent_keeps_outcome_and_packages_only(client, walked, db, consent):
    route, stops = walked
    payload = contact(stops[0], route.round.package_types[0], consent=consent)
    response = client.post("/api/v1/visits", json={"visits": [payload]})
    assert response.get_json()["results"][0]["status"] == "created"
    stored = db.session.get(Visit, payload["id"])
    assert stored.outcome == "contact"
    assert stored.interest_codes == [] and stored.notes == "" and stored.language_used == ""
    assert count(db, FollowUp) == 0
    assert count(db, StockMovement) == 1
    assert db.session.get(Household, stops[0].household_id).consent != "given"


def test_api_consent_withdrawn_at_the_door_stops_keeping_answers(client, walked, db):
    route, stops = walked
    stops[0].household.consent = "given"
    db.session.commit()
    payload = contact(stops[0], route.round.package_types[0], consent=False)
    client.post("/api/v1/visits", json={"visits": [payload]})
    db.session.expire_all()
    assert db.session.get(Household, stops[0].household_id).consent == "refused"
    stored = db.session.get(Visit, payload["id"])
    assert stored.interest_codes == [] and stored.notes == "" and count(db, FollowUp) == 0


def test_api_note_at_a_closed_door_is_not_kept_without_consent(client, walked, db):
    _, stops = walked
    payload = {
        "id": str(uuid.uuid4()),
        "stop_id": stops[1].id,
        "occurred_at": moment(),
        "outcome": "not_home",
        "notes": "Buurvrouw zegt: moeder werkt 's nachts",
    }
    client.post("/api/v1/visits", json={"visits": [payload]})
    assert db.session.get(Visit, payload["id"]).notes == ""


def test_api_with_consent_keeps_everything(client, walked, db):
    route, stops = walked
    payload = contact(stops[2], route.round.package_types[0], consent=True)
    client.post("/api/v1/visits", json={"visits": [payload]})
    stored = db.session.get(Visit, payload["id"])
    assert stored.interest_codes == ["camp"] and stored.notes == "Twee kinderen willen zwemmen"
    assert count(db, FollowUp) == 1


def test_html_form_refuses_answers_without_consent_and_stores_nothing(client, walked, db):
    _, stops = walked
    form = {
        "visit_id": str(uuid.uuid4()),
        "interests": ["camp"],
        "follow_up_kind": "call_back",
        "follow_up_note": "Na 17 uur",
        "notes": "x",
    }
    response = client.post(f"/stops/{stops[0].id}/contact", data=form)
    assert response.status_code == 422
    assert count(db, Visit) == 0 and count(db, FollowUp) == 0


def test_html_form_unticking_consent_withdraws_it(client, walked, db):
    _, stops = walked
    stops[0].household.consent = "given"
    db.session.commit()
    form = {"visit_id": str(uuid.uuid4())}  # the box was ticked for them; they unticked it
    assert client.post(f"/stops/{stops[0].id}/contact", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(Household, stops[0].household_id).consent == "refused"
    assert db.session.get(Visit, form["visit_id"]).outcome == "contact"
