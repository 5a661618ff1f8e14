"""Input hardening: upload limits answer kindly, junk the fuzz tests found stays a 4xx, and a
replayed visit or form changes nothing. Each regression test carries the example that broke."""

import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.models import Activity, FollowUp, Household, Organisation, StockMovement, Visit
from tests import factories


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def upload(data: bytes, name: str) -> dict:
    return {"file": (io.BytesIO(data), name)}


# --- upload limits ---------------------------------------------------------------------------


def test_household_import_over_its_limit_is_a_friendly_422(client, app, db, login_as):
    login_as("coordinator")
    limit = app.config["HOUSEHOLD_IMPORT_MAX_BYTES"]
    response = client.post("/huishoudens/import", data=upload(b"x" * (limit + 1), "big.csv"))
    assert response.status_code == 422
    assert "groter dan" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path", ["/beheer-aanbod/import/spreadsheet", "/beheer-aanbod/import/uitdatabank"]
)
def test_offer_imports_over_their_limit_are_a_friendly_422(client, app, db, login_as, path):
    login_as("coordinator")
    app.config["OFFER_IMPORT_MAX_BYTES"] = 1000
    try:
        name = "big.json" if path.endswith("uitdatabank") else "big.csv"
        response = client.post(path, data=upload(b"x" * 1001, name))
    finally:
        app.config["OFFER_IMPORT_MAX_BYTES"] = 4 * 1024 * 1024
    assert response.status_code == 422
    assert "groter dan" in response.get_data(as_text=True)
    assert count(db, Activity) == 0


def test_a_body_over_the_global_limit_is_a_friendly_413(client, app, login_as):
    login_as("coordinator")
    size = app.config["MAX_CONTENT_LENGTH"] + 1
    page = client.post("/huishoudens/import", data=upload(b"x" * size, "huge.csv"))
    assert page.status_code == 413 and "te groot" in page.get_data(as_text=True)
    api = client.post("/api/v1/visits", data=b"x" * size, content_type="application/json")
    assert api.status_code == 413 and api.get_json()["error"]["code"] == "too_large"


@pytest.mark.parametrize("path", ["/huishoudens/import", "/beheer-aanbod/import/spreadsheet"])
def test_a_csv_cell_longer_than_the_csv_module_takes_is_a_422(client, db, login_as, path):
    """Found by hand after the fuzz run: csv.Error 'field larger than field limit' was a 500."""
    login_as("coordinator")
    data = b"straat;huisnummer;postcode\n" + b"x" * 200_000 + b";1;9000\n"
    response = client.post(path, data=upload(data, "lang.csv"))
    assert response.status_code == 422
    assert "geen leesbaar CSV-bestand" in response.get_data(as_text=True)


# --- the fuzz tests' examples ----------------------------------------------------------------


def test_a_file_posted_in_a_text_field_is_a_422_not_a_500(client, db, login_as):
    """Fuzz example: changes={'name': (b'', 'x.csv')} on /beheer/organisaties/nieuw."""
    login_as("admin")
    response = client.post(
        "/beheer/organisaties/nieuw", data={"name": (io.BytesIO(b""), "x.csv"), "kind": "childcare"}
    )
    assert response.status_code == 422
    assert count(db, Organisation) == 1  # the admin's own


@pytest.mark.parametrize("body", [[1, 2], 5, "x", {"name": ["a", "b"]}])
def test_a_json_body_sent_to_an_html_form_is_a_422(client, db, login_as, body):
    login_as("admin")
    assert client.post("/beheer/organisaties/nieuw", json=body).status_code == 422
    assert count(db, Organisation) == 1


def test_editing_a_household_without_the_wijk_field_is_a_422(client, db, login_as):
    """Fuzz example: drop=['wijk'] on /huishoudens/<id>/bewerken (int() of a Wijk object)."""
    login_as("coordinator")
    household = factories.household(street="Sleepstraat", number="12")
    db.session.commit()
    response = client.post(
        f"/huishoudens/{household.id}/bewerken",
        data={"street": "Sleepstraat", "number": "14", "postcode": "9000"},
    )
    assert response.status_code == 422
    assert db.session.get(Household, household.id).number == "12"


