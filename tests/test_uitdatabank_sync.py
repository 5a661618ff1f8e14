"""`flask --app wsgi uitdatabank sync`: the season's events in Ghent from a real HTTP server.

A local server (pytest-httpserver) plays UiTdatabank's Search API v3 with real events, two pages
of them, and the test reads back what it was asked.
"""

from datetime import date

import pytest

from app import clock
from app.offers.models import Activity
from app.season import current_season
from tests import uit_fixtures as fx

SEASON = current_season(clock.today())
KEY = "test-api-key-7f3a"


def summer(month: int, day: int) -> date:
    return date(SEASON.year, month, day)


def real_events() -> list[dict]:
    return [
        fx.moved(fx.event("codefever_oostakker"), summer(6, 30)),
        fx.placed_at(fx.moved(fx.event("horst_castle"), summer(7, 6)), "gent_single_day"),
        fx.moved(fx.event("punkfest_6_7"), summer(7, 10)),  # in Leuven: skipped
    ]


@pytest.fixture
def uitdatabank(app, httpserver, monkeypatch):
    monkeypatch.setitem(app.config, "UITDATABANK_SEARCH_URL", httpserver.url_for("/events"))
    monkeypatch.setitem(app.config, "UITDATABANK_API_KEY", KEY)
    return httpserver


def serve_pages(server, pages: list[list[dict]]):
    total = sum(len(page) for page in pages)
    for page in pages:
        server.expect_ordered_request("/events", method="GET").respond_with_json(
            {
                "@context": "http://www.w3.org/ns/hydra/context.jsonld",
                "@type": "PagedCollection",
                "itemsPerPage": 50,
                "totalItems": total,
                "member": page,
            }
        )


def test_sync_asks_for_ghent_this_season_children_embedded_and_reads_every_page(
    runner, db, uitdatabank
):
    events = real_events()
    serve_pages(uitdatabank, [events[:2], events[2:]])
    result = runner.invoke(args=["uitdatabank", "sync", "--publish"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created 2, updated 0, review 0, skipped 1",
        "skipped: Punkfest: niet in Gent (3000 Leuven)",
    ]
    requests = [request for request, _response in uitdatabank.log]
    assert len(requests) == 2
    for request in requests:
        assert request.headers["X-Api-Key"] == KEY
        args = request.args
        assert args["regions"] == "nis-44021"
        assert args["dateFrom"] == f"{SEASON.start.isoformat()}T00:00:00+02:00"
        assert args["dateTo"] == f"{SEASON.end.isoformat()}T23:59:59+02:00"
        assert args["q"] == "typicalAgeRange:[0 TO 12]"
        assert args["embed"] == "true" and args["embedUitpasPrices"] == "true"
    assert [r.args["start"] for r in requests] == ["0", "2"]
    published = db.session.scalars(db.select(Activity).where(Activity.status == "published"))
    assert sorted(a.external_id for a in published) == sorted(e["@id"] for e in events[:2])


def test_sync_without_embed_explains_it(runner, db, uitdatabank):
    # The documentation's answer is the last page (start=10) of 12; here it is the only page.
    links = fx.not_embedded_response()
    links["totalItems"] = len(links["member"])
    uitdatabank.expect_request("/events").respond_with_json(links)
    result = runner.invoke(args=["uitdatabank", "sync"])
    lines = result.output.splitlines()
    assert lines[0] == "created 0, updated 0, review 0, skipped 2"
    assert "embed=true" in lines[1] and "embed=true" in lines[-1]


def test_sync_without_a_key_says_so(runner, app, monkeypatch):
    monkeypatch.setitem(app.config, "UITDATABANK_API_KEY", None)
    result = runner.invoke(args=["uitdatabank", "sync"])
    assert result.exit_code == 1
    assert "UITDATABANK_API_KEY is niet ingesteld" in result.output


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (403, "UiTdatabank weigerde de API-sleutel (HTTP 403)."),
        (500, "UiTdatabank antwoordde met een fout (HTTP 500)."),
    ],
)
def test_sync_reports_a_refusal_or_a_failure_and_changes_nothing(
    runner, db, uitdatabank, status, message
):
    uitdatabank.expect_request("/events").respond_with_data("nope", status=status)
    result = runner.invoke(args=["uitdatabank", "sync", "--publish"])
    assert result.exit_code == 1 and result.output.strip() == message
    assert db.session.scalar(db.select(db.func.count()).select_from(Activity)) == 0


def test_sync_that_gets_html_reports_it(runner, db, uitdatabank):
    uitdatabank.expect_request("/events").respond_with_data("<html>", content_type="text/html")
    result = runner.invoke(args=["uitdatabank", "sync"])
    assert result.exit_code == 1
    assert result.output.strip() == "UiTdatabank antwoordde iets anders dan JSON."


def test_the_coordinators_fetch_uses_the_same_search(client, db, login_as, uitdatabank):
    events = real_events()
    serve_pages(uitdatabank, [events])
    login_as("coordinator")
    html = client.post("/beheer-aanbod/import/uitdatabank", data={"fetch": "1"}).get_data(
        as_text=True
    )
    assert "Nieuw: 2." in html and "Overgeslagen: 1." in html
    ((request, _response),) = uitdatabank.log
    assert request.args["regions"] == "nis-44021" and request.headers["X-Api-Key"] == KEY


def test_the_coordinators_fetch_failure_is_a_friendly_message(client, db, login_as, uitdatabank):
    uitdatabank.expect_request("/events").respond_with_data("down", status=503)
    login_as("coordinator")
    response = client.post("/beheer-aanbod/import/uitdatabank", data={"fetch": "1"})
    assert response.status_code == 502
    assert "UiTdatabank antwoordde niet" in response.get_data(as_text=True)


def test_the_search_url_and_key_come_from_the_environment():
    from app.config import apply_environment

    config = {}
    apply_environment(
        config,
        {
            "UITDATABANK_SEARCH_URL": "https://search-test.uitdatabank.be/events",
            "UITDATABANK_API_KEY": KEY,
        },
    )
    assert config == {
        "UITDATABANK_SEARCH_URL": "https://search-test.uitdatabank.be/events",
        "UITDATABANK_API_KEY": KEY,
    }
