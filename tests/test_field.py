"""The worker's phone pages: today, a route, one-tap outcomes, several at once, the contact form."""

import datetime as dt
import re
import uuid

import pytest

from app.extensions import db as _db
from app.households.models import Household
from app.stock.models import StockMovement
from app.visits.models import Visit
from tests import factories


@pytest.fixture
def worker(login_as):
    return login_as("worker")


@pytest.fixture
def walked(worker, db):
    route, stops = factories.walked_route(worker, n_stops=3)
    db.session.commit()
    return route, stops


def visit_ids(html: str) -> list[str]:
    return re.findall(r'name="visit_id"[^>]*?value="([0-9a-f-]{36})"', html)


def test_worker_lands_on_today_with_links_named_after_routes(client, walked):
    route, _ = walked
    response = client.get("/", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "<h1>Vandaag</h1>" in html
    assert f">{route.name}</a>" in html
    assert "0 / 3 bezocht" in html


def test_today_lists_the_coming_week_with_walk_sheets(client, walked, worker, db):
    import datetime as dt

    from app import clock

    route, _ = walked
    later = factories.route(
        route.round, workers=[worker], name="Route Later", date=clock.today() + dt.timedelta(days=7)
    )
    factories.route(
        route.round,
        workers=[worker],
        name="Route Te Laat",
        date=clock.today() + dt.timedelta(days=8),
    )
    db.session.commit()
    html = client.get("/vandaag").get_data(as_text=True)
    assert "De komende 7 dagen" in html
    assert f'href="/routes/{later.id}"' in html and "Route Later" in html
    assert "Route Te Laat" not in html
    assert f'href="/routes/{later.id}/looplijst"' in html
    assert f'href="/routes/{route.id}/looplijst"' in html


def test_today_without_routes_says_so(client, worker):
    html = client.get("/vandaag").get_data(as_text=True)
    assert "geen route" in html


def test_route_page_lists_stops_in_walking_order_with_one_tap_buttons(client, walked):
    route, stops = walked
    html = client.get(f"/routes/{route.id}").get_data(as_text=True)
    addresses = [s.household.address_line for s in stops]
    assert [html.index(a) for a in addresses] == sorted(html.index(a) for a in addresses)
    assert html.count('value="not_home" class="button tap">Niet thuis</button>') == 3
    assert "0 / 3" in html
    assert len(set(visit_ids(html))) == 3  # every form has its own fresh UUID


def test_not_home_in_one_tap_updates_status_and_progress(client, walked, db):
    route, stops = walked
    html = client.get(f"/routes/{route.id}").get_data(as_text=True)
    form = {"visit_id": visit_ids(html)[0], "outcome": "not_home"}
    response = client.post(f"/stops/{stops[0].id}/bezoek", data=form, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Niet thuis bewaard" in page
    assert "1 / 3" in page
    assert "poging 1 van 3" in page
    db.session.refresh(stops[0])
    assert (stops[0].status, stops[0].closed) == ("not_home", False)
    # Still open: the stop keeps its "Niet thuis" button for the next attempt.
    assert page.count(">Niet thuis</button>") == 3


def test_a_double_tap_stores_one_visit_and_says_so(client, walked, db):
    route, stops = walked
    form = {"visit_id": str(uuid.uuid4()), "outcome": "refused"}
    client.post(f"/stops/{stops[0].id}/bezoek", data=form)
    again = client.post(f"/stops/{stops[0].id}/bezoek", data=form, follow_redirects=True)
    assert "al bewaard" in again.get_data(as_text=True)
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Visit)) == 1


