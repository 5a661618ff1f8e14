"""Performance: seed-scale, constant query counts, HTTP caching, compression, fingerprinted static
files, the benchmark pieces. Behaviour only: no timing is asserted here."""

import gzip
import re

import pytest
from sqlalchemy import event

from app import clock
from app.delivery.http_cache import PUBLIC
from app.delivery.static_files import IMMUTABLE
from app.extensions import db as _db
from benchmarks.context import read_context
from benchmarks.targets import WORKER
from tests import factories

SMALL = ["--households", "300", "--visits", "2000", "--activities", "50"]


@pytest.fixture
def scaled(app, runner):
    result = runner.invoke(args=["seed-scale", *SMALL])
    assert result.exit_code == 0, result.output
    return result.output


def count(model, *where) -> int:
    return _db.session.scalar(_db.select(_db.func.count()).select_from(model).where(*where))


def test_seed_scale_adds_plausible_city_data_on_top_of_the_demo(app, around_midnight, scaled):
    from app.auth.models import User
    from app.households.models import Household
    from app.offers.models import Activity
    from app.rounds.models import Round, Route, Stop
    from app.visits.models import Visit, VisitInterest

    assert "Totals:" in scaled
    assert _db.session.scalar(_db.select(User.id).where(User.email == "worker@demo.gent"))
    assert count(Household) >= 300 + 200
    assert count(Activity) >= 50 + 60
    visits = count(Visit)
    assert 1800 <= visits <= 2300
    outcomes = dict(
        _db.session.execute(
            _db.select(Visit.outcome, _db.func.count()).group_by(Visit.outcome)
        ).all()
    )
    assert outcomes["not_home"] > outcomes["refused"] and outcomes["contact"] > outcomes["moved"]
    assert count(VisitInterest) > 0
    assert {"closed", "active", "draft"} <= set(_db.session.scalars(_db.select(Round.status)))
    # Routes of 20–40 stops (the last one of a round may be shorter).
    sizes = _db.session.execute(
        _db.select(Stop.route_id, _db.func.count())
        .where(Stop.route_id.is_not(None))
        .group_by(Stop.route_id)
    ).all()
    assert max(n for _, n in sizes) <= 40
    # Deprived wijken carry more households than the outskirts.
    by_wijk = dict(
        _db.session.execute(
            _db.select(Household.wijk_number, _db.func.count()).group_by(Household.wijk_number)
        ).all()
    )
    assert by_wijk.get(4, 0) > by_wijk.get(25, 0)
    # A stop's status is its last visit's outcome.
    stop = _db.session.scalar(_db.select(Stop).where(Stop.attempts > 0).limit(1))
    last = _db.session.scalar(
        _db.select(Visit.outcome).where(Visit.stop_id == stop.id).order_by(Visit.occurred_at.desc())
    )
    assert stop.status == last
    # The benchmark worker has a route today.
    context = read_context(app, WORKER)
    assert context["route_id"] and _db.session.get(Route, context["route_id"]).date == clock.today()


class Queries:
    def __init__(self):
        self.n = 0

    def __call__(self, *_):
        self.n += 1


def page_queries(app, client, url) -> int:
    counter = Queries()
    event.listen(_db.engine, "before_cursor_execute", counter)
    try:
        client.get(url)  # warm-up (per-process caches)
        # A fresh session, as every request has in production: the suite keeps one app context
        # (and so one session) open, and what an earlier request left in its identity map would
        # otherwise spare queries depending on whether that request committed.
        _db.session.remove()
        counter.n = 0
        response = client.get(url)
        assert response.status_code == 200
        return counter.n
    finally:
        event.remove(_db.engine, "before_cursor_execute", counter)


