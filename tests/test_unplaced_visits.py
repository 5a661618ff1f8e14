"""Rejected visits (issue 14 §3): the reason says what happened to a stop the worker had, a
visit that says something is kept for the coordinator, who attaches it to the household's stop
(or discards it), and a stop the worker never had answers exactly like one that does not exist."""

import uuid
from datetime import UTC, datetime

import pytest

from app.audit.models import AuditEvent
from app.extensions import db as _db
from app.followups.models import FollowUp
from app.households.models import Household
from app.rounds import services as rounds
from app.rounds.models import Stop
from app.stock.models import StockMovement
from app.visits.models import UnplacedVisit, Visit
from tests import factories
from tests.openapi_check import assert_matches_spec

TAKEN_OFF = "Dit adres is van je route gehaald."
MOVED = "Dit adres staat nu op een andere route."
UNASSIGNED = "Deze route is niet meer aan jou toegewezen."
CLOSED = "Deze ronde is afgesloten."
UNKNOWN = "Deze stop bestaat niet of staat niet op een route van jou."


def contact(stop, **kw) -> dict:
    return {
        "id": kw.pop("id", str(uuid.uuid4())),
        "stop_id": stop if isinstance(stop, int) else stop.id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "outcome": "contact",
        "consent": True,
        "interests": ["swimming", "camp"],
        "info_given": ["uitpas"],
        "follow_up": {"kind": "call_back", "note": "Na 17 uur"},
        "notes": "Vraagt naar kampen in juli",
        **kw,
    }


def post(client, visits) -> list[dict]:
    response = client.post("/api/v1/visits", json={"visits": visits})
    assert_matches_spec("/visits", "post", response)
    return response.get_json()["results"]


@pytest.fixture
def worker(login_as):
    return login_as("worker")


@pytest.fixture
def walked(worker, db):
    route, stops = factories.walked_route(worker, n_stops=4)
    db.session.commit()
    return route, stops


def count(model) -> int:
    return _db.session.scalar(_db.select(_db.func.count()).select_from(model))


# --- the reason ------------------------------------------------------------------------------


def test_each_thing_that_happened_to_the_worker_s_stop_has_its_own_reason(client, walked, db):
    route, stops = walked
    other = factories.route(route.round, workers=[factories.user("worker")])
    rounds.move_stop(stops[0], None)  # taken off every route
    rounds.move_stop(stops[1], other)  # given to a colleague
    rounds.remove_stop(stops[2])  # out of the round (it had no visits)
    db.session.commit()
    results = post(client, [contact(stops[0]), contact(stops[1]), contact(stops[2].id)])
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert [r["reason"] for r in results] == ["stop_removed", "stop_moved", "stop_removed"]
    assert [r["errors"]["stop_id"] for r in results] == [TAKEN_OFF, MOVED, TAKEN_OFF]


def test_a_worker_taken_off_the_route_and_a_closed_round_say_so(client, walked, worker, db):
    route, stops = walked
    rounds.save_route(route, name=route.name, date=route.date, worker_ids=[])
    (unassigned,) = post(client, [contact(stops[0])])
    assert (unassigned["reason"], unassigned["errors"]["stop_id"]) == (
        "route_unassigned",
        UNASSIGNED,
    )
    rounds.save_route(route, name=route.name, date=route.date, worker_ids=[worker.id])
    rounds.change_status(route.round, "closed")
    (closed,) = post(client, [contact(stops[1])])
    assert (closed["reason"], closed["errors"]["stop_id"]) == ("round_closed", CLOSED)


def test_a_stop_the_worker_never_had_answers_like_one_that_does_not_exist(client, walked, db):
    other = factories.user("worker")
    theirs_route, theirs = factories.walked_route(other, n_stops=2)
    rounds.move_stop(theirs[0], None)  # what happened to it is none of this worker's business
    rounds.change_status(theirs_route.round, "closed")
    db.session.commit()
    same_id = str(uuid.uuid4())
    answers = [
        post(client, [contact(stop_id, id=same_id)])
        for stop_id in (theirs[0].id, theirs[1].id, 987654321)
    ]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0]["reason"] == "unknown_stop" and answers[0][0]["kept"] is False
    assert answers[0][0]["errors"] == {"stop_id": UNKNOWN}
    assert count(UnplacedVisit) == 0


