"""Sign-in, sign-out, the safe `next`, inactive accounts and what anonymous users see."""

import pytest

from app.auth.models import User
from app.models import AuditEvent
from tests import factories


def sign_in(client, email, password, next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def test_login_page_has_form_and_csrf_meta(client):
    page = client.get("/login")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="email"' in html and 'name="password"' in html
    assert '<meta name="csrf-token"' in html
    assert '<meta name="viewport"' in html


def test_sign_in_redirects_to_the_role_home(client, db):
    user = factories.user("worker", email="w@example.gent")
    db.session.commit()
    response = sign_in(client, "W@Example.gent ", factories.PASSWORD)
    assert response.status_code == 302
    assert client.get("/").headers["Location"].endswith("/vandaag")
    assert db.session.get(User, user.id).last_sign_in_at is not None


@pytest.mark.parametrize(
    "email,password",
    [
        ("nobody@example.gent", factories.PASSWORD),
        ("w@example.gent", "wrong password entirely"),
    ],
)
def test_unknown_email_and_wrong_password_get_the_same_message(client, db, email, password):
    factories.user("worker", email="w@example.gent")
    db.session.commit()
    response = sign_in(client, email, password)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Het e-mailadres of het wachtwoord klopt niet." in html
    assert f'value="{email}"' in html  # what was typed is kept
    assert db.session.scalar(db.select(AuditEvent.action)) == "sign_in_failed"


def test_inactive_account_is_refused(client, db):
    factories.user("worker", email="off@example.gent", active=False)
    db.session.commit()
    response = sign_in(client, "off@example.gent", factories.PASSWORD)
    assert response.status_code == 422
    assert "uitgeschakeld" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still anonymous


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/wijken", "/wijken"),
        ("https://evil.example/x", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_never_leaves_the_site(client, db, target, expected):
    factories.user("coordinator", email="c@example.gent")
    db.session.commit()
    response = sign_in(client, "c@example.gent", factories.PASSWORD, next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_anonymous_html_is_sent_to_sign_in_and_json_gets_401(client):
    page = client.get("/wijken")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/login?next=/wijken")
    api = client.get("/wijken", headers={"Accept": "application/json"})
    assert api.status_code == 401
    assert api.get_json()["error"]["code"] == "unauthorized"


def test_worker_on_admin_page_gets_friendly_403(client, login_as):
    login_as("worker")
    page = client.get("/beheer/gebruikers")
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "Geen toegang" in html and "Traceback" not in html
    api = client.get("/beheer/gebruikers", headers={"Accept": "application/json"})
    assert api.status_code == 403
    assert api.get_json()["error"]["code"] == "forbidden"


def test_logout_needs_post_and_ends_session(client, login_as):
    login_as("worker")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/vandaag").status_code == 302


def test_password_is_hashed_with_scrypt(db):
    user = factories.user("admin")
    user.set_password("a long enough password")
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password("a long enough password")
    assert not user.check_password("another password")


def test_a_password_reset_by_an_admin_ends_existing_sessions(client, db, login_as):
    from app.admin.services import reset_password

    user = login_as("worker")
    assert client.get("/vandaag").status_code == 200
    reset_password(user, "a brand new password")
    assert client.get("/vandaag").status_code == 302


@pytest.mark.parametrize(
    "role,home",
    [
        ("admin", "/beheer"),
        ("coordinator", "/coordinatie"),
        ("worker", "/vandaag"),
        ("provider", "/mijn-aanbod"),
    ],
)
def test_each_role_has_its_own_home(client, login_as, role, home):
    login_as(role)
    response = client.get("/")
    assert response.headers["Location"] == home
    assert client.get(home).status_code == 200


def test_coordinator_home_shows_the_work_waiting(client, db, login_as):
    login_as("coordinator")
    factories.follow_up()
    db.session.commit()
    html = client.get("/coordinatie").get_data(as_text=True)
    assert "<strong>0</strong> lopende rondes" in html and "activiteiten na te kijken" in html
    assert "<strong>1</strong> open opvolging<" in html  # one, not "1 open opvolgingen"


def test_pages_do_not_resend_an_unchanged_session_cookie(client, db):
    # A page that left with the old cookie before a password change must not put it back
    # (the field client fetches a worker's routes in the background while they use the app).
    user = factories.user("worker")
    db.session.commit()
    signed_in = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert "session=" in signed_in.headers.get("Set-Cookie", "")
    client.get("/vandaag")  # the first page puts the form token in the session: a change
    page = client.get("/vandaag")
    assert page.status_code == 200
    assert "session=" not in " ".join(page.headers.getlist("Set-Cookie"))
    api = client.get("/api/v1/routes")
    assert api.status_code == 200 and not api.headers.getlist("Set-Cookie")
