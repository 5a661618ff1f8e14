"""One "today": the product's day is Ghent's (app/clock.py), also while UTC is still on yesterday.

Each test runs frozen just after midnight in Ghent (tests/ghent_clock.py) and checks what a
worker, a coordinator, a provider or a family would notice, against dates written out here.
"""

from datetime import date, datetime

from app import clock
from app.flyers.models import ScanCount
from tests import factories


def test_today_is_the_date_in_ghent(ghent_midnight):
    assert clock.today() == ghent_midnight.ghent_date
    assert clock.now().utcoffset().total_seconds() in (3600, 7200)


def test_the_worker_sees_the_route_dated_today_in_ghent(ghent_midnight, client, db, login_as):
    worker = login_as("worker")
    round_ = factories.visit_round(start_date=date(2026, 11, 1), end_date=date(2027, 12, 31))
    today = factories.route(
        round_, workers=[worker], name="Route van vandaag", date=ghent_midnight.ghent_date
    )
    factories.route(
        round_, workers=[worker], name="Route van gisteren", date=ghent_midnight.utc_date
    )
    factories.stop(today, position=1)
    db.session.commit()

    page = client.get("/vandaag").get_data(as_text=True)
    assert "Route van vandaag" in page and "Route van gisteren" not in page
    routes = client.get("/api/v1/routes").get_json()["routes"]  # default date: today
    assert [(r["name"], r["date"]) for r in routes] == [
        ("Route van vandaag", ghent_midnight.ghent_date.isoformat())
    ]


def test_the_current_season_is_the_one_of_ghents_day(ghent_midnight, client, login_as):
    login_as("coordinator")
    assert client.get("/api/v1/coverage").get_json()["season"] == ghent_midnight.season_year
    assert f"{ghent_midnight.season_year}-W27" in client.get("/aanbod").get_data(as_text=True)


def test_a_flyer_scan_counts_on_ghents_day(ghent_midnight, client, db):
    link = factories.short_link()
    db.session.commit()
    assert client.get(f"/q/{link.code}").status_code == 302
    days = db.session.scalars(db.select(ScanCount.day)).all()
    assert days == [ghent_midnight.ghent_date]


def test_a_call_for_offer_closes_after_its_deadline_in_ghent(ghent_midnight, client, db):
    ended = factories.call(deadline=ghent_midnight.utc_date)  # yesterday, as Ghent sees it
    open_ = factories.call(deadline=ghent_midnight.ghent_date)
    db.session.commit()
    assert client.get(f"/oproep/{ended.token}").status_code == 410
    assert client.get(f"/oproep/{open_.token}").status_code == 200


def test_the_real_clock_also_passes_through_here(around_midnight):
    """The fixture's real-clock case agrees with the product on today."""
    assert clock.today() == around_midnight.ghent_date
    assert isinstance(clock.now(), datetime)