def test_a_stock_transfer_from_a_junk_partner_is_a_422(client, db, login_as):
    """Fuzz example: changes={'organisation_id': ':'} on /pakketten/overdracht."""
    login_as("coordinator")
    other = factories.organisation()
    ptype = factories.package_type()
    db.session.commit()
    response = client.post(
        "/pakketten/overdracht",
        data={
            "organisation_id": ":",
            "package_type_id": str(ptype.id),
            "to_organisation_id": str(other.id),
            "quantity": "3",
        },
    )
    assert response.status_code == 422 and count(db, StockMovement) == 0


@pytest.mark.parametrize(
    "path,data",
    [
        ("/activiteiten/nieuw", {"title": "Kamp", "age_min": "3", "age_max": ":"}),
        (
            "/beheer-aanbod/tips/nieuw",
            {"title": "Tip", "text": "x", "kind": "outdoor", "age_min": "0", "age_max": ":"},
        ),
    ],
)
def test_an_age_that_is_not_a_number_is_a_422(client, db, login_as, path, data):
    """Fuzz example: changes={'age_max': ':'} (None < int in validate_age_max)."""
    login_as("coordinator")
    assert client.post(path, data=data).status_code == 422


@pytest.mark.parametrize(
    "changes",
    [{"outcome": []}, {"outcome": {}}, {"outcome": "contact", "follow_up": {"kind": ["x"]}}],
)
def test_a_code_sent_as_a_list_or_object_is_rejected_not_a_500(client, db, login_as, changes):
    """Fuzz example: changes={'outcome': []} on POST /api/v1/visits (unhashable in `in`)."""
    worker = login_as("worker")
    _, stops = factories.walked_route(worker, n_stops=1)
    db.session.commit()
    visit = {
        "id": str(uuid.uuid4()),
        "stop_id": stops[0].id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "outcome": "not_home",
        **changes,
    }
    response = client.post("/api/v1/visits", json={"visits": [visit]})
    assert response.status_code == 200
    assert response.get_json()["results"][0]["status"] == "rejected"
    assert count(db, Visit) == 0


# --- replay --------------------------------------------------------------------------------


def test_replaying_a_visit_batch_and_the_field_forms_changes_nothing(client, db, login_as):
    worker = login_as("worker")
    route, stops = factories.walked_route(worker, n_stops=3)
    db.session.commit()
    moment = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    batch = {
        "visits": [
            {
                "id": str(uuid.uuid4()),
                "stop_id": stops[0].id,
                "occurred_at": moment,
                "outcome": "contact",
                "interests": ["camp"],
                "follow_up": {"kind": "call_back", "note": ""},
                "consent": True,
            }
        ]
    }
    contact = {
        "visit_id": str(uuid.uuid4()),
        "consent": "y",
        "interests": ["play"],
        "follow_up_kind": "call_back",
    }
    tap = {"visit_id": str(uuid.uuid4()), "outcome": "refused"}
    bulk = {"visit": [f"{stops[2].id}:{uuid.uuid4()}"]}

    def send_all():
        assert client.post("/api/v1/visits", json=batch).status_code == 200
        answer = client.post(f"/stops/{stops[1].id}/contact", data=contact)
        assert answer.status_code == 302
        assert client.post(f"/stops/{stops[2].id}/bezoek", data=tap).status_code == 302
        assert client.post(f"/routes/{route.id}/niet-thuis", data=bulk).status_code == 302

    send_all()
    first = (
        count(db, Visit),
        count(db, FollowUp),
        count(db, StockMovement),
        sorted((s.id, s.attempts, s.status) for s in stops),
    )
    again = client.post("/api/v1/visits", json=batch).get_json()["results"]
    assert again[0]["status"] == "duplicate"
    send_all()
    db.session.expire_all()
    assert (
        count(db, Visit),
        count(db, FollowUp),
        count(db, StockMovement),
        sorted((s.id, s.attempts, s.status) for s in stops),
    ) == first
    assert first[0] == 4


def test_replaying_the_household_form_stores_one_household(client, db, login_as):
    from tests.test_households import form_data

    login_as("coordinator")
    data = form_data(wijk="2")
    assert client.post("/huishoudens/nieuw", data=data).status_code == 302
    replay = client.post("/huishoudens/nieuw", data=data)
    assert replay.status_code == 422  # the same door: a near-duplicate, asked to confirm
    assert count(db, Household) == 1