def test_refused_closes_the_stop_and_removes_its_buttons(client, walked, db):
    route, stops = walked
    form = {"visit_id": str(uuid.uuid4()), "outcome": "refused"}
    page = client.post(f"/stops/{stops[0].id}/bezoek", data=form, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert html.count(">Niet thuis</button>") == 2
    assert "Geweigerd" in html and "afgerond" in html


def test_flyer_choice_is_remembered_per_route(client, walked, db):
    route, stops = walked
    client.post(f"/routes/{route.id}/flyer")
    assert "Flyer bij niet thuis: aan" in client.get(f"/routes/{route.id}").get_data(as_text=True)
    form = {"visit_id": str(uuid.uuid4()), "outcome": "not_home"}
    client.post(f"/stops/{stops[0].id}/bezoek", data=form)
    assert db.session.get(Visit, form["visit_id"]).flyer_left is True
    form = {"visit_id": str(uuid.uuid4()), "outcome": "not_home_no_flyer"}
    client.post(f"/stops/{stops[1].id}/bezoek", data=form)
    assert db.session.get(Visit, form["visit_id"]).flyer_left is False


def test_last_attempt_leaves_a_flyer_and_closes(client, worker, db):
    route, (stop,) = factories.walked_route(worker, n_stops=1, max_attempts=1)
    db.session.commit()
    form = {"visit_id": str(uuid.uuid4()), "outcome": "not_home"}
    client.post(f"/stops/{stop.id}/bezoek", data=form)
    assert db.session.get(Visit, form["visit_id"]).flyer_left is True
    db.session.refresh(stop)
    assert (stop.status, stop.closed) == ("not_home", True)


def test_several_stops_not_home_at_once(client, walked, db):
    route, stops = walked
    picks = [f"{s.id}:{uuid.uuid4()}" for s in stops[:2]]
    page = client.post(
        f"/routes/{route.id}/niet-thuis", data={"visit": picks}, follow_redirects=True
    )
    assert "2 adressen" in page.get_data(as_text=True)
    again = client.post(
        f"/routes/{route.id}/niet-thuis", data={"visit": picks}, follow_redirects=True
    )
    assert "2 waren al bewaard" in again.get_data(as_text=True)
    # Not also "bewaard voor 0 adressen": the answer is the duplicate one only.
    assert "voor 0 adressen" not in again.get_data(as_text=True)
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Visit)) == 2


def test_nothing_picked_says_what_to_do(client, walked):
    route, _ = walked
    page = client.post(f"/routes/{route.id}/niet-thuis", data={}, follow_redirects=True)
    assert "Vink eerst de adressen aan" in page.get_data(as_text=True)


def test_contact_form_prefills_the_rounds_package(client, walked):
    route, stops = walked
    package = route.round.package_types[0]
    html = client.get(f"/stops/{stops[0].id}/contact").get_data(as_text=True)
    assert f'<input checked id="package_{package.id}"' in html
    assert f'name="quantity_{package.id}"' in html and 'value="1"' in html
    assert len(visit_ids(html)) == 1


def test_contact_with_default_package_and_two_interests(client, worker, walked, db):
    route, stops = walked
    stops[0].household.consent = "given"
    db.session.commit()
    package = route.round.package_types[0]
    html = client.get(f"/stops/{stops[0].id}/contact").get_data(as_text=True)
    form = {
        "visit_id": visit_ids(html)[0],
        f"package_{package.id}": "y",
        f"quantity_{package.id}": "1",
        "consent": "y",
        "interests": ["swimming", "play"],
    }
    page = client.post(f"/stops/{stops[0].id}/contact", data=form, follow_redirects=True)
    assert "Contact bewaard" in page.get_data(as_text=True)
    stored = db.session.get(Visit, form["visit_id"])
    assert stored.outcome == "contact" and sorted(stored.interest_codes) == ["play", "swimming"]
    movement = db.session.scalar(_db.select(StockMovement))
    assert (movement.package_type_id, movement.quantity) == (package.id, -1)
    resent = client.post(f"/stops/{stops[0].id}/contact", data=form, follow_redirects=True)
    assert "al bewaard" in resent.get_data(as_text=True)
    # Sent twice (a double click without JavaScript): one contact, one stock movement.
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Visit)) == 1
    assert db.session.scalar(_db.select(_db.func.count()).select_from(StockMovement)) == 1


