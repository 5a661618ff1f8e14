"""Rounds for coordinators: plan, add households, cut into routes, edit routes, print; demo data."""

import datetime as dt
import io
import uuid

import pytest

from app import clock
from app.extensions import db as _db
from app.rounds.models import Round, Route, Stop
from app.visits.models import Visit
from tests import factories


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


def round_with_stops(streets: dict[str, int], **kw):
    round_ = factories.visit_round(**kw)
    for street, count in streets.items():
        for number in range(1, count + 1):
            factories.stop(
                round_=round_, household=factories.household(street=street, number=str(number))
            )
    return round_


def log_visit(stop, worker=None):
    _db.session.add(
        Visit(
            id=str(uuid.uuid4()),
            stop_id=stop.id,
            household_id=stop.household_id,
            round_id=stop.round_id,
            worker_id=getattr(worker, "id", None),
            occurred_at=dt.datetime.now(),
            outcome="not_home",
        )
    )
    _db.session.commit()


# --- access ----------------------------------------------------------------------------------


def test_workers_and_anonymous_cannot_plan_rounds(client, login_as):
    assert client.get("/rondes").status_code == 302
    login_as("worker")
    assert client.get("/rondes").status_code == 403


# --- list, create, edit, status --------------------------------------------------------------


def test_list_filters_by_status_and_pages(client, coordinator, db):
    for n in range(22):
        factories.visit_round(name=f"Actief {n:02}", status="active")
    factories.visit_round(name="Nog een ontwerp", status="draft")
    db.session.commit()
    html = client.get("/rondes?status=draft").get_data(as_text=True)
    assert "Nog een ontwerp" in html and "Actief 01" not in html
    first = client.get("/rondes?status=active").get_data(as_text=True)
    assert "Pagina 1 van 2" in first


def test_empty_list_invites_to_plan(client, coordinator):
    assert "Nog geen rondes" in client.get("/rondes").get_data(as_text=True)


def test_create_a_round(client, coordinator, db):
    package = factories.package_type(name="Zomerpakket")
    db.session.commit()
    response = client.post(
        "/rondes/nieuw",
        data={
            "name": "Zomer Brugse Poort",
            "start_date": "2027-06-20",
            "end_date": "2027-07-10",
            "wijken": ["4", "9"],
            "package_types": [str(package.id)],
            "max_attempts": "2",
        },
    )
    assert response.status_code == 302
    round_ = db.session.scalar(_db.select(Round))
    assert (round_.name, round_.status, round_.max_attempts) == ("Zomer Brugse Poort", "draft", 2)
    assert [w.number for w in round_.wijken] == [4, 9]
    assert [p.name for p in round_.package_types] == ["Zomerpakket"]


def test_a_rejected_round_answers_422_and_keeps_what_was_typed(client, coordinator):
    response = client.post(
        "/rondes/nieuw",
        data={"name": "Te vroeg gedaan", "start_date": "2027-07-10", "end_date": "2027-06-01"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Te vroeg gedaan" in html
    assert "Het einde ligt voor het begin." in html and "Kies minstens één wijk." in html


def test_activate_and_close_need_confirmation(client, coordinator, db):
    round_ = factories.visit_round(status="draft")
    db.session.commit()
    page = client.get(f"/rondes/{round_.id}/status/active")
    assert "starten?" in page.get_data(as_text=True)
    assert db.session.get(Round, round_.id).status == "draft"
    client.post(f"/rondes/{round_.id}/status/active")
    assert db.session.get(Round, round_.id).status == "active"
    client.post(f"/rondes/{round_.id}/status/closed")
    closed = db.session.get(Round, round_.id)
    assert closed.status == "closed" and closed.closed_at is not None
    client.post(f"/rondes/{round_.id}/status/active")  # a closed round stays closed
    assert db.session.get(Round, round_.id).status == "closed"


# --- households --------------------------------------------------------------------------------


def test_add_by_wijk_never_adds_do_not_visit(client, coordinator, db):
    round_ = factories.visit_round()
    factories.household(wijk_number=4)
    factories.household(wijk_number=4)
    factories.household(wijk_number=4, do_not_visit=True)
    factories.household(wijk_number=9)
    db.session.commit()
    page = client.post(
        f"/rondes/{round_.id}/adressen",
        data={"how": "wijk", "wijk-wijk": "4"},
        follow_redirects=True,
    )
    assert "2 adressen toegevoegd" in page.get_data(as_text=True)
    again = client.post(
        f"/rondes/{round_.id}/adressen",
        data={"how": "wijk", "wijk-wijk": "4"},
        follow_redirects=True,
    )
    assert "0 adressen toegevoegd" in again.get_data(as_text=True)


def test_add_by_partner(client, coordinator, db):
    round_ = factories.visit_round()
    partner = factories.organisation(name="Buurtwerk X")
    factories.household(partner_organisation_id=partner.id)
    factories.household()
    db.session.commit()
    client.post(
        f"/rondes/{round_.id}/adressen", data={"how": "partner", "partner-partner": str(partner.id)}
    )
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Stop)) == 1


