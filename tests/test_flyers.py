"""The coordinator's flyer pages, scan statistics, the API, the worker's QR screen, demo data."""

import csv
import datetime as dt
import io
import re

from app.audit.models import AuditEvent
from app.demo.flyers import seed_flyers
from app.flyers import services
from app.flyers.models import ScanCount, ShortLink
from app.households.models import Household
from tests import factories
from tests.openapi_check import assert_matches_spec


def test_only_coordinators_and_admins_manage_flyers(client, login_as):
    assert client.get("/flyers").status_code == 302  # anonymous: to sign-in
    login_as("worker")
    assert client.get("/flyers").status_code == 403
    assert client.get("/flyers/statistiek").status_code == 403
    login_as("admin")
    assert client.get("/flyers").status_code == 200


def test_create_computes_the_target_from_wijk_and_language(client, db, login_as):
    login_as("coordinator")
    form = client.get("/flyers/nieuw").get_data(as_text=True)
    assert "nooit verandert" in form
    response = client.post(
        "/flyers/nieuw",
        data={"label": "Flyer Brugse Poort", "wijk_number": "4", "lang": "en", "target": ""},
    )
    assert response.status_code == 302
    link = db.session.scalar(db.select(ShortLink))
    assert response.headers["Location"] == f"/flyers/{link.code}"
    assert (link.target, link.wijk_number, link.lang, link.active) == (
        "/aanbod?wijk=4&lang=en",
        4,
        "en",
        True,
    )
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "short_link_created")
    )
    assert event.object_id == str(link.id)
    page = client.get(f"/flyers/{link.code}").get_data(as_text=True)
    assert f"stoep.example/q/{link.code}" in page and "<svg" in page


def test_rejected_create_keeps_what_was_typed(client, db, login_as):
    login_as("coordinator")
    response = client.post(
        "/flyers/nieuw", data={"label": "", "wijk_number": "4", "lang": "nl", "target": "/x"}
    )
    assert response.status_code == 422
    assert 'value="/x"' in response.get_data(as_text=True)


def test_list_searches_filters_and_paginates(client, db, login_as):
    visit_round = factories.flyer_round([4])
    factories.short_link(label="Brugse Poort zomer", wijk_number=4, round_id=visit_round.id)
    factories.short_link(label="Sluizeken oud", wijk_number=1, active=False)
    for n in range(30):
        factories.short_link(label=f"Reeks {n:02d}", wijk_number=2)
    login_as("coordinator")
    page = client.get("/flyers?q=brugse").get_data(as_text=True)
    assert "Brugse Poort zomer" in page and "Reeks" not in page
    page = client.get(f"/flyers?round={visit_round.id}").get_data(as_text=True)
    assert "Brugse Poort zomer" in page and "Reeks" not in page
    assert "Sluizeken oud" not in client.get("/flyers?wijk=1").get_data(as_text=True)
    assert "Sluizeken oud" in client.get("/flyers?wijk=1&status=retired").get_data(as_text=True)
    first = client.get("/flyers?wijk=2").get_data(as_text=True)
    assert "Pagina 1 van 2" in first and 'rel="next"' in first


def test_retire_asks_first_then_reactivate(client, db, login_as):
    link = factories.short_link()
    login_as("coordinator")
    confirm = client.get(f"/flyers/{link.code}/status")
    assert "buiten gebruik zetten?" in confirm.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ShortLink, link.id).active  # a GET changes nothing
    client.post(f"/flyers/{link.code}/status")
    db.session.expire_all()
    assert not db.session.get(ShortLink, link.id).active
    assert client.get(f"/q/{link.code}").status_code == 404
    client.post(f"/flyers/{link.code}/status")
    db.session.expire_all()
    assert db.session.get(ShortLink, link.id).active
    assert client.get(f"/q/{link.code}").status_code == 302
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"short_link_retired", "short_link_reactivated"} <= actions


def _scans(link, day, count, db):
    db.session.add(ScanCount(short_link_id=link.id, day=day, count=count))


def test_stats_per_link_wijk_and_day_with_totals(client, db, login_as):
    a = factories.short_link(label="Flyer A", wijk_number=4)
    b = factories.short_link(label="Flyer B", wijk_number=4)
    c = factories.short_link(label="Flyer C", wijk_number=1)
    day1, day2 = dt.date(2027, 7, 1), dt.date(2027, 7, 2)
    _scans(a, day1, 3, db)
    _scans(a, day2, 2, db)
    _scans(b, day2, 4, db)
    _scans(c, day1, 1, db)
    _scans(c, dt.date(2027, 6, 1), 50, db)  # outside the range
    login_as("coordinator")
    response = client.get("/flyers/statistiek?date_from=2027-07-01&date_to=2027-07-31")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "10 scans" in page  # 3 + 2 + 4 + 1
    assert "Brugse Poort - Rooigem" in page and "Flyer C" in page
    bad = client.get("/flyers/statistiek?date_from=2027-07-31&date_to=2027-07-01")
    assert bad.status_code == 422


