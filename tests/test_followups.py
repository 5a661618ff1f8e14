"""Follow-ups: coordinators see all, workers their organisation's; assign, close, reopen."""

from app.models import AuditEvent, FollowUp
from tests import factories


def test_coordinator_sees_all_and_filters(client, db, login_as):
    login_as("coordinator")
    assert "Geen open opvolgingen" in client.get("/opvolging").get_data(as_text=True)
    ballon = factories.organisation(name="De Ballon")
    buurtwerk = factories.organisation(name="Buurtwerk")
    factories.follow_up(
        organisation=ballon, household=factories.household(street="Wasstraat", number="1")
    )
    factories.follow_up(
        organisation=buurtwerk,
        kind="referral",
        household=factories.household(street="Kerkstraat", number="2"),
    )
    factories.follow_up(
        organisation=buurtwerk,
        status="closed",
        household=factories.household(street="Molenstraat", number="3"),
    )
    db.session.commit()
    html = client.get("/opvolging").get_data(as_text=True)
    assert "Wasstraat 1" in html and "Kerkstraat 2" in html and "Molenstraat 3" not in html
    html = client.get("/opvolging?kind=referral").get_data(as_text=True)
    assert "Kerkstraat 2" in html and "Wasstraat 1" not in html
    html = client.get(f"/opvolging?organisation={ballon.id}").get_data(as_text=True)
    assert "Wasstraat 1" in html and "Kerkstraat 2" not in html
    html = client.get("/opvolging?status=closed").get_data(as_text=True)
    assert "Molenstraat 3" in html and "Wasstraat 1" not in html
    html = client.get("/opvolging?status=all").get_data(as_text=True)
    assert "Molenstraat 3" in html and "Wasstraat 1" in html


def test_worker_sees_only_own_organisation(client, db, login_as):
    ballon = factories.organisation(name="De Ballon")
    other = factories.organisation(name="Buurtwerk")
    worker = login_as("worker", organisation=ballon)
    _, stops = factories.walked_route(worker, n_stops=2)
    stops[0].household.street, stops[0].household.number = "Wasstraat", "1"
    mine = factories.follow_up(organisation=ballon, household=stops[0].household)
    theirs = factories.follow_up(organisation=other, household=stops[1].household)
    db.session.commit()
    html = client.get(f"/opvolging?organisation={other.id}").get_data(as_text=True)
    assert "Wasstraat 1" in html and f"/opvolging/{theirs.id}" not in html
    assert client.get(f"/opvolging/{mine.id}").status_code == 200
    # Another organisation's follow-up answers like one that does not exist.
    assert client.get(f"/opvolging/{theirs.id}").status_code == 404
    assert client.post(f"/opvolging/{theirs.id}/afronden", data={"outcome": "x"}).status_code == 404
    assert client.get("/opvolging/999999").status_code == 404
    db.session.expire_all()
    assert db.session.get(FollowUp, theirs.id).status == "open"


def test_worker_sees_follow_ups_only_for_households_on_their_running_routes(client, db, login_as):
    """The rule for households holds for follow-ups: own routes, round running (hole fixed)."""
    ballon = factories.organisation(name="De Ballon")
    worker = login_as("worker", organisation=ballon)
    _, stops = factories.walked_route(worker, n_stops=1)
    on_route = factories.follow_up(organisation=ballon, household=stops[0].household)
    off_route = factories.follow_up(
        organisation=ballon, household=factories.household(street="Verweg", number="9")
    )
    _, closed_stops = factories.walked_route(worker, n_stops=1, status="closed")
    closed_round = factories.follow_up(organisation=ballon, household=closed_stops[0].household)
    db.session.commit()
    html = client.get("/opvolging").get_data(as_text=True)
    assert f"/opvolging/{on_route.id}" in html
    assert f"/opvolging/{off_route.id}" not in html and "Verweg 9" not in html
    assert f"/opvolging/{closed_round.id}" not in html
    assert client.get(f"/opvolging/{on_route.id}").status_code == 200
    assert client.get(f"/opvolging/{off_route.id}").status_code == 404
    assert client.get(f"/opvolging/{closed_round.id}").status_code == 404
    refused = client.post(f"/opvolging/{off_route.id}/afronden", data={"outcome": "x"})
    assert refused.status_code == 404
    db.session.expire_all()
    assert db.session.get(FollowUp, off_route.id).status == "open"
    # The coordinator still sees all three.
    login_as("coordinator")
    html = client.get("/opvolging").get_data(as_text=True)
    assert all(f"/opvolging/{f.id}" in html for f in (on_route, off_route, closed_round))


def test_providers_have_no_follow_ups(client, login_as):
    login_as("provider")
    assert client.get("/opvolging").status_code == 403


def test_assign_close_and_reopen(client, db, login_as):
    ballon = factories.organisation(name="De Ballon")
    colleague = factories.user("worker", organisation=ballon, name="Collega Ballon")
    stranger = factories.user("worker", name="Iemand Anders")
    # Same organisation, but the family is on none of their routes: they could not open it.
    elsewhere = factories.user("worker", organisation=ballon, name="Collega Elders")
    boss = factories.user("coordinator", organisation=ballon, name="Coördinator Ballon")
    worker = login_as("worker", organisation=ballon)
    route, stops = factories.walked_route(worker, n_stops=1)
    route.workers.append(colleague)
    followup = factories.follow_up(organisation=ballon, household=stops[0].household)
    db.session.commit()

    page = client.get(f"/opvolging/{followup.id}").get_data(as_text=True)
    assert "Collega Ballon" in page and boss.name in page
    assert "Iemand Anders" not in page and "Collega Elders" not in page
    for user in (stranger, elsewhere):
        refused = client.post(
            f"/opvolging/{followup.id}/toewijzen", data={"assigned_to_id": str(user.id)}
        )
        assert refused.status_code == 422
    response = client.post(
        f"/opvolging/{followup.id}/toewijzen", data={"assigned_to_id": str(colleague.id)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(FollowUp, followup.id).assigned_to_id == colleague.id

    empty = client.post(f"/opvolging/{followup.id}/afronden", data={"outcome": " "})
    assert empty.status_code == 422
    assert "Schrijf kort wat er gebeurd is" in empty.get_data(as_text=True)
    outcome = "Ingeschreven voor speelplein week 28"
    assert (
        client.post(f"/opvolging/{followup.id}/afronden", data={"outcome": outcome}).status_code
        == 302
    )
    db.session.expire_all()
    closed = db.session.get(FollowUp, followup.id)
    assert closed.status == "closed" and closed.outcome == outcome and closed.closed_at

    assert client.post(f"/opvolging/{followup.id}/heropenen").status_code == 302
    db.session.expire_all()
    reopened = db.session.get(FollowUp, followup.id)
    assert reopened.status == "open" and reopened.closed_at is None
    actions = list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))
    changes = [action for action in actions if action != "household_viewed"]  # forms shown again
    assert changes[-3:] == ["followup_assigned", "followup_closed", "followup_reopened"]
    assert "household_viewed" in actions
    texts = [str(d) for d in db.session.scalars(db.select(AuditEvent.detail))]
    assert not any("speelplein" in text for text in texts)
