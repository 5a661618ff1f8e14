"""The field API (contract §6): meta, routes and logging visits, checked against the spec."""

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.api.openapi import spec
from app.extensions import db as _db
from app.followups.models import FollowUp
from app.stock.models import StockMovement
from app.visits.codes import NOTE_MAX_LENGTH
from app.visits.models import Visit, VisitInterest
from tests import factories
from tests.openapi_check import assert_matches_spec


def now_iso(**delta) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


def visit(stop, **kw) -> dict:
    return {
        "id": kw.pop("id", str(uuid.uuid4())),
        "stop_id": stop.id if not isinstance(stop, int) else stop,
        "occurred_at": kw.pop("occurred_at", now_iso()),
        "outcome": kw.pop("outcome", "not_home"),
        "flyer_left": kw.pop("flyer_left", False),
        "packages": kw.pop("packages", []),
        "interests": kw.pop("interests", []),
        "info_given": kw.pop("info_given", []),
        "follow_up": kw.pop("follow_up", None),
        "notes": kw.pop("notes", ""),
        **kw,
    }


def post(client, visits):
    response = client.post("/api/v1/visits", json={"visits": visits})
    assert_matches_spec("/visits", "post", response)
    return response


@pytest.fixture
def worker(login_as):
    return login_as("worker")


@pytest.fixture
def walked(worker, db):
    route, stops = factories.walked_route(worker, n_stops=3)
    db.session.commit()
    return route, stops


# --- without a session ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path", [("get", "/api/v1/meta"), ("get", "/api/v1/routes"), ("post", "/api/v1/visits")]
)
def test_no_session_is_401_json_not_a_redirect(client, method, path):
    response = getattr(client, method)(path, json={"visits": []} if method == "post" else None)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"]
    assert_matches_spec(path.removeprefix("/api/v1"), method, response)


# --- meta and routes -------------------------------------------------------------------------


def test_meta_lists_the_codes_and_package_types(client, worker, db):
    factories.package_type(name="Zomerpakket")
    db.session.commit()
    response = client.get("/api/v1/meta")
    assert response.status_code == 200
    assert_matches_spec("/meta", "get", response)
    body = response.get_json()
    assert [o["code"] for o in body["outcomes"]] == [
        "contact",
        "not_home",
        "refused",
        "moved",
        "no_access",
    ]
    assert {"code": "not_home", "label": "Niet thuis"} in body["outcomes"]
    assert "swimming" in [i["code"] for i in body["interests"]]
    assert [p["name"] for p in body["package_types"]] == ["Zomerpakket"]


def test_routes_of_today_in_walking_order(client, worker, walked):
    route, stops = walked
    response = client.get("/api/v1/routes")
    assert response.status_code == 200
    assert_matches_spec("/routes", "get", response)
    (got,) = response.get_json()["routes"]
    assert got["id"] == route.id and got["name"] == route.name
    assert [s["id"] for s in got["stops"]] == [s.id for s in stops]
    assert got["stops"][0]["status"] == "open"
    wijk = stops[0].household.wijk
    assert got["stops"][0]["address"]["wijk"] == {"number": wijk.number, "name": wijk.name}


def test_routes_of_another_date_and_other_workers_routes_are_not_listed(client, worker, db):
    other = factories.user("worker")
    factories.walked_route(other)
    db.session.commit()
    assert client.get("/api/v1/routes").get_json() == {"routes": []}
    assert client.get("/api/v1/routes?date=2001-01-01").get_json() == {"routes": []}


def test_routes_of_a_draft_round_are_not_listed(client, worker, db):
    factories.walked_route(worker, status="draft")
    db.session.commit()
    assert client.get("/api/v1/routes").get_json() == {"routes": []}


def test_bad_date_is_400_json(client, worker):
    response = client.get("/api/v1/routes?date=28-11-2026")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_date"
    assert_matches_spec("/routes", "get", response)


# --- logging visits --------------------------------------------------------------------------


def test_not_home_is_created_and_the_stop_stays_open(client, walked, db):
    _, stops = walked
    response = post(client, [visit(stops[0], flyer_left=True)])
    assert response.status_code == 200
    (result,) = response.get_json()["results"]
    assert result["status"] == "created" and result["errors"] == {}
    db.session.refresh(stops[0])
    assert (stops[0].status, stops[0].attempts, stops[0].closed) == ("not_home", 1, False)
    assert db.session.get(Visit, result["id"]).flyer_left is True


