"""Sign-ins end on the server: a copied cookie opens nothing after sign-out, a password change, a
deactivation or a reset; the CSRF token of before the sign-in does not work after it."""

import re
from datetime import timedelta

import pytest
import time_machine
from flask_login.utils import encode_cookie

from app.admin.services import reset_password, set_user_active
from app.auth.models import SignIn, User
from app.clock import now
from app.models import AuditEvent
from tests import factories

STAFF_PAGES = ["/vandaag", "/api/v1/routes", "/api/v1/meta", "/account/wachtwoord"]


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def page_token(client, path="/login") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def sign_in(client, email, password=factories.PASSWORD):
    token = page_token(client)
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def copy_of(app, client):
    """A second browser holding a copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", session_cookie(client))
    return thief


def opens(client, path) -> bool:
    return client.get(path).status_code == 200


@pytest.fixture
def worker(db):
    user = factories.user("worker", email="w@example.gent")
    db.session.commit()
    return user


def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(app, client, worker, csrf_on):
    sign_in(client, "w@example.gent")
    thief = copy_of(app, client)
    assert all(opens(thief, path) for path in STAFF_PAGES)

    response = client.post("/logout", data={"csrf_token": page_token(client, "/vandaag")})
    assert response.status_code == 302

    for path in STAFF_PAGES:
        answer = thief.get(path)
        assert answer.status_code in (302, 401), path
    assert thief.get("/vandaag").headers["Location"].startswith("/login")
    api = thief.get("/api/v1/routes")
    assert api.status_code == 401 and api.get_json()["error"]["code"] == "unauthorized"
    assert "address" not in api.get_data(as_text=True)
    # Not even a POST: the copy still holds a CSRF token, but no sign-in any more.
    visits = thief.post(
        "/api/v1/visits", json={"visits": []}, headers={"X-CSRFToken": page_token(thief)}
    )
    assert visits.status_code == 401


def test_a_remember_me_cookie_opens_nothing_either(app, client, worker, csrf_on):
    sign_in(client, "w@example.gent")
    with client.session_transaction() as session:
        login_id = session["_user_id"]
    client.post("/logout", data={"csrf_token": page_token(client, "/vandaag")})
    forged = app.test_client()
    # What Flask-Login would have set with remember=True, signed with the app's secret key.
    forged.set_cookie("remember_token", encode_cookie(login_id))
    assert forged.get("/vandaag").status_code == 302
    assert forged.get("/api/v1/routes").status_code == 401


def test_signing_out_on_one_phone_leaves_the_other_signed_in(app, worker, csrf_on):
    phone, tablet = app.test_client(), app.test_client()
    sign_in(phone, "w@example.gent")
    sign_in(tablet, "w@example.gent")
    phone.post("/logout", data={"csrf_token": page_token(phone, "/vandaag")})
    assert not opens(phone, "/vandaag")
    assert opens(tablet, "/vandaag")


def test_the_field_client_signs_out_with_a_fetch(app, client, worker, csrf_on):
    sign_in(client, "w@example.gent")
    thief = copy_of(app, client)
    token = page_token(client, "/vandaag")
    json = {"Accept": "application/json"}
    refused = client.post("/logout", headers=json)  # no token: refused, still signed in
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf"
    assert opens(thief, "/vandaag")
    response = client.post("/logout", headers={**json, "X-CSRFToken": token})
    assert response.status_code == 200
    assert response.get_json() == {"signed_out": True}
    assert not opens(thief, "/vandaag")
    assert not opens(client, "/vandaag")


def test_a_password_change_ends_the_other_sign_ins_and_keeps_this_cookie(
    app, client, db, worker, csrf_on
):
    sign_in(client, "w@example.gent")
    other_phone = app.test_client()
    sign_in(other_phone, "w@example.gent")
    with client.session_transaction() as session:
        before = session["_user_id"]
    copy = copy_of(app, client)
    new = "a new and long password"
    response = client.post(
        "/account/wachtwoord",
        data={
            "current_password": factories.PASSWORD,
            "password": new,
            "confirm": new,
            "csrf_token": page_token(client, "/account/wachtwoord"),
        },
    )
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session["_user_id"] == before  # the cookie a background request holds stays good
    assert opens(client, "/vandaag") and opens(copy, "/vandaag")
    assert not opens(other_phone, "/vandaag")
    event = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "password_changed")
    ).one()
    assert event.detail["sessions_ended"] == 1


def test_deactivation_and_a_reset_end_every_sign_in(app, db, worker):
    phones = [app.test_client() for _ in range(2)]
    for phone in phones:
        sign_in(phone, "w@example.gent")
    user = db.session.get(User, worker.id)
    set_user_active(user, False)
    set_user_active(user, True)  # switching the account back on brings no old session back
    assert not any(opens(phone, "/vandaag") for phone in phones)

    sign_in(phones[0], "w@example.gent")
    reset_password(db.session.get(User, worker.id), "a password set by the admin")
    assert not opens(phones[0], "/vandaag")


def test_a_sign_in_ends_after_its_lifetime_whatever_the_cookie_says(app, client, db, worker):
    sign_in(client, "w@example.gent")
    copy = copy_of(app, client)
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"]
    with time_machine.travel(now() + lifetime - timedelta(minutes=1)):
        assert opens(copy, "/vandaag")
    with time_machine.travel(now() + lifetime + timedelta(minutes=1)):
        assert not opens(copy, "/vandaag")
        # Signing in again starts a new one and clears the expired rows.
        sign_in(app.test_client(), "w@example.gent")
        assert db.session.scalar(db.select(db.func.count()).select_from(SignIn)) == 1


def test_the_server_keeps_only_a_hash_of_the_token(client, db, worker):
    sign_in(client, "w@example.gent")
    with client.session_transaction() as session:
        token = session["_user_id"].split(":", 1)[1]
    stored = db.session.scalars(db.select(SignIn.token_hash)).all()
    assert len(stored) == 1 and token not in stored[0] and len(token) >= 40


def test_a_csrf_token_from_before_the_sign_in_does_not_work_after_it(app, client, worker, csrf_on):
    before = page_token(client)
    sign_in(client, "w@example.gent")
    refused = client.post("/logout", data={"csrf_token": before})
    assert refused.status_code == 400
    assert opens(client, "/vandaag")
    after = page_token(client, "/vandaag")
    assert after != before
    assert client.post("/logout", data={"csrf_token": after}).status_code == 302
    assert not opens(client, "/vandaag")


def test_a_token_planted_in_the_session_before_sign_in_is_replaced(app, client, worker, csrf_on):
    """Session fixation: whatever the session held before the sign-in is gone after it."""
    with client.session_transaction() as session:
        session["csrf_token"] = "planted-by-someone-else"
        session["planted"] = True
    sign_in(client, "w@example.gent")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["csrf_token"] != "planted-by-someone-else"


def test_a_program_posting_without_a_session_is_told_to_sign_in(client, csrf_on):
    """401 before the CSRF check: without a session a token could not help (contract §6)."""
    response = client.post("/api/v1/visits", json={"visits": []})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    page = client.post("/logout", data={})  # a browser's form without a token: still the 400 page
    assert page.status_code == 400
