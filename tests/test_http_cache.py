"""HTTP caching of the families' pages and the open data (issue 14 §1).

The suite runs with the app's caches on, as production does (tests/conftest.py). The app keeps
no page of its own: public answers carry `Cache-Control: public`, an ETag made from their body
and a Vary of what picks them, and a change anyone made shows on the very next request. What a
shared front keeps is proven with nginx itself (tests/test_nginx_front.py).
"""

import pytest
from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db as _db
from app.extensions import limiter
from tests import factories

PUBLIC = "public, max-age=60, stale-while-revalidate=300"
NO_STORE = "private, no-store"


def another_process(database_url: str, statement: str, **params) -> None:
    """Change the data over a connection of its own, as another worker or host would: no
    session event of this app sees it."""
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement), params)
    finally:
        engine.dispose()


# --- the suite itself ----------------------------------------------------------------------

# What a test may set differently from production, and why. Anything else that differs (a cache
# switched off, a flush interval shortened) would let production take paths no test takes.
TEST_ONLY_SETTINGS = {
    "TESTING",  # Flask's test mode: exceptions reach the test
    "SECRET_KEY",  # a fixed key instead of instance/secret_key
    "WTF_CSRF_ENABLED",  # the tests that post forms do not fetch a token first
    "RATELIMIT_ENABLED",  # hundreds of sign-ins from one address; tests/test_security.py has it on
    "RATELIMIT_STRATEGY",  # filled in by Flask-Limiter when it is on
    "SESSION_COOKIE_SECURE",  # follows PUBLIC_BASE_URL (https://stoep.example in the tests)
    "REMEMBER_COOKIE_SECURE",
    "PUBLIC_BASE_URL",
    "ADDRESS_REGISTER_URL",  # "": the suite never reaches the internet; tests serve a register
}


def test_the_suite_runs_with_what_production_runs(app, database_url):
    saved = (limiter.enabled, limiter._storage, limiter._limiter)  # global: put it back after
    try:
        production = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": database_url,
                "PUBLIC_BASE_URL": "http://stoepbezoek.example",
            }
        )
    finally:
        limiter.enabled, limiter._storage, limiter._limiter = saved
    differing = {
        name
        for name, value in production.config.items()
        if name not in TEST_ONLY_SETTINGS and app.config.get(name) != value
    }
    assert differing == set()
    assert not any(name.startswith("CACHE_") for name in app.config)  # nothing to switch off
    with production.app_context():
        _db.engine.dispose()


# --- a cached page never shows the wrong activity -------------------------------------------


def test_every_activity_is_its_own_page(client, db):
    shown = factories.activity(title="Zwemkamp aan de Blaarmeersen")
    others = [
        factories.activity(title="Circusatelier in het Rabot"),
        factories.activity(title="Voetbal op het Sint-Pietersplein"),
    ]
    hidden = factories.activity(status="submitted", title="Kamp nog niet gepubliceerd")
    db.session.commit()
    first = client.get(f"/aanbod/{shown.id}")
    assert "Zwemkamp aan de Blaarmeersen" in first.text
    for other in others:
        page = client.get(f"/aanbod/{other.id}")
        assert page.status_code == 200
        assert other.title in page.text and "Zwemkamp" not in page.text
        assert page.headers["ETag"] != first.headers["ETag"]
    assert client.get(f"/aanbod/{hidden.id}").status_code == 404
    assert client.get("/aanbod/123456").status_code == 404
    # A provider publishing something must not decide which page the next visitors get.
    factories.activity(title="Nieuw kamp van een aanbieder")
    db.session.commit()
    assert "Circusatelier" in client.get(f"/aanbod/{others[0].id}").text
    again = client.get(f"/aanbod/{shown.id}")
    assert "Zwemkamp aan de Blaarmeersen" in again.text and "Circusatelier" not in again.text


# --- no stale data from another process -----------------------------------------------------