def test_contact_stores_interests_packages_and_follow_up(client, worker, walked, db):
    route, stops = walked
    package = route.round.package_types[0]
    payload = visit(
        stops[0],
        outcome="contact",
        packages=[{"package_type_id": package.id, "quantity": 2}],
        interests=["swimming", "camp"],
        info_given=["summer_offer"],
        follow_up={"kind": "call_back", "note": "Na 17 uur"},
        notes="Vriendelijk",
        consent=True,
    )
    (result,) = post(client, [payload]).get_json()["results"]
    assert result["status"] == "created"
    stored = db.session.get(Visit, payload["id"])
    assert sorted(stored.interest_codes) == ["camp", "swimming"]
    assert stored.notes == "Vriendelijk"
    movement = db.session.scalar(
        _db.select(StockMovement).where(StockMovement.visit_id == stored.id)
    )
    assert (movement.quantity, movement.kind) == (-2, "handed_out")
    assert movement.organisation_id == worker.organisation_id
    follow_up = db.session.scalar(_db.select(FollowUp).where(FollowUp.visit_id == stored.id))
    assert (follow_up.kind, follow_up.organisation_id) == ("call_back", worker.organisation_id)
    db.session.refresh(stops[0])
    assert (stops[0].status, stops[0].closed) == ("contact", True)
    assert stops[0].household.consent == "given"


def test_a_note_of_the_limit_is_kept_and_one_more_character_is_rejected(client, walked, db):
    route, stops = walked
    longest = "x" * NOTE_MAX_LENGTH
    results = post(
        client,
        [
            visit(
                stops[0],
                outcome="contact",
                notes=longest,
                consent=True,
                follow_up={"kind": "call_back", "note": longest},
            ),
            visit(stops[1], outcome="contact", notes=longest + "x", consent=True),
            visit(
                stops[2],
                outcome="contact",
                consent=True,
                follow_up={"kind": "call_back", "note": longest + "x"},
            ),
        ],
    ).get_json()["results"]
    assert [r["status"] for r in results] == ["created", "rejected", "rejected"]
    assert "notes" in results[1]["errors"] and "follow_up" in results[2]["errors"]
    assert str(NOTE_MAX_LENGTH) in results[1]["errors"]["notes"]
    stored = db.session.get(Visit, results[0]["id"])
    assert stored.notes == longest
    # The columns and the API description hold exactly as much as the checks let through.
    assert Visit.__table__.c.notes.type.length == NOTE_MAX_LENGTH
    assert FollowUp.__table__.c.note.type.length == NOTE_MAX_LENGTH
    body = spec()["components"]["schemas"]
    assert _max_lengths(body, "notes") == {NOTE_MAX_LENGTH}
    assert _max_lengths(body, "note") == {NOTE_MAX_LENGTH}


def _max_lengths(node, name: str) -> set[int]:
    """Every maxLength the API description gives a property called `name`."""
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict) and name in value:
                found.add(value[name].get("maxLength"))
            found |= _max_lengths(value, name)
    elif isinstance(node, list):
        for item in node:
            found |= _max_lengths(item, name)
    return found


def test_contact_without_consent_keeps_only_outcome_and_packages(client, walked, db):
    route, stops = walked
    package = route.round.package_types[0]
    payload = visit(
        stops[0],
        outcome="contact",
        packages=[{"package_type_id": package.id, "quantity": 1}],
        interests=["swimming"],
        follow_up={"kind": "call_back", "note": "x"},
        notes="iets",
    )
    assert post(client, [payload]).get_json()["results"][0]["status"] == "created"
    stored = db.session.get(Visit, payload["id"])
    assert stored.interest_codes == [] and stored.notes == ""
    assert db.session.scalar(_db.select(_db.func.count()).select_from(FollowUp)) == 0
    assert db.session.scalar(_db.select(_db.func.count()).select_from(StockMovement)) == 1


def test_same_batch_twice_is_duplicate_and_changes_nothing(client, walked, db):
    _, stops = walked
    batch = [visit(stops[0]), visit(stops[1], outcome="refused")]
    first = post(client, batch).get_json()["results"]
    second = post(client, batch).get_json()["results"]
    assert [r["status"] for r in first] == ["created", "created"]
    assert [r["status"] for r in second] == ["duplicate", "duplicate"]
    assert [r["id"] for r in second] == [v["id"] for v in batch]
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Visit)) == 2
    db.session.refresh(stops[0])
    assert stops[0].attempts == 1