# --- kept for the coordinator ----------------------------------------------------------------


def test_what_the_family_said_is_kept_once_and_a_plain_not_home_is_not(client, walked, db):
    route, stops = walked
    rounds.move_stop(stops[0], None)
    rounds.move_stop(stops[1], None)
    db.session.commit()
    said = contact(stops[0])
    knocked = {
        **contact(stops[1]),
        "outcome": "not_home",
        "interests": [],
        "follow_up": None,
        "notes": "",
        "consent": None,
    }
    first = post(client, [said, knocked])
    assert [(r["status"], r["kept"]) for r in first] == [("rejected", True), ("rejected", False)]
    again = post(client, [said])  # the phone never heard the answer and sends it again
    assert again == first[:1]
    assert count(UnplacedVisit) == 1 and count(Visit) == 0
    kept = db.session.get(UnplacedVisit, said["id"])
    assert (kept.household_id, kept.reason, kept.outcome) == (
        stops[0].household_id,
        "stop_removed",
        "contact",
    )
    assert kept.details["interests"] == ["swimming", "camp"]
    assert kept.details["notes"] == "Vraagt naar kampen in juli"
    event = db.session.scalar(_db.select(AuditEvent).where(AuditEvent.action == "visit_unplaced"))
    assert event.object_id == said["id"] and "notes" not in event.detail


def test_without_consent_only_what_happened_is_kept(client, walked, db):
    route, stops = walked
    package = route.round.package_types[0]
    rounds.move_stop(stops[0], None)
    db.session.commit()
    refused = contact(
        stops[0],
        consent=False,
        interests=[],
        follow_up=None,
        notes="",
        packages=[{"package_type_id": package.id, "quantity": 2}],
    )
    (result,) = post(client, [refused])
    assert result["kept"] is True
    kept = db.session.get(UnplacedVisit, refused["id"])
    assert kept.details["packages"] == [[package.id, 2]]
    assert kept.details["interests"] == [] and kept.details["follow_up"] is None


def test_the_coordinator_attaches_it_to_the_household_s_new_stop(
    client, walked, worker, db, login_as
):
    route, stops = walked
    package = route.round.package_types[0]
    colleague = factories.user("worker")
    other = factories.route(route.round, workers=[colleague])
    rounds.move_stop(stops[0], other)
    db.session.commit()
    said = contact(stops[0], packages=[{"package_type_id": package.id, "quantity": 1}])
    post(client, [said])

    login_as("coordinator")
    page = client.get("/bezoeken/niet-geplaatst").get_data(as_text=True)
    assert stops[0].household.address_line in page and MOVED in page
    assert "Vraagt naar kampen in juli" in page
    field = f"attach-{said['id']}-stop_id"
    response = client.post(
        f"/bezoeken/niet-geplaatst/{said['id']}/koppelen", data={field: stops[0].id}
    )
    assert response.status_code == 302

    visit = db.session.get(Visit, said["id"])
    assert (visit.stop_id, visit.worker_id, visit.outcome) == (stops[0].id, worker.id, "contact")
    assert sorted(visit.interest_codes) == ["camp", "swimming"]
    assert visit.notes == "Vraagt naar kampen in juli"
    stop = db.session.get(Stop, stops[0].id)
    assert (stop.status, stop.attempts, stop.household.consent) == ("contact", 1, "given")
    movements = db.session.scalars(
        _db.select(StockMovement).where(StockMovement.visit_id == visit.id)
    ).all()
    assert [(m.quantity, m.organisation_id) for m in movements] == [(-1, worker.organisation_id)]
    assert count(UnplacedVisit) == 0
    assert db.session.scalar(
        _db.select(AuditEvent.id).where(AuditEvent.action == "unplaced_visit_attached")
    )
    # The phone sends it once more: it is there now, stored once.
    login_as(worker)
    assert post(client, [said])[0]["status"] == "duplicate"


