"""The audit trail covers every kind the issue names: household data viewed, created, changed,
exported; visits logged and changed; user and role changes; imports and exports. Ids only.

And every endpoint that renders a household writes an event naming it (tests/audit_table.py)."""

import html
import io
import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from flask import url_for

from app.households.models import Household
from app.models import AuditEvent
from tests import factories
from tests.audit_table import BUILDERS, SHOWS_HOUSEHOLDS, SHOWS_NO_HOUSEHOLD, Shows
from tests.authz_table import ROLES, TABLE, Case
from tests.test_authz import client_as, make_world


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
    client.post(
        "/api/v1/visits",
        json={
            "visits": [
                {
                    "id": visit_id,
                    "stop_id": stops[0].id,
                    "occurred_at": moment,
                    "outcome": "not_home",
                    "notes": "hond blaft",
                }
            ]
        },
    )
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
    data = {
        "email": worker.email,
        "name": worker.name,
        "role": "coordinator",
        "organisation_id": str(worker.organisation_id),
        "preferred_language": "",
    }
    assert client.post(f"/beheer/gebruikers/{worker.id}", data=data).status_code == 302
    (changed,) = events(db, "user_changed")
    assert changed.object_id == str(worker.id)
    assert "role" in changed.detail["fields"] and changed.detail["role"] == "coordinator"
    client.post(f"/beheer/gebruikers/{worker.id}/actief")
    assert events(db, "user_deactivated")[0].object_id == str(worker.id)


def test_imports_and_exports_name_their_records(client, db, login_as):
    from app.households.services import import_households

    login_as("coordinator")
    values = {
        "street": "Kerkstraat",
        "number": "5",
        "box": "",
        "postcode": "9000",
        "wijk_number": 2,
        "number_sort": 5,
    }
    import_households([values])
    (imported,) = events(db, "households_imported")
    assert imported.detail["count"] == 1 and len(imported.detail["household_ids"]) == 1
    factories.activity()
    db.session.commit()
    client.get("/beheer-aanbod/export.csv")
    client.get("/flyers/statistiek.csv")
    assert events(db, "activities_exported")[0].detail["count"] == 1
    assert len(events(db, "scan_stats_exported")) == 1


# --- every endpoint that renders a household writes an event naming it ------------------------
#
# tests/audit_table.py declares, for every endpoint of the app, whether it shows households and
# how to make it show some. A household "shows" when its address is in the answer: in the page,
# the JSON, or the text of the PDF.


def test_every_endpoint_declares_whether_it_shows_households(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    declared = SHOWS_HOUSEHOLDS.keys() | SHOWS_NO_HOUSEHOLD.keys()
    assert SHOWS_HOUSEHOLDS.keys() & SHOWS_NO_HOUSEHOLD.keys() == set()
    missing = sorted(endpoints - declared)
    assert missing == [], f"declare these in tests/audit_table.py: {missing}"
    assert sorted(declared - endpoints) == [], "stale entries in tests/audit_table.py"


def _address_pattern(household) -> re.Pattern:
    words = [re.escape(w) for w in household.address_line.split()]
    return re.compile(r"(?<![\w.])" + r"\s+".join(words) + r"(?![\w]|\s+bus\s)")


def _text_of(response) -> str:
    if response.mimetype == "application/pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(response.data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    if response.mimetype.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
        return "\n".join(" ".join(map(str, row)) for row in sheet.iter_rows(values_only=True))
    return html.unescape(response.data.decode("utf-8", errors="replace"))


def _addresses_in_json(value, found: set) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("street"), str) and isinstance(value.get("number"), str):
            found.add((value["street"], value["number"], value.get("box") or ""))
        for item in value.values():
            _addresses_in_json(item, found)
    elif isinstance(value, list):
        for item in value:
            _addresses_in_json(item, found)


def households_shown(db, response) -> set[int]:
    """The households whose address is in the answer."""
    everyone = db.select(Household).execution_options(populate_existing=True)
    households = [h for h in db.session.scalars(everyone) if h.street]
    if response.is_json:
        found: set = set()
        _addresses_in_json(response.get_json(), found)
        return {h.id for h in households if (h.street, h.number, h.box or "") in found}
    text = _text_of(response)
    shown = {h.id for h in households if _address_pattern(h).search(text)}
    form = _form_values(text)  # a household's own form: street and number in their fields
    return shown | {
        h.id for h in households if (form.get("street"), form.get("number")) == (h.street, h.number)
    }


def _form_values(text: str) -> dict[str, str]:
    values = {}
    for tag in re.findall(r"<input\b[^>]*>", text):
        name, value = re.search(r'\bname="([^"]*)"', tag), re.search(r'\bvalue="([^"]*)"', tag)
        if name and value:
            values.setdefault(name.group(1), value.group(1))
    return values


def households_named_since(db, last_event_id: int, user) -> set[int]:
    named = set()
    for event in db.session.scalars(db.select(AuditEvent).where(AuditEvent.id > last_event_id)):
        if user is not None:
            assert event.user_id == user.id
        if event.object_type == "household":
            named |= {int(i) for i in event.detail.get("ids", [])}
            if event.object_id and event.object_id.isdigit():
                named.add(int(event.object_id))
    return named


def last_event_id(db) -> int:
    return db.session.scalar(db.select(db.func.max(AuditEvent.id))) or 0


def request_as(app, world, role, endpoint, values, method="GET", data=None):
    with app.test_request_context():
        url = url_for(endpoint, **values)
    return client_as(app, world, role).open(url, method=method, data=data)


@pytest.mark.parametrize(
    "endpoint,index",
    [
        pytest.param(endpoint, index, id=f"{endpoint}[{case.build} {case.role} {case.method}]")
        for endpoint, cases in SHOWS_HOUSEHOLDS.items()
        for index, case in enumerate(cases)
    ],
)
def test_every_page_that_shows_a_household_names_it_in_the_audit_trail(app, db, endpoint, index):
    case: Shows = SHOWS_HOUSEHOLDS[endpoint][index]
    world = make_world(db)
    values = BUILDERS[case.build](world, case.role)
    data = case.data(world, values) if callable(case.data) else case.data
    db.session.commit()
    before = last_event_id(db)
    response = request_as(app, world, case.role, endpoint, values, case.method, data)
    assert response.status_code in (200, 422), response.status_code
    shown = households_shown(db, response)
    assert shown, "this case must make the page show a household"
    named = households_named_since(db, before, world.users[case.role])
    assert shown - named == set(), f"shown without an audit event naming them: {shown - named}"


def _get_cases(endpoint) -> list[Case]:
    entry = TABLE[endpoint]
    cases = [Case(entry)] if isinstance(entry, dict) else list(entry)
    return [case for case in cases if case.method == "GET"]


@pytest.mark.parametrize("endpoint", sorted(SHOWS_NO_HOUSEHOLD))
def test_pages_declared_without_households_show_no_address(app, db, endpoint):
    """Requested as every role that may see them, with a world full of families."""
    world = make_world(db)
    factories.walked_route(world.users["worker"], n_stops=2)
    factories.follow_up(organisation=world.users["worker"].organisation)
    for case in _get_cases(endpoint):
        for role in ROLES:
            if case.expect[role] != 200:
                continue
            values = BUILDERS[case.build](world, role) if case.build else {}
            db.session.commit()
            before = last_event_id(db)
            response = request_as(app, world, role, endpoint, values)
            shown = households_shown(db, response)
            named = households_named_since(db, before, world.users.get(role))
            assert shown - named == set(), f"{role} sees households without an audit event"