def test_same_id_twice_in_one_batch(client, walked, db):
    _, stops = walked
    payload = visit(stops[0])
    results = post(client, [payload, dict(payload)]).get_json()["results"]
    assert [r["status"] for r in results] == ["created", "duplicate"]
    db.session.refresh(stops[0])
    assert stops[0].attempts == 1


def test_bad_visits_never_block_good_ones(client, walked, db):
    route, stops = walked
    batch = [
        visit(stops[0]),
        visit(stops[1], outcome="gone_fishing"),
        visit(stops[1], id="not-a-uuid"),
        visit(stops[2], occurred_at="yesterday"),
        visit(stops[2], interests=["unknown_code"], outcome="contact"),
        visit(stops[2], outcome="contact", packages=[{"package_type_id": 999999, "quantity": 1}]),
        visit(
            stops[2],
            outcome="contact",
            packages=[{"package_type_id": route.round.package_types[0].id, "quantity": 21}],
        ),
        visit(stops[2], notes="x" * 501),
        visit(stops[2], interests=["swimming"]),
        "not an object",
        visit(stops[2], outcome="no_access"),
    ]
    results = post(client, batch).get_json()["results"]
    assert [r["status"] for r in results] == ["created"] + ["rejected"] * 9 + ["created"]
    assert "outcome" in results[1]["errors"]
    assert "id" in results[2]["errors"]
    assert "occurred_at" in results[3]["errors"]
    assert "interests" in results[4]["errors"]
    assert "packages" in results[5]["errors"] and "packages" in results[6]["errors"]
    assert "notes" in results[7]["errors"]
    assert "interests" in results[8]["errors"]  # only with a contact
    # Something in the visit itself: the worker can correct it.
    assert {r["reason"] for r in results[1:10]} == {"invalid"}
    assert not any(r["kept"] for r in results[1:10])
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Visit)) == 2


def test_another_workers_stop_and_a_missing_stop_answer_the_same(client, walked, db):
    other = factories.user("worker")
    _, other_stops = factories.walked_route(other)
    db.session.commit()
    same_id = str(uuid.uuid4())
    theirs = post(client, [visit(other_stops[0], id=same_id)]).get_json()
    missing = post(client, [visit(987654321, id=same_id)]).get_json()
    assert theirs == missing
    assert theirs["results"][0]["status"] == "rejected"
    assert list(theirs["results"][0]["errors"]) == ["stop_id"]
    # Even a payload with errors that need the round answers the same.
    bad_package = [{"package_type_id": 5, "quantity": 1}]
    theirs = post(client, [visit(other_stops[0], id=same_id, packages=bad_package)])
    missing = post(client, [visit(987654321, id=same_id, packages=bad_package)])
    assert theirs.get_json() == missing.get_json()


def test_stop_of_a_closed_round_is_rejected(client, walked, db):
    route, stops = walked
    route.round.status = "closed"
    db.session.commit()
    (result,) = post(client, [visit(stops[0])]).get_json()["results"]
    assert result["status"] == "rejected" and "stop_id" in result["errors"]


def test_not_home_closes_after_the_rounds_maximum(client, worker, db):
    route, stops = factories.walked_route(worker, n_stops=1, max_attempts=2)
    db.session.commit()
    post(client, [visit(stops[0], occurred_at=now_iso(hours=-2))])
    db.session.refresh(stops[0])
    assert stops[0].closed is False
    post(client, [visit(stops[0], occurred_at=now_iso(hours=-1))])
    db.session.refresh(stops[0])
    assert (stops[0].status, stops[0].attempts, stops[0].closed) == ("not_home", 2, True)


def test_status_follows_the_latest_visit_even_when_it_arrives_first(client, walked, db):
    _, stops = walked
    post(client, [visit(stops[0], outcome="no_access", occurred_at=now_iso(hours=-1))])
    post(client, [visit(stops[0], outcome="not_home", occurred_at=now_iso(hours=-3))])
    db.session.refresh(stops[0])
    assert (stops[0].status, stops[0].attempts) == ("no_access", 2)


