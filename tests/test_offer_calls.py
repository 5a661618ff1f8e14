"""Calls for offer: a coordinator opens one; anyone with the secret link submits and edits."""

import re
from datetime import timedelta

from limits import parse

from app import clock, create_app
from app.extensions import db as _db
from app.offers.models import Activity, Call, hash_token
from app.offers.services import submit_through_call
from app.security.limits import CALL_EDIT_LIMIT, CALL_SUBMISSION_LIMIT
from tests import factories
from tests.conftest import make_test_config
from tests.dbutil import fresh_database
from tests.test_offers import form_data


def submit(client, call, **kw):
    return client.post(f"/oproep/{call.token}", data=form_data(**kw))


def edit_link(client, call) -> str:
    html = client.get(f"/oproep/{call.token}/bedankt").get_data(as_text=True)
    match = re.search(r'href="https?://[^/"]+(/oproep/[^"]+/activiteit/\d+/[^"]+)"', html)
    assert match, html
    return match.group(1)


def test_coordinator_opens_a_call_and_sees_its_secret_link(client, db, login_as):
    login_as("coordinator")
    response = client.post(
        "/beheer-aanbod/oproepen/nieuw",
        data={
            "title": "Zomer in Ledeberg",
            "message": "We zoeken kampen.",
            "season_year": "2027",
            "deadline": "2027-06-01",
            "target_wijken": ["17", "18"],
            "open": "y",
        },
    )
    assert response.status_code == 302
    call = db.session.scalar(db.select(Call))
    assert call.target_wijken == [17, 18] and call.open
    assert len(call.token) >= 40 and re.fullmatch(r"[A-Za-z0-9_-]+", call.token)
    html = client.get(f"/beheer-aanbod/oproepen/{call.id}").get_data(as_text=True)
    assert f"https://stoep.example/oproep/{call.token}" in html
    assert "Zomer in Ledeberg" in client.get("/beheer-aanbod/oproepen").get_data(as_text=True)


def test_anyone_with_the_link_submits_without_an_account(client, db):
    call = factories.call(message="Graag aanbod in Ledeberg.", wijken=[18])
    db.session.commit()
    page = client.get(f"/oproep/{call.token}").get_data(as_text=True)
    assert "Graag aanbod in Ledeberg." in page and "Ledeberg" in page
    assert 'name="website"' in page  # the honeypot is there, hidden by CSS
    response = submit(client, call)
    assert response.status_code == 302
    item = db.session.scalar(db.select(Activity))
    assert item.status == "submitted" and item.call_id == call.id
    assert item.provider_organisation_id is None and item.contact_email == "carla@example.org"
    link = edit_link(client, call)
    token = link.rsplit("/", 1)[1]
    assert item.edit_token_hash == hash_token(token) and token not in item.edit_token_hash
    # The link is shown once: a reload of the thank-you page no longer has it.
    assert "/activiteit/" not in client.get(f"/oproep/{call.token}/bedankt").get_data(as_text=True)
    # Several activities through the same link.
    submit(client, call, title="Tweede activiteit")
    assert db.session.scalar(db.select(db.func.count()).select_from(Activity)) == 2


def test_call_submission_needs_a_contact(client, db):
    call = factories.call()
    db.session.commit()
    response = submit(client, call, contact_email="", contact_name="")
    assert response.status_code == 422
    assert 'value="Circuskamp"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Activity)) == 0


def test_filled_honeypot_pretends_success_and_stores_nothing(client, db):
    call = factories.call()
    db.session.commit()
    response = submit(client, call, website="http://spam.example")
    assert response.status_code == 302
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bedankt" in thanks and "/activiteit/" not in thanks
    assert db.session.scalar(db.select(db.func.count()).select_from(Activity)) == 0


def test_closed_or_past_deadline_call_shows_a_friendly_page(client, db):
    closed = factories.call(open=False)
    late = factories.call(deadline=clock.today() - timedelta(days=1))
    db.session.commit()
    for call in (closed, late):
        page = client.get(f"/oproep/{call.token}")
        assert page.status_code == 410
        assert "Deze oproep is afgelopen" in page.get_data(as_text=True)
        assert submit(client, call).status_code == 410
    assert db.session.scalar(db.select(db.func.count()).select_from(Activity)) == 0
    assert client.get("/oproep/no-such-token").status_code == 404


def test_edit_link_changes_the_submission_and_nothing_else(client, db):
    call = factories.call()
    other_call = factories.call()
    db.session.commit()
    submit(client, call)
    link = edit_link(client, call)
    item = db.session.scalar(db.select(Activity))
    assert 'value="Circuskamp"' in client.get(link).get_data(as_text=True)
    assert client.post(link, data=form_data(title="Circuskamp voor kleuters")).status_code == 302
    db.session.refresh(item)
    assert item.title == "Circuskamp voor kleuters" and item.status == "submitted"
    wrong_token = link[: link.rindex("/") + 1] + "x" * 32
    assert client.get(wrong_token).status_code == 404
    assert client.get(link.replace(call.token, other_call.token)).status_code == 404


def test_edit_link_change_to_a_published_activity_waits_for_approval(client, db):
    call = factories.call()
    db.session.commit()
    submit(client, call)
    link = edit_link(client, call)
    item = db.session.scalar(db.select(Activity))
    item.status = "published"
    db.session.commit()
    client.post(link, data=form_data(title="Nieuwe titel"))
    db.session.refresh(item)
    assert item.title == "Circuskamp" and item.pending_changes["title"] == "Nieuwe titel"


def test_submissions_are_rate_limited(tmp_path):
    from app.extensions import limiter

    # The limiter is one object for every app: put it back as the rest of the suite expects.
    was_enabled = limiter.enabled
    try:
        _rate_limited_submissions(tmp_path)
    finally:
        limiter.enabled = was_enabled


def _rate_limited_submissions(tmp_path):
    with fresh_database(tmp_path) as url:
        app = create_app(make_test_config(url, RATELIMIT_ENABLED=True))
        with app.app_context():
            from flask_migrate import upgrade

            from app.wijken.services import load_wijken

            upgrade()
            load_wijken()
            call = factories.call()
            _db.session.commit()
            client = app.test_client()
            # The limits the views use, whatever they are set to.
            allowed = parse(CALL_SUBMISSION_LIMIT).amount
            statuses = [
                client.post(f"/oproep/{call.token}", data={"title": ""}).status_code
                for _ in range(allowed + 1)
            ]
            assert statuses[:allowed] == [422] * allowed and statuses[allowed] == 429
            assert client.get(f"/oproep/{call.token}").status_code == 200  # reading is not limited

            # The edit link counts on its own, with its own limit.
            activity, token = submit_through_call(factories.activity_values(), call)
            link = f"/oproep/{call.token}/activiteit/{activity.id}/{token}"
            allowed = parse(CALL_EDIT_LIMIT).amount
            statuses = [
                client.post(link, data={"title": ""}).status_code for _ in range(allowed + 1)
            ]
            assert statuses[:allowed] == [422] * allowed and statuses[allowed] == 429
            assert client.get(link).status_code == 200
            _db.session.remove()
            _db.engine.dispose()
