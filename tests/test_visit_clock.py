"""A phone's clock (issue 14 §3): the batch's sent_at corrects every visit by how far the phone is
off, large corrections are shown to the coordinator, and no visit is refused for its time."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.visits.models import Visit
from tests import factories
from tests.openapi_check import assert_matches_spec


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def phone_time(moment: datetime, phone_off: timedelta) -> str:
    """What a phone whose clock runs `phone_off` off says for a real UTC moment (local time with
    its offset, as the field client sends it)."""
    return (moment.replace(tzinfo=UTC) + phone_off).astimezone().isoformat()


def send(client, stop, said: str, sent_at: str | None = None, **extra):
    visit = {
        "id": str(uuid.uuid4()),
        "stop_id": stop.id,
        "occurred_at": said,
        "outcome": "not_home",
        **extra,
    }
    body = {"visits": [visit]}
    if sent_at is not None:
        body["sent_at"] = sent_at
    response = client.post("/api/v1/visits", json=body)
    assert_matches_spec("/visits", "post", response)
    return response, visit["id"]


@pytest.fixture
def walked(login_as, db):
    worker = login_as("worker")
    route, stops = factories.walked_route(worker, n_stops=3)
    db.session.commit()
    return route, stops


@pytest.mark.parametrize(
    "phone_off", [timedelta(minutes=10), timedelta(days=1), timedelta(days=-1), timedelta(hours=-3)]
)
def test_the_phone_s_error_is_taken_out_of_the_visit(client, db, walked, phone_off):
    _, stops = walked
    now = utcnow()
    response, visit_id = send(
        client, stops[0], phone_time(now, phone_off), phone_time(now, phone_off)
    )
    assert response.get_json()["results"][0]["status"] == "created"
    assert abs(response.get_json()["clock_offset_s"] + phone_off.total_seconds()) < 5
    visit = db.session.get(Visit, visit_id)
    assert abs(visit.occurred_at - now) < timedelta(seconds=5)
    assert abs(visit.clock_offset_s + phone_off.total_seconds()) < 5


def test_a_visit_queued_for_hours_keeps_its_age(client, db, walked):
    """Logged offline at 09:00 on a phone a day ahead, sent at 13:00: it happened at 09:00."""
    _, stops = walked
    now = utcnow()
    four_hours_ago = now - timedelta(hours=4)
    day = timedelta(days=1)
    response, visit_id = send(
        client, stops[0], phone_time(four_hours_ago, day), phone_time(now, day)
    )
    visit = db.session.get(Visit, visit_id)
    assert abs(visit.occurred_at - four_hours_ago) < timedelta(seconds=5)


def test_a_small_difference_is_the_network_and_left_alone(client, db, walked):
    _, stops = walked
    now = utcnow()
    off = timedelta(seconds=50)
    response, visit_id = send(client, stops[0], phone_time(now, off), phone_time(now, off))
    assert response.get_json()["clock_offset_s"] == 0
    visit = db.session.get(Visit, visit_id)
    assert visit.clock_offset_s == 0
    assert abs(visit.occurred_at - (now + off)) < timedelta(seconds=2)


def test_an_old_client_without_its_clock_is_never_refused_for_the_time(client, db, walked):
    route, stops = walked
    now = utcnow()
    ahead, _ = send(client, stops[0], phone_time(now, timedelta(days=1)))
    assert ahead.get_json()["results"][0]["status"] == "created"
    assert "clock_offset_s" not in ahead.get_json()
    before_round = datetime.combine(route.round.start_date - timedelta(days=3), datetime.min.time())
    early, early_id = send(client, stops[1], before_round.isoformat())
    assert early.get_json()["results"][0]["status"] == "created"
    visit = db.session.get(Visit, early_id)
    # A time that cannot be right becomes the time it arrived, and the correction is kept.
    assert abs(visit.occurred_at - now) < timedelta(seconds=5)
    assert visit.clock_offset_s > 3 * 24 * 3600 - 10


def test_a_sent_at_that_is_not_a_time_is_400_and_stores_nothing(client, db, walked):
    _, stops = walked
    response, visit_id = send(client, stops[0], utcnow().isoformat(), sent_at="half past nine")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_sent_at"
    assert db.session.get(Visit, visit_id) is None


def test_corrections_of_ten_minutes_or_more_are_listed_for_the_coordinator(
    client, db, walked, login_as
):
    _, stops = walked
    now = utcnow()
    send(client, stops[0], phone_time(now, timedelta(days=1)), phone_time(now, timedelta(days=1)))
    off = timedelta(minutes=3)  # corrected, but not flagged
    send(client, stops[1], phone_time(now, off), phone_time(now, off))
    login_as("coordinator")
    page = client.get("/bezoeken/niet-geplaatst").get_data(as_text=True)
    flagged = page.split("Tijd verbeterd voor de klok van de telefoon", 1)[1]
    assert stops[0].household.address_line in flagged
    assert "de telefoon liep 1 dag voor" in flagged
    assert stops[1].household.address_line not in flagged


@pytest.mark.parametrize(
    "said,sent_at",
    [
        ("0001-01-01T00:00:00", None),
        ("0001-01-01T00:00:00", "9999-12-31T23:59:59"),
        ("9999-12-31T23:59:59", "0001-01-01T00:00:00"),
        ("1970-01-01T00:00:00+00:00", None),  # a phone whose battery ran flat
    ],
)
def test_times_at_the_ends_of_the_calendar_are_stored_as_received(
    client, db, walked, said, sent_at
):
    _, stops = walked
    response, visit_id = send(client, stops[0], said, sent_at)
    assert response.status_code == 200
    assert response.get_json()["results"][0]["status"] == "created"
    visit = db.session.get(Visit, visit_id)
    assert abs(visit.occurred_at - utcnow()) < timedelta(seconds=5)
    assert abs(visit.clock_offset_s) <= 2**31 - 1
