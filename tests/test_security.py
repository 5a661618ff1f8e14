"""Protections: sign-in throttling and lockout, rate limits, security headers, session cookies."""

import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from app import create_app
from app.auth.models import User
from app.extensions import db as _db
from app.extensions import limiter
from app.models import AuditEvent
from app.security.headers import CONTENT_SECURITY_POLICY
from tests import factories
from tests.conftest import RequestClient, make_test_config
from tests.redis_db import REDIS_TEST_URL, redis_prefix

GENERIC = "Het e-mailadres of het wachtwoord klopt niet."
LOCKED = "Te veel pogingen, probeer later opnieuw."


@pytest.fixture
def make_app(app, database_url):
    """Build extra apps on the suite's database; restore the shared limiter afterwards.

    The Limiter object is global (app/extensions.py), so an app built with the limiter on
    would leave it on for the rest of the suite unless we put it back.
    """
    saved = (limiter.enabled, limiter._storage, limiter._limiter)
    built = []

    def _make(**config):
        config.setdefault("REDIS_URL", None)  # ignore a REDIS_URL in the developer's shell
        fresh = create_app(make_test_config(database_url, **config))
        fresh.test_client_class = RequestClient
        built.append(fresh)
        return fresh

    yield _make
    for fresh in built:
        with fresh.app_context():
            _db.session.remove()
            _db.engine.dispose()
    limiter.enabled, limiter._storage, limiter._limiter = saved


@pytest.fixture
def limited(make_app):
    """An app with the limiter on and fresh in-memory storage, its context pushed."""
    fresh = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    with fresh.app_context():
        yield fresh
        _db.session.remove()


def sign_in(client, email, password, **kw):
    return client.post("/login", data={"email": email, "password": password}, **kw)


def fail_times(client, email, n):
    for _ in range(n):
        response = sign_in(client, email, "not the password at all")
        assert response.status_code == 422
        assert GENERIC in response.get_data(as_text=True)
        assert LOCKED not in response.get_data(as_text=True)


# --- lockout ---------------------------------------------------------------------------------


def test_sixth_attempt_is_refused_even_with_the_right_password(limited):
    factories.user("worker", email="w@example.gent")
    _db.session.commit()
    client = limited.test_client()
    fail_times(client, "w@example.gent", 5)
    response = sign_in(client, "w@example.gent", factories.PASSWORD)
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert GENERIC in html and LOCKED in html
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    assert client.get("/vandaag").status_code == 302  # not signed in
    actions = _db.session.scalars(db_actions()).all()
    assert "sign_in_locked" in actions and "sign_in" not in actions


def db_actions():
    return _db.select(AuditEvent.action).order_by(AuditEvent.id)


def test_an_unknown_email_locks_exactly_like_a_real_one(limited):
    factories.user("worker", email="real@example.gent")
    _db.session.commit()
    answers = {}
    for email in ("real@example.gent", "nobody@example.gent"):
        client = limited.test_client()
        fail_times(client, email, 5)
        locked = sign_in(client, email, factories.PASSWORD)
        html = locked.get_data(as_text=True).replace(email, "EMAIL")
        answers[email] = (locked.status_code, GENERIC in html, LOCKED in html)
    assert answers["real@example.gent"] == answers["nobody@example.gent"] == (429, True, True)


def test_the_lock_expires(limited, monkeypatch):
    factories.user("worker", email="w@example.gent")
    _db.session.commit()
    client = limited.test_client()
    fail_times(client, "w@example.gent", 5)
    assert sign_in(client, "w@example.gent", factories.PASSWORD).status_code == 429

    import limits.storage.memory as memory

    class Later:
        @staticmethod
        def time():
            return time.time() + 16 * 60

    monkeypatch.setattr(memory, "time", Later)
    response = sign_in(client, "w@example.gent", factories.PASSWORD)
    assert response.status_code == 302
    assert client.get("/vandaag").status_code == 200