def test_hand_pick_by_searching_an_address(client, coordinator, db):
    round_ = factories.visit_round()
    wanted = factories.household(street="Linnenstraat", number="14")
    factories.household(street="Reinaertstraat", number="3")
    factories.household(street="Linnenstraat", number="16", do_not_visit=True)
    db.session.commit()
    html = client.get(f"/rondes/{round_.id}/adressen/zoeken?q=linnen").get_data(as_text=True)
    assert "Linnenstraat 14" in html and "Reinaertstraat" not in html
    assert "Linnenstraat 16" not in html
    client.post(
        f"/rondes/{round_.id}/adressen", data={"how": "pick", "household": [str(wanted.id)]}
    )
    assert db.session.scalar(_db.select(Stop.household_id)) == wanted.id


def test_remove_a_stop_after_confirmation_but_never_one_with_visits(client, coordinator, db):
    round_with_stops({"Linnenstraat": 2})
    first, second = round_stops = db.session.scalars(_db.select(Stop)).all()
    db.session.commit()
    assert "uit de ronde halen?" in client.get(f"/rondes/stops/{first.id}/verwijderen").get_data(
        as_text=True
    )
    client.post(f"/rondes/stops/{first.id}/verwijderen")
    assert db.session.get(Stop, first.id) is None
    log_visit(second)
    page = client.post(f"/rondes/stops/{second.id}/verwijderen", follow_redirects=True)
    assert "al een bezoek" in page.get_data(as_text=True)
    assert db.session.get(Stop, round_stops[1].id) is not None


# --- cutting and editing routes -----------------------------------------------------------------


def test_cut_into_balanced_routes_keeping_streets_together(client, coordinator, db):
    round_ = round_with_stops({"Acaciastraat": 6, "Linnenstraat": 6, "Reinaertstraat": 6})
    db.session.commit()
    page = client.post(f"/rondes/{round_.id}/verdelen", data={"routes": "3"}, follow_redirects=True)
    assert "Verdeeld in 3 routes" in page.get_data(as_text=True)
    routes = db.session.scalars(_db.select(Route).order_by(Route.id)).all()
    assert [len(r.stops) for r in routes] == [6, 6, 6]
    for route in routes:
        assert len({s.household.street for s in route.stops}) == 1
        # Walking order: odd numbers up, then even numbers down.
        assert [s.household.number for s in route.stops] == ["1", "3", "5", "6", "4", "2"]
        assert [s.position for s in route.stops] == [1, 2, 3, 4, 5, 6]