def test_interests_without_consent_are_refused_and_kept_in_the_form(client, walked, db):
    route, stops = walked
    form = {"visit_id": str(uuid.uuid4()), "interests": ["swimming"], "notes": "hallo"}
    response = client.post(f"/stops/{stops[0].id}/contact", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Zonder akkoord" in html and "hallo" in html
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Visit)) == 0


def test_consent_given_is_stored_on_the_household(client, walked, db):
    route, stops = walked
    form = {"visit_id": str(uuid.uuid4()), "consent": "y", "interests": ["camp"]}
    client.post(f"/stops/{stops[0].id}/contact", data=form)
    assert db.session.get(Household, stops[0].household_id).consent == "given"


def test_contact_without_anything_but_consent_off_stores_outcome_only(client, walked, db):
    route, stops = walked
    form = {"visit_id": str(uuid.uuid4())}
    client.post(f"/stops/{stops[0].id}/contact", data=form)
    assert db.session.get(Visit, form["visit_id"]).outcome == "contact"


@pytest.mark.parametrize("path", ["/routes/{route}", "/stops/{stop}/contact"])
def test_other_workers_route_and_missing_ones_are_the_same_404(client, worker, db, path):
    other = factories.user("worker")
    route, stops = factories.walked_route(other)
    db.session.commit()
    theirs = client.get(path.format(route=route.id, stop=stops[0].id))
    missing = client.get(path.format(route=987654, stop=987654))
    assert theirs.status_code == missing.status_code == 404
    posted = client.post(f"/stops/{stops[0].id}/bezoek", data={"visit_id": str(uuid.uuid4())})
    assert posted.status_code == 404


def test_routes_of_a_round_not_running_are_hidden(client, worker, db):
    route, stops = factories.walked_route(worker, status="closed")
    db.session.commit()
    assert client.get(f"/routes/{route.id}").status_code == 404
    assert route.name not in client.get("/vandaag").get_data(as_text=True)


def test_coordinator_cannot_use_the_phone_pages(client, login_as):
    login_as("coordinator")
    assert client.get("/vandaag").status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/vandaag")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_with_several_package_types_the_one_for_the_childrens_ages_is_ticked(client, worker, db):
    route, (stop,) = factories.walked_route(worker, n_stops=1, package_types=0)
    small = factories.package_type(name="Kleuter", age_band="3-5")
    big = factories.package_type(name="Lagere school", age_band="6-12")
    route.round.package_types = [small, big]
    stop.household.children_9_12 = 1
    db.session.commit()
    html = client.get(f"/stops/{stop.id}/contact").get_data(as_text=True)
    assert f'<input checked id="package_{big.id}"' in html
    assert f'<input id="package_{small.id}"' in html


def test_earlier_rounds_at_the_door_warn_only_when_they_ended_badly(client, walked, db):
    """Found trying the demo: 'Contact in Najaarsronde' was shown in the same red as a refusal."""
    route, stops = walked
    autumn = factories.visit_round(
        name="Najaarsronde",
        status="closed",
        start_date=route.round.start_date - dt.timedelta(days=60),
        end_date=route.round.start_date - dt.timedelta(days=30),
    )
    for stop, status in zip(stops, ("contact", "not_home", "refused"), strict=True):
        factories.stop(round_=autumn, household=stop.household, status=status, closed=True)
    db.session.commit()
    html = client.get(f"/routes/{route.id}").get_data(as_text=True)
    for status, said in (
        ("contact", "Contact in Najaarsronde"),
        ("not_home", "Niet thuis in Najaarsronde"),
        ("refused", "Geweigerd in Najaarsronde"),
    ):
        assert f'class="door-earlier door-earlier-{status}">{said}<' in html
