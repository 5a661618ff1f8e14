"""The round dashboard: per round and per route, in a constant number of queries."""

import uuid
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import event

from app.followups.models import FollowUp
from app.visits.services import log_visits
from tests import factories


def payload(stop, outcome="contact", **kw) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "stop_id": stop.id,
        "occurred_at": kw.pop("occurred_at", datetime.now(UTC).isoformat()),
        "outcome": outcome,
        "consent": True,
        "flyer_left": kw.pop("flyer_left", False),
        "packages": kw.pop("packages", []),
        "interests": kw.pop("interests", []),
        "info_given": [],
        "follow_up": kw.pop("follow_up", None),
        "notes": "",
    }


class RouteRows(HTMLParser):
    """The per-route table: {route name: {column label: cell text}}; a row is known by the first
    text of its Route cell (the name, before the date and the workers)."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.in_table = False
        self.cell: tuple[str, list[str]] | None = None
        self.row: dict[str, str] = {}
        self.name = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "route-tallies" in (attrs.get("class") or ""):
            self.in_table = True
        elif self.in_table and tag in ("td", "th") and attrs.get("data-label"):
            self.cell = (attrs["data-label"], [])
        elif self.in_table and tag == "tr":
            self.row = {}

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif self.cell and tag in ("td", "th"):
            label, parts = self.cell
            self.row[label] = " ".join("".join(parts).split())
            if label == "Route":
                self.name = parts[0].strip()
            self.cell = None
        elif self.in_table and tag == "tr" and "Route" in self.row:
            self.rows[self.name] = self.row

    def handle_data(self, data):
        if self.cell:
            self.cell[1].append(data)


def route_rows(html: str) -> dict[str, dict[str, str]]:
    parser = RouteRows()
    parser.feed(html)
    return parser.rows


def a_walked_round(db, stops_per_route=4, routes=2, tag=""):
    """A round with routes of one worker each; the first route's stops get varied visits."""
    org = factories.organisation(name=f"Buurtwerk Test{tag}")
    round_ = factories.visit_round(name=f"Zomerronde{tag}")
    ptype = factories.package_type(name=f"Zomerpakket kleuter{tag}")
    round_.package_types = [ptype]
    factories.stock_movement(organisation=org, package_type=ptype, quantity=50)
    workers, all_stops = [], []
    for r in range(routes):
        worker = factories.user("worker", organisation=org)
        route = factories.route(round_, workers=[worker], name=f"Route {r + 1}")
        stops = [factories.stop(route) for _ in range(stops_per_route)]
        workers.append(worker)
        all_stops.append(stops)
    db.session.commit()
    return round_, workers, all_stops, ptype


def visit_first_route(worker, stops, ptype):
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    results = log_visits(
        worker,
        [
            payload(stops[0], "not_home", occurred_at=yesterday, flyer_left=True),
            payload(
                stops[0],
                "contact",
                packages=[{"package_type_id": ptype.id, "quantity": 2}],
                interests=["sport", "swimming"],
                follow_up={"kind": "call_back", "note": "Bel over het kamp"},
            ),
            payload(stops[1], "refused", occurred_at=yesterday),
            payload(
                stops[2],
                "contact",
                interests=["sport"],
                flyer_left=True,
                packages=[{"package_type_id": ptype.id, "quantity": 1}],
            ),
        ],
    )
    assert {r["status"] for r in results} == {"created"}, results