def test_a_visit_from_a_closed_round_goes_back_to_its_own_stop(client, walked, db, login_as):
    route, stops = walked
    rounds.change_status(route.round, "closed")
    said = contact(stops[3])
    assert post(client, [said])[0]["kept"] is True
    login_as("coordinator")
    client.post(
        f"/bezoeken/niet-geplaatst/{said['id']}/koppelen",
        data={f"attach-{said['id']}-stop_id": stops[3].id},
    )
    assert db.session.get(Visit, said["id"]).stop_id == stops[3].id


@pytest.mark.parametrize(
    ("household_consent", "outcome", "answer"),
    [
        # Nobody at the door was asked: a "no" withdraws nothing, a "yes" gives nothing.
        ("given", "not_home", False),
        ("unknown", "not_home", True),
        ("given", "refused", False),
        ("given", "contact", False),
        ("unknown", "contact", False),
        ("unknown", "contact", True),
        ("given", "contact", None),
    ],
)
def test_placed_it_keeps_what_it_would_have_kept_stored_right_away(
    client, walked, db, login_as, household_consent, outcome, answer
):
    route, stops = walked
    for stop in stops[:2]:
        stop.household.consent = household_consent
    rounds.move_stop(stops[0], None)
    db.session.commit()
    said = {"outcome": outcome, "consent": answer, "language_used": "ar"}
    if outcome != "contact":  # wishes and promises need someone at the door
        said |= {"interests": [], "follow_up": None}
    unplaced, stored = contact(stops[0], **said), contact(stops[1], **said)
    assert [r["status"] for r in post(client, [unplaced, stored])] == ["rejected", "created"]

    def kept(visit_id: str) -> tuple:
        visit = db.session.get(Visit, visit_id)
        follow_ups = _db.session.scalars(
            _db.select(FollowUp.kind).where(FollowUp.visit_id == visit_id)
        ).all()
        consent = db.session.get(Household, visit.household_id).consent
        return (sorted(visit.interest_codes), visit.notes, visit.language_used, follow_ups, consent)

    direct = kept(stored["id"])
    waiting = db.session.get(UnplacedVisit, unplaced["id"]).details  # nothing more than stored
    assert (waiting["notes"], waiting["language_used"]) == (direct[1], direct[2])
    login_as("coordinator")
    client.post(
        f"/bezoeken/niet-geplaatst/{unplaced['id']}/koppelen",
        data={f"attach-{unplaced['id']}-stop_id": stops[0].id},
    )
    db.session.expire_all()
    assert kept(unplaced["id"]) == direct


def test_another_household_s_stop_is_not_a_place_for_it(client, walked, db, login_as):
    route, stops = walked
    rounds.move_stop(stops[0], None)
    db.session.commit()
    said = contact(stops[0])
    post(client, [said])
    login_as("coordinator")
    response = client.post(
        f"/bezoeken/niet-geplaatst/{said['id']}/koppelen",
        data={f"attach-{said['id']}-stop_id": stops[1].id},
    )
    assert response.status_code == 302
    assert db.session.get(Visit, said["id"]) is None
    assert count(UnplacedVisit) == 1


def test_discarding_asks_first_and_is_audited(client, walked, db, login_as):
    route, stops = walked
    rounds.move_stop(stops[0], None)
    db.session.commit()
    said = contact(stops[0])
    post(client, [said])
    login_as("coordinator")
    url = f"/bezoeken/niet-geplaatst/{said['id']}/weggooien"
    assert client.get(url).status_code == 200
    assert client.post(url, data={}).status_code == 422  # not confirmed: still there
    assert count(UnplacedVisit) == 1
    assert client.post(url, data={"confirm": "y"}).status_code == 302
    assert count(UnplacedVisit) == 0 and count(Visit) == 0
    assert db.session.scalar(
        _db.select(AuditEvent.id).where(AuditEvent.action == "unplaced_visit_discarded")
    )