def test_a_success_resets_the_failure_count(limited):
    factories.user("worker", email="w@example.gent")
    _db.session.commit()
    client = limited.test_client()
    fail_times(client, "w@example.gent", 4)
    assert sign_in(client, "w@example.gent", factories.PASSWORD).status_code == 302
    client.post("/logout")
    fail_times(client, "w@example.gent", 4)  # 8 failures in all, but never 5 in a row
    assert sign_in(client, "w@example.gent", factories.PASSWORD).status_code == 302


def test_lockout_is_per_account(limited):
    factories.user("worker", email="a@example.gent")
    factories.user("worker", email="b@example.gent")
    _db.session.commit()
    client = limited.test_client()
    fail_times(client, "a@example.gent", 5)
    assert sign_in(client, "b@example.gent", factories.PASSWORD).status_code == 302


# --- rate limits -----------------------------------------------------------------------------


def test_sign_in_per_address_limit_answers_a_friendly_429(limited):
    # Known accounts (cheap test hashes) failing once each: no lock, only the address limit.
    emails = [factories.user("worker").email for _ in range(22)]
    _db.session.commit()
    client = limited.test_client()
    statuses = [sign_in(client, email, "x").status_code for email in emails[:21]]
    assert statuses[:20] == [422] * 20
    assert statuses[20] == 429
    page = sign_in(client, emails[21], "x")
    assert page.status_code == 429
    assert "Even geduld" in page.get_data(as_text=True)
    assert int(page.headers["Retry-After"]) > 0


def test_the_api_limit_answers_json_with_retry_after(limited):
    client = limited.test_client()
    for _ in range(300):
        assert client.get("/api/v1/openapi.json").status_code == 200
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0


def test_a_redis_backed_limiter_locks_and_stores_no_email(make_app):
    with redis_prefix("lockout") as (connection, prefix):
        fresh = make_app(
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI="memory://",
            REDIS_URL=REDIS_TEST_URL,
            REDIS_KEY_PREFIX=prefix,
        )
        assert fresh.config["RATELIMIT_STORAGE_URI"] == REDIS_TEST_URL
        with fresh.app_context():
            factories.user("worker", email="w@example.gent")
            _db.session.commit()
            client = fresh.test_client()
            fail_times(client, "w@example.gent", 5)
            assert sign_in(client, "w@example.gent", factories.PASSWORD).status_code == 429
            keys = [k.decode() for k in connection.scan_iter(f"{prefix}*")]
            assert any("sign-in/locked" in k for k in keys)
            assert not any("example.gent" in k for k in keys)
            _db.session.remove()


# --- headers ---------------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(client):
    for response in (client.get("/login"), client.get("/does-not-exist")):
        headers = response.headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        policy = headers["Permissions-Policy"]
        assert "camera=()" in policy and "microphone=()" in policy
        assert "geolocation=(self)" in policy


def test_qr_links_send_no_referrer(client):
    assert client.get("/q/ABC123").headers["Referrer-Policy"] == "no-referrer"


def test_hsts_whenever_the_public_address_is_https(client, make_app):
    # PUBLIC_BASE_URL is https: behind a TLS proxy that does not pass X-Forwarded-Proto (or with
    # PROXY_FIX_X_PROTO left out) the app sees plain HTTP, and HSTS must still be sent.
    hsts = "max-age=31536000; includeSubDomains"
    assert client.get("/login").headers["Strict-Transport-Security"] == hsts
    assert client.get("/q/ABC123").headers["Strict-Transport-Security"] == hsts
    for base in ("http://127.0.0.1:5000", None):
        plain = make_app(PUBLIC_BASE_URL=base).test_client()
        assert "Strict-Transport-Security" not in plain.get("/login").headers
        secure = plain.get("/login", base_url="https://stoep.example")
        assert secure.headers["Strict-Transport-Security"] == hsts


def test_api_answers_are_not_cached(client):
    assert client.get("/api/v1/openapi.json").headers["Cache-Control"] == "no-store"


TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_have_nothing_the_csp_would_block():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(TEMPLATES)
        found += [f"{name}: {what}" for rx, what in INLINE if rx.search(text)]
    assert found == []


