"""Data rights: find a household by address, see and export everything about it, erase it."""

import json
import uuid
from datetime import UTC, datetime, timedelta

from app.models import AuditEvent, FollowUp, Household, StockMovement, Stop, Visit
from app.visits.models import VisitInterest
from app.visits.services import log_visits
from tests import factories


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def a_family_with_history(db):
    """A household visited once with consent: interests, a note, a follow-up and a package."""
    worker = factories.user("worker")
    route, stops = factories.walked_route(worker, n_stops=2)
    household = stops[0].household
    household.street, household.number = "Wondelgemstraat", "14"
    package = route.round.package_types[0]
    factories.stock_movement(organisation=worker.organisation, package_type=package, quantity=30)
    db.session.commit()
    visit_id = str(uuid.uuid4())
    payload = {
        "id": visit_id,
        "stop_id": stops[0].id,
        "occurred_at": (datetime.now(UTC) - timedelta(minutes=3)).isoformat(),
        "outcome": "contact",
        "packages": [{"package_type_id": package.id, "quantity": 2}],
        "interests": ["camp"],
        "follow_up": {"kind": "call_back", "note": "Bellen na 17 uur"},
        "notes": "Oudste speelt voetbal",
        "consent": True,
    }
    (result,) = log_visits(worker, [payload])
    assert result["status"] == "created"
    return household, stops, visit_id, worker


def test_find_by_address_shows_everything_and_audits_the_view(client, db, login_as):
    household, _, visit_id, _ = a_family_with_history(db)
    factories.household(street="Andere straat", number="3")
    db.session.commit()
    login_as("coordinator")
    found = client.get("/privacy/huishoudens?q=wondelgemstraat 14").get_data(as_text=True)
    assert f"/privacy/huishoudens/{household.id}" in found and "Andere straat" not in found
    none = client.get("/privacy/huishoudens?q=Nergensstraat").get_data(as_text=True)
    assert "Geen huishouden gevonden" in none
    # Typed wildcards are taken literally.
    assert "Wondelgemstraat" not in client.get("/privacy/huishoudens?q=%25%25").get_data(
        as_text=True
    )

    page = client.get(f"/privacy/huishoudens/{household.id}").get_data(as_text=True)
    for seen in (
        "Wondelgemstraat 14",
        "Oudste speelt voetbal",
        "Bellen na 17 uur",
        "visit_logged",
        "2 × pakkettype",
    ):
        assert seen in page
    viewed = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "household_viewed")
    ).all()
    assert [(e.object_type, e.object_id) for e in viewed] == [("household", str(household.id))]


def test_export_is_a_json_download_with_every_part_and_is_audited(client, db, login_as):
    household, stops, visit_id, _ = a_family_with_history(db)
    login_as("admin")
    response = client.get(f"/privacy/huishoudens/{household.id}.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["household"]["street"] == "Wondelgemstraat"
    assert "position_source" in data["household"]  # where its position came from, too
    assert [s["id"] for s in data["stops"]] == [stops[0].id]
    assert data["visits"][0]["id"] == visit_id and data["visits"][0]["interests"] == ["camp"]
    assert data["visits"][0]["notes"] == "Oudste speelt voetbal"
    assert data["follow_ups"][0]["note"] == "Bellen na 17 uur"
    assert data["stock_movements"][0]["quantity"] == -2
    assert {e["action"] for e in data["audit_events"]} >= {"visit_logged"}
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "household_exported")
    )
    assert event.object_id == str(household.id)
    assert "Wondelgem" not in json.dumps(event.detail)


def test_erase_needs_confirmation_then_removes_everything_but_the_stock(client, db, login_as):
    household, stops, visit_id, worker = a_family_with_history(db)
    neighbour = stops[1].household
    stock_before = db.session.scalar(db.select(db.func.sum(StockMovement.quantity)))
    login_as("coordinator")
    page = client.get(f"/privacy/huishoudens/{household.id}/wissen").get_data(as_text=True)
    assert "1 bezoeken" in page and "definitief" in page
    unconfirmed = client.post(f"/privacy/huishoudens/{household.id}/wissen", data={})
    assert unconfirmed.status_code == 422
    assert db.session.get(Household, household.id) is not None

    done = client.post(f"/privacy/huishoudens/{household.id}/wissen", data={"confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Household, household.id) is None
    assert db.session.get(Visit, visit_id) is None
    assert count(db, VisitInterest) == 0 and count(db, FollowUp) == 0
    assert db.session.scalars(db.select(Stop.household_id)).all() == [neighbour.id]
    # The packages really left the shelf: the stock stays right, without a link to the family.
    assert db.session.scalar(db.select(db.func.sum(StockMovement.quantity))) == stock_before
    assert db.session.scalars(db.select(StockMovement.visit_id)).all() == [None, None]
    erased = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "household_erased"))
    assert erased.object_id == str(household.id) and erased.detail["visit_ids"] == [visit_id]
    assert "voetbal" not in json.dumps(erased.detail)
    assert client.get(f"/privacy/huishoudens/{household.id}").status_code == 404


def test_workers_and_providers_have_no_data_rights_pages(client, db, login_as):
    household, *_ = a_family_with_history(db)
    for role in ("worker", "provider"):
        login_as(role)
        assert client.get("/privacy/huishoudens?q=Wondelgem").status_code == 403
        assert (
            client.post(
                f"/privacy/huishoudens/{household.id}/wissen", data={"confirm": "y"}
            ).status_code
            == 403
        )
    assert db.session.get(Household, household.id) is not None


def test_pages_that_listed_the_household_are_among_its_events(client, db, login_as, app):
    """A route or a search names every household it showed; the family sees those views too."""
    household, stops, _, worker = a_family_with_history(db)
    neighbour = stops[1].household
    login_as(worker)
    assert client.get(f"/routes/{stops[0].route_id}").status_code == 200
    login_as("coordinator")
    client.get("/privacy/huishoudens?q=wondelgemstraat")  # lists only the family
    page = client.get(f"/privacy/huishoudens/{household.id}").get_data(as_text=True)
    assert "route_viewed" in page and "households_listed" in page
    assert "#None" not in page
    data = client.get(f"/privacy/huishoudens/{household.id}.json").get_json()
    route_views = [e for e in data["audit_events"] if e["action"] == "route_viewed"]
    assert len(route_views) == 1 and route_views[0]["user_id"] == worker.id
    assert route_views[0]["detail"]["ids"] == [household.id]  # not the neighbours' ids
    neighbours = client.get(f"/privacy/huishoudens/{neighbour.id}.json").get_json()
    assert "households_listed" not in {e["action"] for e in neighbours["audit_events"]}
    assert "route_viewed" in {e["action"] for e in neighbours["audit_events"]}
    login_as("admin")
    found = client.get(f"/beheer/audit?object_type=household&object_id={household.id}")
    # (the audit page lets codes wrap after an underscore with <wbr>)
    assert "route_viewed" in found.get_data(as_text=True).replace("<wbr>", "").split("<table", 1)[1]
