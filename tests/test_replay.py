"""What a process remembers of the public side (issue 9): replayed answers
(app/delivery/replay.py), the targets of QR codes and the scans not yet written
(app/flyers/scan_tally.py). Behaviour only: no timing is asserted."""

import time

import pytest
from sqlalchemy import event, text

from app import create_app
from app.extensions import db as _db
from app.flyers.models import ScanCount
from tests import factories
from tests.conftest import KEEP_TABLES, RequestClient, make_test_config


@pytest.fixture
def make_app(_app, database_url):
    """An app that remembers (the suite's config remembers nothing); tables emptied after."""
    contexts = []

    def make(**config):
        settings = {"CACHE_TYPE": "SimpleCache", "PUBLIC_RECHECK_SECONDS": 60, **config}
        app = create_app(make_test_config(database_url, **settings))
        app.test_client_class = RequestClient
        context = app.app_context()
        context.push()
        contexts.append(context)
        return app

    yield make
    _db.session.rollback()
    with _db.engine.begin() as conn:
        for table in reversed(_db.metadata.sorted_tables):
            if table.name not in KEEP_TABLES:
                conn.execute(table.delete())
    _db.engine.dispose()
    for context in reversed(contexts):
        context.pop()


class Queries:
    def __init__(self):
        self.count = 0

    def __call__(self, *_args):
        self.count += 1


def queries_during(request):
    counter = Queries()
    event.listen(_db.engine, "before_cursor_execute", counter)
    try:
        response = request()
    finally:
        event.remove(_db.engine, "before_cursor_execute", counter)
    return response, counter.count


def publish(**kw):
    record = factories.activity(status="published", **kw)
    _db.session.commit()
    return record


def test_public_pages_carry_no_csrf_token_and_set_no_cookie(make_app):
    app = make_app()
    publish(wijk_number=1)
    response = app.test_client().get("/aanbod?wijk=1")
    assert response.status_code == 200
    assert b"csrf" not in response.data
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_the_same_request_is_answered_again_without_flask_or_the_database(make_app):
    app = make_app()
    publish(wijk_number=1, title="Voetbalkamp aan de Watersportbaan")
    headers = {"Accept-Encoding": "gzip", "Accept-Language": "nl"}
    first = app.test_client().get("/aanbod?wijk=1", headers=headers)
    again, queries = queries_during(
        lambda: app.test_client().get("/aanbod?wijk=1", headers=headers)
    )
    assert again.headers["X-Cache"] == "replay" and queries == 0
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Encoding"] == "gzip"
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    # The browser that holds it gets a 304 from the replay too.
    unchanged = app.test_client().get(
        "/aanbod?wijk=1", headers={**headers, "If-None-Match": first.headers["ETag"]}
    )
    assert unchanged.status_code == 304 and unchanged.data == b""


def test_what_changes_the_page_is_part_of_what_is_replayed(make_app):
    app = make_app()
    publish(wijk_number=1)
    client = app.test_client()
    dutch = client.get("/aanbod?wijk=1", headers={"Accept-Language": "nl"})
    english = client.get("/aanbod?wijk=1", headers={"Accept-Language": "en"})
    assert english.headers.get("X-Cache") != "replay"
    assert 'lang="en"' in english.get_data(as_text=True)
    assert 'lang="nl"' in dutch.get_data(as_text=True)
    other_wijk = client.get("/aanbod?wijk=2", headers={"Accept-Language": "nl"})
    assert other_wijk.headers.get("X-Cache") != "replay"
    # The language cookie chooses the page too.
    cookie = app.test_client()
    cookie.set_cookie("lang", "fr")
    french = cookie.get("/aanbod?wijk=1", headers={"Accept-Language": "nl"})
    assert 'lang="fr"' in french.get_data(as_text=True)
    assert french.headers.get("X-Cache") != "replay"


def test_a_links_language_is_replayed_and_sets_no_cookie(make_app):
    # A families' page sets no cookie: ?lang= is the link's language, and the switcher's choice
    # is kept by /taal/<code> (app/i18n.py), so the same answer serves everyone.
    app = make_app()
    publish(wijk_number=1)
    first = app.test_client().get("/aanbod?wijk=1&lang=ar")
    again = app.test_client().get("/aanbod?wijk=1&lang=ar")
    assert again.headers["X-Cache"] == "replay"
    assert "Set-Cookie" not in first.headers and "Set-Cookie" not in again.headers
    assert 'dir="rtl"' in again.get_data(as_text=True)


def test_someone_with_a_session_is_never_answered_from_the_replay(make_app):
    app = make_app()
    publish(wijk_number=1)
    app.test_client().get("/aanbod?wijk=1")
    assert app.test_client().get("/aanbod?wijk=1").headers["X-Cache"] == "replay"
    session_cookie = app.test_client()
    session_cookie.set_cookie("session", "someone-s-session")
    assert session_cookie.get("/aanbod?wijk=1").headers.get("X-Cache") != "replay"
    staff = app.test_client()
    factories.user(email="coordinator@test.gent", role="coordinator")
    _db.session.commit()
    staff.post("/login", data={"email": "coordinator@test.gent", "password": factories.PASSWORD})
    seen = staff.get("/aanbod?wijk=1")
    assert seen.headers.get("X-Cache") != "replay"
    assert seen.headers["Cache-Control"] == "private, no-store"


