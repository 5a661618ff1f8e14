"""The walk sheet (issue 16): done stops are plainly not to be rung, only open ones get boxes,
every printed page says route, date, worker and page n of m, codes for packages and interests,
addresses without a position marked; a worker opens and prints their own."""

import io

import pytest
from pypdf import PdfReader

from tests import factories


@pytest.fixture
def worker(login_as):
    return login_as("worker", name="Wout Stoep")


@pytest.fixture
def sheet_route(worker, db):
    route, stops = factories.walked_route(worker, n_stops=3)
    route.name = "Route Linnen"
    stops[0].status, stops[0].attempts, stops[0].closed = "refused", 1, True
    stops[1].status, stops[1].attempts = "not_home", 1
    for stop in stops[:2]:
        stop.household.lat, stop.household.lon = 51.05, 3.72
    stops[2].household.lat = stops[2].household.lon = None
    db.session.commit()
    return route, stops


def test_a_worker_opens_the_walk_sheet_of_their_own_route(client, sheet_route):
    route, stops = sheet_route
    html = client.get(f"/routes/{route.id}/looplijst").get_data(as_text=True)
    assert "Route Linnen" in html and "Wout Stoep" in html
    # The refused door: done, not to be rung, and no boxes to tick.
    assert "Afgerond: Geweigerd — niet aanbellen" in html
    assert html.count("☐") == 2 * 6
    # Codes and their legend; the address without a position is marked.
    assert "Pakket (code)" in html and "Interesses (codes)" in html
    assert "<b>A</b> " + route.round.package_types[0].name in html
    assert "<b>2</b> Zwemmen" in html
    assert html.count("⚑ zonder positie") == 1
    assert "de plaats in de volgorde is geschat" in html  # the legend, since one is marked
    assert "/looplijst/pagina.css" in html


def test_the_flag_is_explained_only_where_an_address_carries_it(client, sheet_route, db):
    route, stops = sheet_route
    stops[2].household.lat, stops[2].household.lon = 51.05, 3.72
    db.session.commit()
    html = client.get(f"/routes/{route.id}/looplijst").get_data(as_text=True)
    assert "⚑" not in html


def test_the_page_numbers_come_in_the_readers_language(client, worker):
    css = client.get("/looplijst/pagina.css").get_data(as_text=True)
    assert 'content: "pagina " counter(page) " van " counter(pages);' in css


def test_the_printed_sheet_numbers_its_pages_and_repeats_its_header(client, worker, db):
    route, _ = factories.walked_route(worker, n_stops=60)
    route.name = "Route Lang"
    db.session.commit()
    response = client.get(f"/routes/{route.id}/looplijst.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = PdfReader(io.BytesIO(response.data)).pages
    assert len(pages) > 1
    for n, page in enumerate(pages, 1):
        text = page.extract_text()
        assert f"pagina {n} van {len(pages)}" in text
        assert "Looplijst Route Lang" in text and "Wout Stoep" in text


def test_another_workers_walk_sheet_is_not_there(client, sheet_route, login_as):
    route, _ = sheet_route
    login_as("worker", organisation=factories.organisation())
    assert client.get(f"/routes/{route.id}/looplijst").status_code == 404
    assert client.get(f"/routes/{route.id}/looplijst.pdf").status_code == 404