def test_recut_needs_consent_to_replace_and_is_refused_once_visited(client, coordinator, db):
    round_ = round_with_stops({"Acaciastraat": 4, "Linnenstraat": 4})
    db.session.commit()
    client.post(f"/rondes/{round_.id}/verdelen", data={"routes": "2"})
    page = client.post(f"/rondes/{round_.id}/verdelen", data={"routes": "1"}, follow_redirects=True)
    assert "vervangen" in page.get_data(as_text=True)
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Route)) == 2
    client.post(f"/rondes/{round_.id}/verdelen", data={"routes": "1", "replace": "y"})
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Route)) == 1
    log_visit(db.session.scalars(_db.select(Stop)).first())
    page = client.post(
        f"/rondes/{round_.id}/verdelen", data={"routes": "2", "replace": "y"}, follow_redirects=True
    )
    assert "al bezoeken gelogd" in page.get_data(as_text=True)
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Route)) == 1
    assert db.session.scalar(_db.select(_db.func.count()).select_from(Visit)) == 1


def test_addresses_without_a_position_are_counted_and_walked_beside_their_neighbours(
    client, coordinator, db
):
    from app.addresses import locate

    round_ = factories.visit_round()
    lost = {205, 212, 216}
    for number in range(201, 221):
        found = locate("Hundelgemsesteenweg", str(number), "9050", online=False)
        factories.stop(
            round_=round_,
            household=factories.household(
                street="Hundelgemsesteenweg",
                number=str(number),
                postcode="9050",
                wijk_number=18,
                lat=None if number in lost else found.lat,
                lon=None if number in lost else found.lon,
            ),
        )
    db.session.commit()
    page = client.get(f"/rondes/{round_.id}").get_data(as_text=True)
    assert "3 adressen zonder positie" in page
    client.post(f"/rondes/{round_.id}/verdelen", data={"routes": "1"})
    walk = [s.household for s in db.session.scalar(_db.select(Route)).stops]
    numbers = [h.number_sort for h in walk]
    # The positioned doors are walked by position (each side of the street in turn, numbers
    # in order); each lost door is next to the nearest number on its own side.
    for number in lost:
        index = numbers.index(number)
        assert {numbers[index - 1], numbers[index + 1]} == {number - 2, number + 2}
    assert sorted(numbers) == list(range(201, 221))


def test_routes_stay_inside_their_wijk(client, coordinator, db):
    round_ = factories.visit_round()
    for number in range(1, 5):
        factories.stop(
            round_=round_,
            household=factories.household(street="Linnenstraat", number=str(number), wijk_number=4),
        )
        factories.stop(
            round_=round_,
            household=factories.household(street="Biest", number=str(number), wijk_number=14),
        )
    db.session.commit()
    client.post(f"/rondes/{round_.id}/verdelen", data={"routes": "2"})
    for route in db.session.scalars(_db.select(Route)):
        assert len({s.household.wijk_number for s in route.stops}) == 1