def test_query_counts_stay_the_same_as_the_data_grows(app, runner, client, scaled):
    context = read_context(app, WORKER)
    worker = app.test_client()
    worker.post("/login", data={"email": WORKER, "password": "stoepbezoek-demo"})
    pages = [
        (client, f"/aanbod?wijk={context['wijk']}"),
        (client, "/api/v1/activities"),
        (client, "/aanbod"),
        (worker, f"/routes/{context['route_id']}"),
        (worker, "/vandaag"),
    ]
    before = [page_queries(app, c, url) for c, url in pages]
    result = runner.invoke(args=["seed-scale", *SMALL, "--seed", "9"])
    assert result.exit_code == 0, result.output
    after = [page_queries(app, c, url) for c, url in pages]
    assert before == after
    assert max(after) <= 12


def test_public_pages_answer_304_until_the_offer_changes(app, client, db):
    factories.activity(status="published")
    db.session.commit()
    first = client.get("/aanbod")
    assert first.headers["Cache-Control"] == PUBLIC
    assert {"Accept-Language", "Cookie"} <= set(first.vary)
    etag = first.headers["ETag"]
    again = client.get("/aanbod", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    # Another language is another page.
    english = client.get("/aanbod?lang=en", headers={"If-None-Match": etag})
    assert english.status_code == 200
    factories.activity(status="published")
    db.session.commit()
    changed = client.get("/aanbod", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_api_activities_is_public_cacheable_json_with_304(client, db):
    first = client.get("/api/v1/activities")
    assert first.headers["Cache-Control"] == PUBLIC
    again = client.get("/api/v1/activities", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_staff_pages_are_never_stored(client, login_as):
    login_as("coordinator")
    response = client.get("/")
    assert response.headers["Cache-Control"] == "private, no-store"
    # A signed-in person sees the public offer fresh, without a shared validator.
    assert client.get("/aanbod").headers["Cache-Control"] == "private, no-store"


def test_responses_are_compressed_for_browsers_that_ask(client, db):
    for url in ("/aanbod", "/login"):
        plain = client.get(url)
        packed = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert packed.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed.vary
        assert len(packed.data) < len(plain.data)
        assert gzip.decompress(packed.data).startswith(b"<!doctype html>")
    page = client.get("/login").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app.css\?v=[0-9a-f]+)"', page).group(1)
    packed = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert b".stack" in gzip.decompress(packed.data) or len(gzip.decompress(packed.data)) > 1000


def test_static_urls_carry_a_content_hash_and_are_cached_a_year(app, client, db):
    page = client.get("/login").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert urls and all(re.search(r"\?v=[0-9a-f]{12}$", u) for u in urls)
    response = client.get(urls[0])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    plain = client.get(urls[0].split("?")[0])
    assert "immutable" not in plain.headers.get("Cache-Control", "")
    with app.test_request_context():
        from flask import url_for

        assert "?v=" in url_for("static", filename="css/app.css")


def test_benchmark_pieces_run(app, scaled):
    from benchmarks import inprocess, report, tasks
    from benchmarks.context import bench_app

    context = read_context(app, WORKER)
    counts = inprocess.query_counts(app, context)
    assert counts["offer_wijk"][0] == 200 and counts["post_visits"][0] == 200
    assert counts["route_page"][1] <= 12
    weight = inprocess.page_weight(app, context)
    assert {w["page"] for w in weight} >= {"/aanbod (nl)", "/aanbod (ar)", "route page"}
    if inprocess.chromium() is None:  # measured in a browser only: said so, not made up
        assert all("error" in w and "transferred_kb" not in w for w in weight)
    else:
        assert all(w["requests"] >= 3 for w in weight)  # the page and its two stylesheets
        for w in weight:
            kinds = {f["type"] for f in w["files"] if not f["background"]}
            assert {"Document", "Stylesheet"} <= kinds
            assert w["transferred_kb"] == round(
                sum(f["bytes"] for f in w["files"] if not f["background"]) / 1024, 1
            )
            assert 0 < w["transferred_kb"] < w["plain_kb"]  # compressed on the wire
    flyers = tasks.flyer_pdfs(app, languages=("nl",), wijken=1)
    assert flyers["flyers"] == 1 and flyers["kb"] > 0
    imported = tasks.household_import(app, 40)
    assert imported["stored"] == 40
    assert callable(report.write) and bench_app