def test_malformed_body_is_400(client, worker):
    for body in ({"visits": "nope"}, [1, 2], {"nothing": []}):
        response = client.post("/api/v1/visits", json=body)
        assert response.status_code == 400
        assert_matches_spec("/visits", "post", response)
    response = client.post("/api/v1/visits", data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_more_than_100_visits_is_422_with_a_clear_message(client, walked):
    _, stops = walked
    response = client.post("/api/v1/visits", json={"visits": [visit(stops[0])] * 101})
    assert response.status_code == 422
    assert "100" in response.get_json()["error"]["message"]
    assert_matches_spec("/visits", "post", response)


def test_visit_logged_is_audited_with_ids_only(client, walked, db):
    from app.audit.models import AuditEvent

    _, stops = walked
    payload = visit(stops[0], notes="geheim")
    post(client, [payload])
    event = db.session.scalar(_db.select(AuditEvent).where(AuditEvent.action == "visit_logged"))
    assert event.object_id == payload["id"]
    assert "geheim" not in str(event.detail)


# --- CSRF ------------------------------------------------------------------------------------


def test_csrf_is_enforced_and_the_pages_meta_token_works(app, db, walked, worker):
    _, stops = walked
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = factories.login_id(worker)
            session["_fresh"] = True
        body = {"visits": [visit(stops[0])]}
        refused = client.post("/api/v1/visits", json=body)
        assert refused.status_code == 400
        assert refused.get_json()["error"]["code"] == "csrf"
        page = client.get("/vandaag").get_data(as_text=True)
        token = page.split('name="csrf-token" content="')[1].split('"')[0]
        accepted = client.post("/api/v1/visits", json=body, headers={"X-CSRFToken": token})
        assert accepted.status_code == 200
        assert accepted.get_json()["results"][0]["status"] == "created"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


# --- concurrency -----------------------------------------------------------------------------


def test_concurrent_duplicates_land_once(app, db, walked, worker):
    """Two requests with the same id at the same moment: the database lets exactly one in.

    Runs on the suite's database: a SQLite file, or PostgreSQL when TEST_DATABASE_URL is set.
    """
    _, stops = walked
    payload = visit(stops[0])
    login_id = factories.login_id(worker)
    barrier = threading.Barrier(4)
    statuses, failures = [], []

    def send():
        try:
            client = app.test_client()
            with app.app_context():
                with client.session_transaction() as session:
                    session["_user_id"] = login_id
                    session["_fresh"] = True
                barrier.wait()
                response = client.post("/api/v1/visits", json={"visits": [payload]})
                statuses.append(response.get_json()["results"][0]["status"])
                _db.session.remove()
        except Exception as error:  # noqa: BLE001  (reported below)
            failures.append(error)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(statuses) == ["created", "duplicate", "duplicate", "duplicate"]
    db.session.expire_all()
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Visit)) == 1
    assert db.session.get(type(stops[0]), stops[0].id).attempts == 1


def test_interest_rows_are_counted_per_code(client, walked, db):
    _, stops = walked
    post(client, [visit(stops[0], outcome="contact", interests=["play", "play"], consent=True)])
    codes = db.session.scalars(_db.select(VisitInterest.code)).all()
    assert codes == ["play"]


def test_a_yes_at_the_door_counts_for_the_later_visits_of_the_same_batch(client, walked, db):
    # A batch is written together, but in the order the visits came.
    _, stops = walked
    first = visit(stops[0], outcome="contact", consent=True, occurred_at=now_iso(minutes=-5))
    later = visit(stops[0], outcome="contact", interests=["swimming"], notes="Komt terug")
    results = post(client, [first, later]).get_json()["results"]
    assert [r["status"] for r in results] == ["created", "created"]
    stored = db.session.get(Visit, later["id"])
    assert [i.code for i in stored.interests] == ["swimming"] and stored.notes == "Komt terug"
    db.session.refresh(stops[0])
    assert (stops[0].status, stops[0].attempts) == ("contact", 2)


def test_an_id_stored_by_another_request_meanwhile_is_a_duplicate_and_the_rest_lands(
    client, walked, db, monkeypatch
):
    # Another request stores one of the batch's ids after the batch looked for them (a race on
    # PostgreSQL): the primary key refuses the batch's INSERT, and the batch is stored again
    # visit by visit, with that one visit as the duplicate.
    from app.visits import services

    _, stops = walked
    raced = visit(stops[0])
    assert post(client, [raced]).get_json()["results"][0]["status"] == "created"
    looked = []
    real = services._stored_ids

    def missed_it(payloads):
        looked.append(1)
        return set() if len(looked) == 1 else real(payloads)

    monkeypatch.setattr(services, "_stored_ids", missed_it)
    others = [visit(stops[1]), visit(stops[2], outcome="refused")]
    results = post(client, [others[0], raced, others[1]]).get_json()["results"]
    assert len(looked) == 2  # the batch was tried together, then again one by one
    assert [r["status"] for r in results] == ["created", "duplicate", "created"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Visit)) == 3
    db.session.refresh(stops[2])
    assert stops[2].status == "refused"