def test_a_tip_unpublished_by_another_process_is_gone_from_the_next_page(client, db, database_url):
    tip = factories.tip(title="Stoepkrijttekeningen")
    factories.tip(title="In de plassen springen", kind="rainy_day")
    db.session.commit()
    first = client.get("/tips")
    assert "Stoepkrijttekeningen" in first.text
    unchanged = client.get("/tips", headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304
    another_process(
        database_url, "UPDATE tip SET published = :no WHERE id = :id", no=False, id=tip.id
    )
    after = client.get("/tips", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200
    assert "Stoepkrijttekeningen" not in after.text
    assert "In de plassen springen" in after.text


def test_an_activity_withdrawn_by_another_process_is_gone_from_the_next_page(
    client, db, database_url
):
    kept = factories.activity(title="Knutselnamiddag in de bib")
    gone = factories.activity(title="Sportkamp in de Watersportbaan")
    db.session.commit()
    assert "Sportkamp in de Watersportbaan" in client.get("/aanbod").text
    assert client.get(f"/aanbod/{gone.id}").status_code == 200
    api = client.get("/api/v1/activities")
    assert {a["id"] for a in api.get_json()["activities"]} == {kept.id, gone.id}
    another_process(
        database_url, "UPDATE activity SET status = 'withdrawn' WHERE id = :id", id=gone.id
    )
    assert client.get(f"/aanbod/{gone.id}").status_code == 404
    assert "Sportkamp in de Watersportbaan" not in client.get("/aanbod").text
    again = client.get("/api/v1/activities", headers={"If-None-Match": api.headers["ETag"]})
    assert again.status_code == 200
    assert [a["id"] for a in again.get_json()["activities"]] == [kept.id]


# --- HTTP semantics ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/aanbod", "/aanbod?wijk=4&lang=fr", "/tips", "/api/v1/activities?per_page=5"]
)
def test_public_answers_may_be_shared_and_revalidated(client, db, path):
    factories.activity(title="Speelpleinwerking Meulestede", wijk_number=4)
    factories.tip()
    db.session.commit()
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == PUBLIC
    assert {"Accept-Language", "Cookie", "Accept-Encoding"} <= set(first.vary)
    assert "Set-Cookie" not in first.headers or first.headers["Set-Cookie"].startswith("lang=")
    assert b"csrf" not in first.data
    # The same body is the same validator: a browser that holds it gets a 304 without a body.
    second = client.get(path)
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    unchanged = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert unchanged.headers["Cache-Control"] == PUBLIC
    # Another body, another validator.
    factories.activity(title="Nieuw: zomerkamp Brugse Poort", wijk_number=4)
    factories.tip(title="Nieuwe tip")
    db.session.commit()
    changed = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]


def test_compressed_answers_revalidate_too(client, db):
    factories.activity()
    db.session.commit()
    headers = {"Accept-Encoding": "gzip"}
    first = client.get("/aanbod", headers=headers)
    assert first.headers["Content-Encoding"] == "gzip"
    again = client.get("/aanbod", headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_another_language_is_another_answer(client, db):
    factories.activity()
    db.session.commit()
    dutch = client.get("/aanbod", headers={"Accept-Language": "nl"})
    french = client.get(
        "/aanbod", headers={"Accept-Language": "fr", "If-None-Match": dutch.headers["ETag"]}
    )
    assert french.status_code == 200 and 'lang="fr"' in french.text
    assert french.headers["ETag"] != dutch.headers["ETag"]


def test_a_signed_in_person_gets_nothing_shared(client, db, login_as):
    factories.activity()
    db.session.commit()
    login_as("coordinator")
    for path in ("/aanbod", "/tips", "/api/v1/activities", "/"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == NO_STORE, path
        assert "ETag" not in response.headers or path == "/", path


def test_a_page_with_a_message_for_one_visitor_is_not_shared(client, db):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Je voorkeur is bewaard.")]
    shown = client.get("/tips")
    assert "Je voorkeur is bewaard." in shown.text
    assert shown.headers["Cache-Control"] == NO_STORE and "ETag" not in shown.headers
    after = client.get("/tips")  # the message was shown once; the next page is shared again
    assert "Je voorkeur is bewaard." not in after.text
    assert after.headers["Cache-Control"] == PUBLIC


def test_errors_and_staff_pages_are_never_stored(client, db):
    assert client.get("/aanbod/999999").headers["Cache-Control"] == NO_STORE
    assert client.get("/login").headers["Cache-Control"] == NO_STORE
    assert client.get("/api/v1/activities?age=abc").headers["Cache-Control"] != PUBLIC


def test_a_scan_is_never_kept_by_a_browser_or_a_front(client, db):
    link = factories.short_link(wijk_number=3)
    db.session.commit()
    for _ in range(3):
        scan = client.get(f"/q/{link.code}")
        assert scan.status_code == 302
        assert "no-store" in scan.headers["Cache-Control"]
        assert "public" not in scan.headers["Cache-Control"]
        assert "ETag" not in scan.headers
