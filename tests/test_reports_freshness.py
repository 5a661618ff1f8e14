"""Report figures kept between requests are never older than the data (app/reports/freshness.py).

The rest of the suite runs without a cache; here the figures are kept as in production, and
every change — through the app, or committed by another connection behind its back — shows on
the very next request.
"""

import pytest
from sqlalchemy import event

from app.extensions import cache
from app.followups.models import FollowUp
from app.reports.freshness import data_version
from app.visits.models import Visit, VisitInterest
from app.visits.services import log_visits
from tests import factories
from tests.test_coverage import households_asking, make_activity, visit_payload, week
from tests.test_dashboard import a_walked_round, route_rows, visit_first_route


@pytest.fixture
def kept_figures(app):
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 300})
    yield
    cache.init_app(app, config={"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True})


def get(db, client, url):
    """(response, the statements the request ran)."""
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert response.status_code == 200
    return response, statements


def wijk(body, number):
    return next(w for w in body["wijken"] if w["number"] == number)


def test_coverage_is_counted_once_and_recounted_after_new_interests(
    kept_figures, client, db, login_as
):
    worker, stops = households_asking(db, 4, [["sport", "swimming"], ["sport"], []])
    login_as("coordinator")
    first, counted = get(db, client, "/api/v1/coverage")
    again, statements = get(db, client, "/api/v1/coverage")
    assert again.get_json() == first.get_json()
    assert any("visit_interest" in s for s in counted)
    assert not any("visit_interest" in s for s in statements)  # kept, not counted again
    assert wijk(first.get_json(), 4)["interests"] == {"sport": 2, "swimming": 1}

    log_visits(worker, [visit_payload(stops[2], ["swimming", "play"])])
    after = client.get("/api/v1/coverage").get_json()
    assert wijk(after, 4)["interests"] == {"play": 1, "sport": 2, "swimming": 2}
    assert wijk(after, 4)["households_visited"] == 3


def test_a_commit_by_another_connection_shows_at_once(kept_figures, client, db, login_as):
    """No session event sees this write: only the database's own data version does."""
    households_asking(db, 4, [["sport"]])
    login_as("coordinator")
    assert wijk(client.get("/api/v1/coverage").get_json(), 4)["interests"] == {"sport": 1}
    visit_id = db.session.scalar(db.select(Visit.id))
    with db.engine.connect() as other:
        other.execute(VisitInterest.__table__.insert().values(visit_id=visit_id, code="arts"))
        other.commit()
    assert wijk(client.get("/api/v1/coverage").get_json(), 4)["interests"] == {
        "arts": 1,
        "sport": 1,
    }
    submitted = make_activity((1,), wijk_number=4, status="submitted")
    db.session.commit()
    offer = wijk(client.get("/api/v1/coverage").get_json(), 4)["activities_per_week"]
    assert offer[week(1)] == 0
    with db.engine.connect() as other:
        other.execute(
            db.text("UPDATE activity SET status = 'published' WHERE id = :id"),
            {"id": submitted.id},
        )
        other.commit()
    offer = wijk(client.get("/api/v1/coverage").get_json(), 4)["activities_per_week"]
    assert offer[week(1)] == 1


def test_the_dashboard_follows_visits_and_closed_follow_ups(kept_figures, client, db, login_as):
    round_, workers, stops, ptype = a_walked_round(db)
    login_as("coordinator")
    url = f"/rondes/{round_.id}/dashboard"
    before = route_rows(client.get(url).get_data(as_text=True))
    assert before["Route 1"]["Bezocht / gepland"] == "0 / 4"
    _, statements = get(db, client, url)
    assert not any("visit_interest" in s for s in statements)  # kept

    visit_first_route(workers[0], stops[0], ptype)
    rows = route_rows(client.get(url).get_data(as_text=True))
    assert rows["Route 1"]["Bezocht / gepland"] == "3 / 4"
    assert rows["Route 1"]["Opvolging"] == "1 / 0"

    followup = db.session.scalar(db.select(FollowUp))
    followup.status = "closed"
    db.session.commit()
    rows = route_rows(client.get(url).get_data(as_text=True))
    assert rows["Route 1"]["Opvolging"] == "0 / 1"


def test_uncommitted_writes_are_never_kept(kept_figures, db):
    factories.organisation()
    assert data_version() is None  # pending in the session
    db.session.flush()
    assert data_version() is None  # written, not committed: nobody else may count it yet
    db.session.commit()
    first = data_version()
    assert first is not None and data_version() == first  # reading changes nothing
    factories.organisation()
    db.session.commit()
    assert data_version() not in (None, first)