def test_a_change_made_in_this_process_is_shown_at_once(make_app):
    app = make_app()
    publish(wijk_number=1, title="Knutselnamiddag")
    client = app.test_client()
    client.get("/aanbod?wijk=1")
    assert client.get("/aanbod?wijk=1").headers["X-Cache"] == "replay"
    publish(wijk_number=1, title="Zwemles in het Rooigem")
    fresh = client.get("/aanbod?wijk=1")
    assert fresh.headers.get("X-Cache") != "replay"
    assert "Zwemles in het Rooigem" in fresh.get_data(as_text=True)


def test_a_change_from_another_process_is_shown_after_the_recheck_interval(make_app):
    app = make_app(PUBLIC_RECHECK_SECONDS=0.2)
    record = publish(wijk_number=1, title="Knutselnamiddag")
    client = app.test_client()
    client.get("/aanbod?wijk=1")
    # Another process renames it: no session event reaches this one, only the data changes.
    with _db.engine.begin() as conn:
        conn.execute(
            text("UPDATE activity SET title = :t, updated_at = :u WHERE id = :id"),
            {"t": "Circusschool op het plein", "u": "2031-01-01 00:00:00", "id": record.id},
        )
    _db.session.expire_all()  # the test's session outlives requests; a worker's does not
    assert client.get("/aanbod?wijk=1").headers["X-Cache"] == "replay"  # not yet rechecked
    time.sleep(0.3)
    page = client.get("/aanbod?wijk=1").get_data(as_text=True)
    assert "Circusschool op het plein" in page


def test_errors_and_flashed_pages_are_not_replayed(make_app):
    app = make_app()
    client = app.test_client()
    client.get("/aanbod/999999")
    missing = client.get("/aanbod/999999")
    assert missing.status_code == 404 and missing.headers.get("X-Cache") != "replay"
    assert app.extensions["replay"].entries == {}


# --- QR codes -------------------------------------------------------------------------------


def scans(link_id: int) -> int:
    _db.session.expire_all()
    return (
        _db.session.scalar(
            _db.select(_db.func.sum(ScanCount.count)).where(ScanCount.short_link_id == link_id)
        )
        or 0
    )


def test_scans_are_added_up_and_written_together(make_app):
    app = make_app(SCAN_FLUSH_SECONDS=600)
    link = factories.short_link(wijk_number=3)
    _db.session.commit()
    client = app.test_client()
    for _ in range(5):
        assert client.get(f"/q/{link.code}").status_code == 302
    assert scans(link.id) == 0
    app.extensions["scan_tally"].flush()
    assert scans(link.id) == 5
    app.extensions["scan_tally"].flush()  # nothing new: nothing added
    assert scans(link.id) == 5


def test_a_failed_write_keeps_the_scans_for_the_next_one(make_app, monkeypatch):
    from app.flyers import services

    app = make_app(SCAN_FLUSH_SECONDS=600)
    link = factories.short_link(wijk_number=3)
    _db.session.commit()
    for _ in range(3):
        app.test_client().get(f"/q/{link.code}")
    real = services.count_scan

    def database_away(*_args, **_kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(services, "count_scan", database_away)
    app.extensions["scan_tally"].flush()
    assert scans(link.id) == 0
    monkeypatch.setattr(services, "count_scan", real)
    app.extensions["scan_tally"].flush()
    assert scans(link.id) == 3


def test_the_timer_writes_the_scans_without_another_scan(make_app):
    app = make_app(SCAN_FLUSH_SECONDS=0.05)
    link = factories.short_link(wijk_number=3)
    _db.session.commit()
    for _ in range(4):
        app.test_client().get(f"/q/{link.code}")
    deadline = time.monotonic() + 10
    while scans(link.id) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert scans(link.id) == 4


def test_a_stopping_gunicorn_worker_writes_what_it_still_holds(make_app):
    import importlib.util
    from pathlib import Path

    app = make_app(SCAN_FLUSH_SECONDS=600)
    link = factories.short_link(wijk_number=3)
    _db.session.commit()
    app.test_client().get(f"/q/{link.code}")
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
    )
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)

    class Worker:
        class app:  # noqa: N801 - gunicorn's worker.app.wsgi()
            @staticmethod
            def wsgi():
                return app

    conf.worker_exit(None, Worker)
    assert scans(link.id) == 1


def test_a_retargeted_or_retired_code_is_followed_at_once_in_this_process(make_app):
    app = make_app()
    link = factories.short_link(wijk_number=3)
    _db.session.commit()
    client = app.test_client()
    first = client.get(f"/q/{link.code}")
    assert first.status_code == 302
    link.target = "/tips"
    _db.session.commit()
    assert client.get(f"/q/{link.code}").headers["Location"].endswith("/tips")
    link.active = False
    _db.session.commit()
    assert client.get(f"/q/{link.code}").status_code == 404


def test_another_process_retiring_a_code_is_seen_after_the_recheck_interval(make_app):
    app = make_app(PUBLIC_RECHECK_SECONDS=0.2)
    link = factories.short_link(wijk_number=3)
    _db.session.commit()
    client = app.test_client()
    assert client.get(f"/q/{link.code}").status_code == 302
    with _db.engine.begin() as conn:
        conn.execute(
            text("UPDATE short_link SET active = :no WHERE id = :id"), {"no": False, "id": link.id}
        )
    time.sleep(0.3)
    assert client.get(f"/q/{link.code}").status_code == 404