def test_stats_csv_is_formula_safe_and_audited(client, db, login_as):
    link = factories.short_link(label='=HYPERLINK("https://evil.example")', wijk_number=4)
    other = factories.short_link(label="@SUM(A1)", wijk_number=None)
    _scans(link, dt.date(2027, 7, 3), 5, db)
    _scans(other, dt.date(2027, 7, 4), 1, db)
    login_as("coordinator")
    response = client.get("/flyers/statistiek.csv?date_from=2027-07-01&date_to=2027-07-31")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["day", "code", "label", "wijk_number", "wijk", "lang", "scans"]
    assert rows[1] == [
        "2027-07-03",
        link.code,
        '\'=HYPERLINK("https://evil.example")',
        "4",
        "Brugse Poort - Rooigem",
        "nl",
        "5",
    ]
    assert rows[2][2] == "'@SUM(A1)"
    assert db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "scan_stats_exported")
    )


def test_api_lists_flyers_with_total_scans(client, db, login_as):
    link = factories.short_link(label="Flyer BP", wijk_number=4, lang="nl")
    factories.short_link(label="Heel Gent", wijk_number=None, lang="en")
    _scans(link, dt.date(2027, 7, 1), 2, db)
    _scans(link, dt.date(2027, 7, 2), 3, db)
    assert client.get("/api/v1/flyers").status_code == 401
    assert_matches_spec("/flyers", "get", client.get("/api/v1/flyers"))
    login_as("worker")
    forbidden = client.get("/api/v1/flyers")
    assert forbidden.status_code == 403 and forbidden.get_json()["error"]["code"] == "forbidden"
    login_as("coordinator")
    response = client.get("/api/v1/flyers")
    assert_matches_spec("/flyers", "get", response)
    flyers = {f["label"]: f for f in response.get_json()["flyers"]}
    assert flyers["Flyer BP"] == {
        "code": link.code,
        "label": "Flyer BP",
        "target_url": "/aanbod?wijk=4&lang=nl",
        "wijk": {"number": 4, "name": "Brugse Poort - Rooigem"},
        "lang": "nl",
        "scans": 5,
    }
    assert flyers["Heel Gent"]["wijk"] is None and flyers["Heel Gent"]["scans"] == 0


def test_worker_shows_qr_only_for_the_wijken_of_their_routes(client, db, login_as):
    worker = factories.user("worker")
    factories.flyer_round([4], worker=worker)
    mine = factories.short_link(wijk_number=4)
    other = factories.short_link(wijk_number=1)
    login_as(worker)
    index = client.get("/flyers/toon").get_data(as_text=True)
    assert f"/flyers/toon/{mine.code}" in index and other.code not in index
    page = client.get(f"/flyers/toon/{mine.code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html and f"stoep.example/q/{mine.code}" in html
    # No inline script or style (the field client's external scripts are fine).
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "style=" not in html
    # Another wijk's code answers like an unknown one: nothing to learn from probing codes.
    assert client.get(f"/flyers/toon/{other.code}").status_code == 404
    assert client.get("/flyers/toon/zzzzzz").status_code == 404
    assert "QR tonen" in client.get("/flyers/toon").get_data(as_text=True)  # in the navigation


def test_worker_of_a_closed_round_shows_nothing(client, db, login_as):
    worker = factories.user("worker")
    factories.flyer_round([4], worker=worker, status="closed")
    link = factories.short_link(wijk_number=4)
    login_as(worker)
    assert client.get(f"/flyers/toon/{link.code}").status_code == 404


def test_demo_flyers_one_per_wijk_with_households_idempotent(db):
    for number in (4, 4, 12):
        db.session.add(
            Household(
                street="Demostraat",
                number=str(number),
                postcode="9000",
                address_key=f"demo {number} {id(object())}",
                wijk_number=number,
            )
        )
    db.session.flush()
    assert seed_flyers() == 2
    assert seed_flyers() == 0
    links = db.session.scalars(db.select(ShortLink).order_by(ShortLink.wijk_number)).all()
    assert [(link.wijk_number, link.lang, link.active) for link in links] == [
        (4, "nl", True),
        (12, "nl", True),
    ]
    assert links[0].label == "Flyer Brugse Poort - Rooigem (nl)"
    assert links[0].target == services.default_target(4, "nl")


def test_worker_index_prefers_the_link_of_the_round(client, db, login_as):
    worker = factories.user("worker")
    visit_round = factories.flyer_round([4], worker=worker)
    general = factories.short_link(wijk_number=4)
    of_round = factories.short_link(wijk_number=4, round_id=visit_round.id)
    login_as(worker)
    index = client.get("/flyers/toon").get_data(as_text=True)
    assert of_round.code in index and general.code not in index