def test_move_reorder_rename_and_assign(client, coordinator, db):
    round_ = round_with_stops({"Acaciastraat": 3, "Linnenstraat": 3})
    worker = factories.user("worker", name="Wout")
    other = factories.user("worker", name="Wiet")
    db.session.commit()
    client.post(f"/rondes/{round_.id}/verdelen", data={"routes": "2"})
    first, second = db.session.scalars(_db.select(Route).order_by(Route.id)).all()
    moving = first.stops[0]
    client.post(f"/rondes/stops/{moving.id}/verplaatsen", data={"route_id": str(second.id)})
    db.session.expire_all()
    assert [s.position for s in first.stops] == [1, 2]
    assert second.stops[-1].id == moving.id and second.stops[-1].position == 4
    last = second.stops[-1]
    client.post(f"/rondes/stops/{last.id}/verplaatsen", data={"direction": "up"})
    db.session.expire_all()
    assert second.stops[2].id == last.id
    response = client.post(
        f"/rondes/routes/{second.id}",
        data={
            "name": "Linnen",
            "date": "2027-07-01",
            "worker_1": str(worker.id),
            "worker_2": str(other.id),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert second.name == "Linnen" and second.date == dt.date(2027, 7, 1)
    assert sorted(w.name for w in second.workers) == ["Wiet", "Wout"]


def test_the_same_worker_twice_is_refused(client, coordinator, db):
    route = factories.route()
    worker = factories.user("worker")
    db.session.commit()
    response = client.post(
        f"/rondes/routes/{route.id}",
        data={"name": "R", "date": "", "worker_1": str(worker.id), "worker_2": str(worker.id)},
    )
    assert response.status_code == 422
    assert "twee verschillende" in response.get_data(as_text=True)


def test_round_page_shows_routes_and_unrouted_stops(client, coordinator, db):
    round_ = round_with_stops({"Acaciastraat": 2})
    db.session.commit()
    html = client.get(f"/rondes/{round_.id}").get_data(as_text=True)
    assert "Nog niet op een route (2)" in html and "Acaciastraat 1" in html


# --- walk sheet --------------------------------------------------------------------------------


def test_walk_sheet_lists_stops_with_outcome_boxes(client, coordinator, db):
    worker = factories.user("worker", name="Wout Stoep")
    route = factories.route(name="Route Linnen", workers=[worker])
    for n in (1, 2):
        factories.stop(route, household=factories.household(street="Linnenstraat", number=str(n)))
    db.session.commit()
    html = client.get(f"/rondes/routes/{route.id}/looplijst").get_data(as_text=True)
    for text in (
        "Route Linnen",
        "Wout Stoep",
        route.round.name,
        "Linnenstraat 1",
        "Linnenstraat 2",
        "Niet thuis",
        "Geweigerd",
        "Geen toegang",
        "Flyer",
        "Notities",
    ):
        assert text in html
    assert html.count("☐") == 12


def test_walk_sheet_pdf(client, coordinator, db):
    from pypdf import PdfReader

    route = factories.route(name="Route Linnen")
    factories.stop(route, household=factories.household(street="Linnenstraat", number="7"))
    db.session.commit()
    response = client.get(f"/rondes/routes/{route.id}/looplijst.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Route Linnen" in text and "Linnenstraat 7" in text and "Niet thuis" in text


# --- demo data --------------------------------------------------------------------------------


def test_demo_data_is_idempotent_and_gives_each_worker_a_route_today(app, db, around_midnight):
    from app.auth.models import User
    from app.demo import seed_demo
    from app.households.models import Household
    from app.rounds.queries import routes_for_worker

    seed_demo()
    counts = lambda: [  # noqa: E731
        db.session.scalar(_db.select(_db.func.count()).select_from(model))
        for model in (Household, Round, Route, Stop)
    ]
    first = counts()
    seed_demo()
    assert counts() == first
    households, _, _, _ = first
    # One active round (contract §2); the reports add a closed, walked one for the gap analysis.
    active = db.session.scalar(
        _db.select(_db.func.count()).select_from(Round).where(Round.status == "active")
    )
    assert households >= 200 and active == 1
    assert len({h.wijk_number for h in db.session.scalars(_db.select(Household))}) >= 3
    for email in ("worker@demo.gent", "worker2@demo.gent"):
        user = db.session.scalar(_db.select(User).where(User.email == email))
        (route,) = routes_for_worker(user, clock.today())
        assert len(route.stops) >= 10 and all(s.status == "open" for s in route.stops)


def test_demo_rerun_on_a_later_day_moves_an_unvisited_route_to_today(app, db, around_midnight):
    from app.demo import seed_demo

    seed_demo()
    today = clock.today()
    for route in db.session.scalars(_db.select(Route).where(Route.date == today)):
        route.date = today - dt.timedelta(days=3)  # as if the demo was seeded three days ago
    db.session.commit()
    seed_demo()
    assert (
        db.session.scalar(
            _db.select(_db.func.count()).select_from(Route).where(Route.date == today)
        )
        == 2
    )
