"""The audit trail covers every kind the issue names: household data viewed, created, changed,
exported; visits logged and changed; user and role changes; imports and exports. Ids only."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.models import AuditEvent
from tests import factories


def events(db, action) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def no_text(event, *texts) -> None:
    dumped = json.dumps(event.detail)
    for text in texts:
        assert text not in dumped


@pytest.fixture
def walked(login_as, db):
    worker = login_as("worker")
    route, stops = factories.walked_route(worker, n_stops=2)
    stops[0].household.note = "Bel twee keer"
    db.session.commit()
    return worker, route, stops


def test_a_worker_viewing_a_route_a_contact_page_or_the_api_is_audited(client, walked, db):
    _, route, stops = walked
    household_ids = sorted(s.household_id for s in stops)
    client.get(f"/routes/{route.id}")
    (viewed,) = events(db, "route_viewed")
    assert viewed.detail == {"ids": household_ids, "route_id": route.id}
    client.get(f"/stops/{stops[0].id}/contact")
    (contact,) = events(db, "household_viewed")
    assert contact.detail == {"ids": [stops[0].household_id], "stop_id": stops[0].id}
    client.get("/api/v1/routes")
    (fetched,) = events(db, "routes_fetched")
    assert fetched.detail == {"ids": household_ids, "route_ids": [route.id]}
    assert fetched.user_id == walked[0].id


def test_coordinator_reads_of_households_are_audited(client, db, login_as):
    login_as("coordinator")
    worker = factories.user("worker")
    route, stops = factories.walked_route(worker, n_stops=2)
    follow_up = factories.follow_up(household=stops[0].household)
    db.session.commit()
    client.get("/huishoudens?q=Sleepstraat")
    client.get(f"/huishoudens/{stops[0].household_id}")
    client.get(f"/rondes/{route.round_id}")
    client.get(f"/rondes/routes/{route.id}/looplijst")
    client.get("/opvolging")
    listed = events(db, "households_listed")
    assert {e.object_type for e in listed} == {"household"}
    assert set(listed[0].detail["ids"]) >= {s.household_id for s in stops}
    assert listed[1].detail["followup_ids"] == [follow_up.id]
    assert events(db, "household_viewed")[0].object_id == str(stops[0].household_id)
    assert events(db, "round_viewed")[0].detail["round_id"] == route.round_id
    assert events(db, "walk_sheet_viewed")[0].detail["route_id"] == route.id
    for event in listed:
        no_text(event, "Sleepstraat")


def test_household_created_changed_and_exported(client, db, login_as):
    from tests.test_households import form_data

    login_as("coordinator")
    client.post("/huishoudens/nieuw", data=form_data(note="Geen namen", wijk="2"))
    (created,) = events(db, "household_created")
    household_id = int(created.object_id)
    edited = client.post(
        f"/huishoudens/{household_id}/bewerken", data=form_data(number="13", wijk="2")
    )
    assert edited.status_code == 302
    (changed,) = events(db, "household_changed")
    assert "number" in changed.detail["fields"]
    client.get(f"/privacy/huishoudens/{household_id}.json")
    (exported,) = events(db, "household_exported")
    assert exported.object_id == str(household_id)
    for event in (created, changed, exported):
        no_text(event, "Onbekendestraat", "Geen namen")


def test_visits_logged_and_changed_by_a_merge(client, walked, db, login_as):
    _, _, stops = walked
    visit_id = str(uuid.uuid4())
    moment = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    client.post("/api/v1/visits", json={"visits": [{
        "id": visit_id, "stop_id": stops[0].id, "occurred_at": moment, "outcome": "not_home",
        "notes": "hond blaft"}]})
    (logged,) = events(db, "visit_logged")
    assert logged.object_id == visit_id
    no_text(logged, "hond")
    twin = factories.household(street="Sleepstr.", number=stops[0].household.number)
    db.session.commit()
    visited_id = stops[0].household_id
    login_as("coordinator")
    client.post(f"/huishoudens/{twin.id}/samenvoegen/{visited_id}", data={"keep": str(twin.id)})
    (merged,) = events(db, "households_merged")
    assert merged.detail["visits"] == 1 and merged.detail["removed_id"] == visited_id


def test_user_and_role_changes(client, db, login_as):
    login_as("admin")
    worker = factories.user("worker")
    db.session.commit()
    data = {"email": worker.email, "name": worker.name, "role": "coordinator",
            "organisation_id": str(worker.organisation_id), "preferred_language": ""}
    assert client.post(f"/beheer/gebruikers/{worker.id}", data=data).status_code == 302
    (changed,) = events(db, "user_changed")
    assert changed.object_id == str(worker.id)
    assert "role" in changed.detail["fields"] and changed.detail["role"] == "coordinator"
    client.post(f"/beheer/gebruikers/{worker.id}/actief")
    assert events(db, "user_deactivated")[0].object_id == str(worker.id)


def test_imports_and_exports_name_their_records(client, db, login_as):
    from app.households.services import import_households

    login_as("coordinator")
    values = {"street": "Kerkstraat", "number": "5", "box": "", "postcode": "9000",
              "wijk_number": 2, "number_sort": 5}
    import_households([values])
    (imported,) = events(db, "households_imported")
    assert imported.detail["count"] == 1 and len(imported.detail["household_ids"]) == 1
    factories.activity()
    db.session.commit()
    client.get("/beheer-aanbod/export.csv")
    client.get("/flyers/statistiek.csv")
    assert events(db, "activities_exported")[0].detail["count"] == 1
    assert len(events(db, "scan_stats_exported")) == 1