def test_a_worker_sees_their_own_unplaced_visits_without_the_address(client, walked, db):
    route, stops = walked
    rounds.move_stop(stops[0], None)
    db.session.commit()
    said = contact(stops[0])
    post(client, [said])
    page = client.get("/bezoeken/niet-geplaatst").get_data(as_text=True)
    assert TAKEN_OFF in page and "Wacht op je coördinator" in page
    assert stops[0].household.address_line not in page
    assert client.get(f"/bezoeken/niet-geplaatst/{said['id']}/weggooien").status_code == 403


def test_a_household_merged_away_takes_its_unplaced_visits_along(client, walked, db, login_as):
    from app.households.services import merge_households

    route, stops = walked
    rounds.move_stop(stops[0], None)
    db.session.commit()
    said = contact(stops[0])
    post(client, [said])
    keep = factories.household()
    merge_households(keep, stops[0].household)
    assert db.session.get(UnplacedVisit, said["id"]).household_id == keep.id


# --- the phone's HTML forms, without JavaScript --------------------------------------------


def test_a_contact_form_posted_after_the_stop_moved_is_kept_and_said(client, walked, db):
    route, stops = walked
    form = client.get(f"/stops/{stops[0].id}/contact").get_data(as_text=True)
    visit_id = form.split('name="visit_id" type="hidden" value="', 1)[1].split('"', 1)[0]
    rounds.move_stop(stops[0], None)  # while the worker is at the door
    db.session.commit()
    response = client.post(
        f"/stops/{stops[0].id}/contact",
        data={"visit_id": visit_id, "consent": "y", "interests": ["camp"], "notes": "Graag"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.request.path == "/vandaag"
    assert TAKEN_OFF in page and "Je coördinator kan het bezoek aan het gezin koppelen." in page
    assert db.session.get(UnplacedVisit, visit_id).details["interests"] == ["camp"]


def test_a_tap_posted_in_a_round_that_closed_meanwhile_says_so(client, walked, db):
    route, stops = walked
    rounds.change_status(route.round, "closed")
    response = client.post(
        f"/stops/{stops[0].id}/bezoek",
        data={"visit_id": str(uuid.uuid4()), "outcome": "not_home"},
        follow_redirects=True,
    )
    assert response.request.path == "/vandaag"
    assert CLOSED in response.get_data(as_text=True)
    assert count(Visit) == 0 and count(UnplacedVisit) == 0


def test_the_stop_the_visit_was_meant_for_is_offered_first(client, walked, db, login_as):
    route, stops = walked
    later = factories.visit_round(status="closed")  # a newer round the household was also in
    factories.stop(round_=later, household=stops[0].household)
    rounds.move_stop(stops[0], None)
    db.session.commit()
    said = contact(stops[0])
    post(client, [said])
    login_as("coordinator")
    page = client.get("/bezoeken/niet-geplaatst").get_data(as_text=True)
    select = page.split(f'name="attach-{said["id"]}-stop_id"', 1)[1].split("</select>", 1)[0]
    options = select.split("<option")[1:]
    assert len(options) == 2 and f'value="{stops[0].id}"' in options[0]


# --- data protection ---------------------------------------------------------------------------


def test_erasing_the_household_erases_its_unplaced_visits_and_stop_history(client, walked, db):
    from app.privacy.queries import household_record
    from app.privacy.services import erase_household
    from app.rounds.models import StopDeparture

    route, stops = walked
    rounds.move_stop(stops[0], None)
    db.session.commit()
    post(client, [contact(stops[0])])
    assert count(UnplacedVisit) == 1 and count(StopDeparture) == 1
    erase_household(household_record(stops[0].household))
    db.session.expire_all()
    assert count(UnplacedVisit) == 0 and count(StopDeparture) == 0


def test_the_retention_purge_removes_unplaced_visits_with_what_they_said(client, walked, db):
    from datetime import timedelta

    from app.retention.services import purge

    route, stops = walked
    rounds.change_status(route.round, "closed")
    said = contact(stops[0])
    assert post(client, [said])[0]["kept"] is True
    route.round.closed_at = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=800)
    db.session.commit()
    purge()
    assert db.session.get(UnplacedVisit, said["id"]) is None