def test_the_dashboard_shows_the_round_and_each_route(client, db, login_as):
    round_, workers, stops, ptype = a_walked_round(db)
    visit_first_route(workers[0], stops[0], ptype)
    followup = db.session.scalar(db.select(FollowUp))
    followup.status = "closed"
    db.session.commit()
    login_as("coordinator")
    html = client.get(f"/rondes/{round_.id}/dashboard").get_data(as_text=True)
    assert "Dashboard: Zomerronde" in html
    whole = html.split("<h2>De hele ronde</h2>", 1)[1].split("<h2", 1)[0]
    assert "<dt>Adressen gepland</dt><dd>8</dd>" in whole
    assert "<dt>Bezocht</dt><dd>3 " in whole
    assert "<dt>Contactgraad</dt><dd>67%" in whole  # 2 contacts of 3 visited addresses
    assert "<dt>Geweigerd</dt><dd>1</dd>" in whole
    assert "<dt>Niet thuis</dt><dd>0</dd>" in whole  # the not-home stop was reached later
    assert "<dt>Bezoeken aan de deur</dt><dd>4</dd>" in whole
    assert "Zomerpakket kleuter: 3" in whole
    assert "<dt>Flyers achtergelaten</dt><dd>2</dd>" in whole
    assert "Sport en bewegen (2), Zwemmen (1)" in whole
    assert "0 open, 1 afgerond" in whole
    # One row per route, with the same figures.
    rows = route_rows(html)
    assert set(rows) == {"Route 1", "Route 2"}
    first, second = rows["Route 1"], rows["Route 2"]
    assert (first["Bezocht / gepland"], first["Contactgraad"]) == ("3 / 4", "67%")
    assert first["Uitkomst"] == "Contact 2, Geweigerd 1"  # the not-home stop was reached later
    assert first["Bezoeken"] == "4" and first["Flyers"] == "2"
    assert first["Pakketjes"] == "Zomerpakket kleuter: 3"
    assert first["Meest gevraagd"] == "Sport en bewegen (2), Zwemmen (1)"
    assert first["Opvolging"] == "0 / 1"
    assert (second["Bezocht / gepland"], second["Uitkomst"], second["Bezoeken"]) == (
        "0 / 4",
        "—",
        "0",
    )
    assert second["Meest gevraagd"] == "—" and second["Pakketjes"] == "0"
    # Progress over the days: a chart with a table as its text alternative.
    assert "<svg" in html and "Vooruitgang per dag" in html and 'role="img"' in html
    today = datetime.now(UTC).date().isoformat()
    assert f'<td data-label="Dag">{today}</td>' in html
    # Stock per partner: 50 received, 3 handed out.
    assert "Buurtwerk Test" in html and ">47<" in html


def test_an_empty_round_says_so(client, db, login_as):
    round_ = factories.visit_round()
    db.session.commit()
    login_as("admin")
    html = client.get(f"/rondes/{round_.id}/dashboard").get_data(as_text=True)
    assert "Nog geen bezoeken in deze ronde." in html
    assert "Deze ronde heeft nog geen routes." in html


def test_the_round_page_links_to_its_dashboard(client, db, login_as):
    round_ = factories.visit_round()
    db.session.commit()
    login_as("coordinator")
    assert f"/rondes/{round_.id}/dashboard" in client.get(f"/rondes/{round_.id}").get_data(
        as_text=True
    )


@pytest.mark.parametrize("role", ["worker", "provider"])
def test_workers_and_providers_get_403(client, db, login_as, role):
    round_ = factories.visit_round()
    db.session.commit()
    login_as(role)
    assert client.get(f"/rondes/{round_.id}/dashboard").status_code == 403


def test_an_unknown_round_is_404(client, login_as):
    login_as("coordinator")
    assert client.get("/rondes/98765/dashboard").status_code == 404


def count_statements(db, client, url) -> int:
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_data(client, db, login_as):
    login_as("coordinator")
    small, workers, stops, ptype = a_walked_round(db, stops_per_route=2, routes=1, tag=" klein")
    visit_first_route(workers[0], stops[0] + stops[0], ptype)
    large, workers, stops, ptype = a_walked_round(db, stops_per_route=12, routes=5, tag=" groot")
    for worker, route_stops in zip(workers, stops, strict=True):
        visit_first_route(worker, route_stops, ptype)
    assert count_statements(db, client, f"/rondes/{small.id}/dashboard") == count_statements(
        db, client, f"/rondes/{large.id}/dashboard"
    )


def test_routes_are_listed_in_route_order_not_by_date(client, db, login_as):
    """Route 10 after route 2, whatever their dates: the order a coordinator counts them in."""
    round_ = factories.visit_round()
    today = datetime.now(UTC).date()
    for n, days in ((3, 0), (10, 1), (1, 5), (2, 2)):
        factories.stop(factories.route(round_, name=f"Route {n}", date=today + timedelta(days)))
    db.session.commit()
    login_as("coordinator")
    html = client.get(f"/rondes/{round_.id}/dashboard").get_data(as_text=True)
    assert list(route_rows(html)) == ["Route 1", "Route 2", "Route 3", "Route 10"]
    page = client.get(f"/rondes/{round_.id}").get_data(as_text=True)
    positions = [page.index(f">Route {n}<") for n in (1, 2, 3, 10)]
    assert positions == sorted(positions)