# --- sessions --------------------------------------------------------------------------------


def cookie_header(response) -> str:
    return next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))


def test_session_cookie_is_httponly_lax_secure_and_lasts_12_hours(client, db):
    factories.user("worker", email="w@example.gent")
    db.session.commit()
    response = sign_in(client, "w@example.gent", factories.PASSWORD)
    cookie = cookie_header(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    # Permanent, so PERMANENT_SESSION_LIFETIME applies: the cookie expires in 12 hours.
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    hours = (expires - datetime.now(UTC)).total_seconds() / 3600
    assert 11.9 < hours <= 12
    assert not any("remember_token" in c for c in response.headers.getlist("Set-Cookie"))


def test_cookie_is_secure_when_the_request_came_over_https(make_app):
    fresh = make_app(PUBLIC_BASE_URL=None)
    with fresh.app_context():
        factories.user("worker", email="w@example.gent")
        _db.session.commit()
        plain = cookie_header(sign_in(fresh.test_client(), "w@example.gent", factories.PASSWORD))
        assert "Secure" not in plain
        secure = sign_in(
            fresh.test_client(), "w@example.gent", factories.PASSWORD, base_url="https://x.gent"
        )
        assert "Secure" in cookie_header(secure)
        _db.session.remove()


def test_proxy_fix_trusts_forwarded_proto_only_when_configured(make_app):
    forwarded = {"X-Forwarded-Proto": "https"}
    # Without an https PUBLIC_BASE_URL, HSTS shows whether the app saw the request as HTTPS.
    off = make_app(PUBLIC_BASE_URL=None).test_client().get("/login", headers=forwarded)
    assert "Strict-Transport-Security" not in off.headers
    on = make_app(PUBLIC_BASE_URL=None, PROXY_FIX_X_FOR=1, PROXY_FIX_X_PROTO=1).test_client()
    assert "Strict-Transport-Security" in on.get("/login", headers=forwarded).headers


def test_proxy_settings_come_from_the_environment():
    from app.config import apply_environment

    config = {}
    apply_environment(config, {"PROXY_FIX_X_PROTO": "1", "RETENTION_MONTHS": "18"})
    assert config == {"PROXY_FIX_X_PROTO": 1, "RETENTION_MONTHS": 18}


# --- changing one's own password -------------------------------------------------------------


def test_password_change_keeps_this_session_and_ends_the_others(app, db):
    user = factories.user("worker", email="w@example.gent")
    db.session.commit()
    here, elsewhere = app.test_client(), app.test_client()
    for c in (here, elsewhere):
        assert sign_in(c, "w@example.gent", factories.PASSWORD).status_code == 302
        assert c.get("/vandaag").status_code == 200
    assert here.get("/account/wachtwoord").status_code == 200
    response = here.post(
        "/account/wachtwoord",
        data={
            "current_password": factories.PASSWORD,
            "password": "a new and long password",
            "confirm": "a new and long password",
        },
    )
    assert response.status_code == 302
    assert here.get("/vandaag").status_code == 200
    assert elsewhere.get("/vandaag").status_code == 302
    assert db.session.get(User, user.id).check_password("a new and long password")
    assert "password_changed" in db.session.scalars(db_actions()).all()


@pytest.mark.parametrize(
    "current,new,confirm,message",
    [
        ("wrong password here", "a new and long password", "a new and long password", "klopt niet"),
        (factories.PASSWORD, "short", "short", "minstens 12 tekens"),
        (factories.PASSWORD, "a new and long password", "another long password", "verschillen"),
    ],
)
def test_password_change_is_refused_and_keeps_the_old_one(
    client, db, login_as, current, new, confirm, message
):
    user = login_as("worker")
    response = client.post(
        "/account/wachtwoord",
        data={"current_password": current, "password": new, "confirm": confirm},
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.get(User, user.id).check_password(factories.PASSWORD)
    assert client.get("/vandaag").status_code == 200


def test_anonymous_cannot_reach_the_password_page(client):
    assert client.get("/account/wachtwoord").headers["Location"].startswith("/login")
