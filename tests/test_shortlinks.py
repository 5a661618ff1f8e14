"""/q/<code>: redirect, a counter per day, nothing about the person, no open redirect."""

import datetime as dt

import pytest
from sqlalchemy import event

from app.flyers import services
from app.flyers.models import ScanCount, ShortLink
from tests import factories

FAMILY_IP = "203.0.113.77"
FAMILY_AGENT = "Mozilla/5.0 (Linux; Android 9; cheap-phone) FamilyBrowser/1.0"


def scans_today(db, link) -> int:
    row = db.session.scalar(
        db.select(ScanCount).where(
            ScanCount.short_link_id == link.id, ScanCount.day == services.today_local()
        )
    )
    return row.count if row else 0


def test_code_scan_redirects_to_target_and_counts_per_day(client, db):
    link = factories.short_link(wijk_number=4, lang="nl")
    db.session.commit()
    for _ in range(2):
        response = client.get(f"/q/{link.code}")
        assert response.status_code == 302
        assert response.headers["Location"] == "/aanbod?wijk=4&lang=nl"
    assert scans_today(db, link) == 2
    assert db.session.scalar(db.select(db.func.count()).select_from(ScanCount)) == 1


def test_each_scan_is_in_its_counter_at_once_with_one_write(client, db):
    # Production and the tests take the same path: no batching in the process, so a worker that
    # stops (or is killed) loses no scan, and two workers add up correctly.
    link = factories.short_link()
    db.session.commit()
    writes = []

    def note_write(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith("SELECT"):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", note_write)
    try:
        assert client.get(f"/q/{link.code}").status_code == 302
    finally:
        event.remove(db.engine, "before_cursor_execute", note_write)
    assert len(writes) == 1 and "scan_count" in writes[0] and "ON CONFLICT" in writes[0].upper()
    assert scans_today(db, link) == 1


def test_a_link_preview_head_request_is_not_a_scan(client, db):
    link = factories.short_link()
    db.session.commit()
    assert client.head(f"/q/{link.code}").status_code == 302
    assert scans_today(db, link) == 0


def test_codes_typed_in_capitals_still_work(client, db):
    link = factories.short_link()
    db.session.commit()
    response = client.get(f"/q/{link.code.upper()}")
    assert response.status_code == 302
    assert scans_today(db, link) == 1


def test_scan_sets_no_cookie_and_is_not_cached_or_referred(client, db):
    link = factories.short_link()
    db.session.commit()
    # ?lang= would normally be remembered in a cookie; not on a scan.
    for url in (f"/q/{link.code}", f"/q/{link.code}?lang=en", "/q/zzzzzz?lang=en"):
        response = client.get(url, headers={"Accept-Language": "en"})
        assert "Set-Cookie" not in response.headers, url
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def _all_rows(db) -> dict[str, set]:
    rows = {}
    for table in db.metadata.sorted_tables:
        rows[table.name] = {
            tuple(repr(v) if isinstance(v, (dict, list)) else v for v in row)
            for row in db.session.execute(table.select())
        }
    return rows


def test_a_scan_stores_nothing_about_the_person(client, db):
    link = factories.short_link()
    db.session.commit()
    before = _all_rows(db)
    client.get(
        f"/q/{link.code}",
        headers={"User-Agent": FAMILY_AGENT, "X-Forwarded-For": FAMILY_IP},
        environ_base={"REMOTE_ADDR": FAMILY_IP},
    )
    db.session.expire_all()
    after = _all_rows(db)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"scan_count"}  # no audit event, no session, nothing else
    (row,) = after["scan_count"] - before["scan_count"]
    assert set(ScanCount.__table__.columns.keys()) == {"id", "short_link_id", "day", "count"}
    assert row[1:] == (link.id, services.today_local(), 1)
    for table_rows in after.values():
        for values in table_rows:
            text = " ".join(str(v) for v in values)
            assert FAMILY_IP not in text and "FamilyBrowser" not in text


def test_unknown_and_retired_codes_answer_a_friendly_404_with_the_offer(client, db):
    retired = factories.short_link(active=False)
    db.session.commit()
    for code in ("zzzzzz", retired.code):
        response = client.get(f"/q/{code}")
        assert response.status_code == 404
        page = response.get_data(as_text=True)
        assert 'href="/aanbod"' in page
        assert "werkt niet" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(ScanCount)) == 0


def test_retarget_keeps_the_code_and_redirects_to_the_new_target(client, db, login_as):
    link = factories.short_link(wijk_number=4)
    code = link.code
    login_as("coordinator")
    assert "verandert nooit" in client.get(f"/flyers/{code}/bewerken").get_data(as_text=True)
    response = client.post(
        f"/flyers/{code}/bewerken",
        data={"label": "Zomer 2027", "target": "/aanbod?wijk=4&lang=nl&week=2027-W28"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    link = db.session.scalar(db.select(ShortLink))
    assert link.code == code and link.label == "Zomer 2027"
    assert client.get(f"/q/{code}").headers["Location"] == "/aanbod?wijk=4&lang=nl&week=2027-W28"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "aanbod",
        "/aanbod\nLocation: https://evil.example",
    ],
)
def test_off_site_targets_are_refused(client, db, login_as, target):
    link = factories.short_link()
    login_as("coordinator")
    edit = client.post(f"/flyers/{link.code}/bewerken", data={"label": "x", "target": target})
    assert edit.status_code == 422
    assert "Alleen een adres op deze site" in edit.get_data(as_text=True)
    create = client.post(
        "/flyers/nieuw", data={"label": "x", "target": target, "wijk_number": "4", "lang": "nl"}
    )
    assert create.status_code == 422
    with pytest.raises(services.UnsafeTarget):
        services.clean_target(target)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(ShortLink)) == 1
    assert db.session.scalar(db.select(ShortLink.target)).startswith("/aanbod?")


def test_a_target_changed_behind_our_back_still_never_leaves_the_site(client, db):
    link = factories.short_link(target="https://evil.example")  # only possible in the database
    db.session.commit()
    assert client.get(f"/q/{link.code}").headers["Location"] == "/aanbod"


def test_codes_are_long_enough_and_free_of_look_alikes(db):
    codes = {services.generate_code() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        assert len(code) >= 6
        assert not set(code) & set("01ilo"), code
        assert code == code.lower()


def test_the_portable_counter_adds_up_too(db):
    link = factories.short_link()
    db.session.commit()
    day = dt.date(2027, 7, 14)
    services._count_scan_portable(link.id, day)  # no row yet: INSERT
    services._count_scan_portable(link.id, day)  # then UPDATE
    services.count_scan(link.id, day)  # the dialect's upsert on the same row
    assert db.session.scalar(db.select(ScanCount.count)) == 3


def test_the_portable_counter_retries_when_another_request_inserted_first(db, monkeypatch):
    link = factories.short_link()
    db.session.commit()
    day = dt.date(2027, 7, 15)
    real_execute = db.session.execute
    calls = {"n": 0}

    def racing_execute(stmt, *args, **kwargs):
        # The first UPDATE finds no row; before our INSERT, "another phone" inserts the row.
        calls["n"] += 1
        result = real_execute(stmt, *args, **kwargs)
        if calls["n"] == 1:
            services.count_scan(link.id, day)
        return result

    monkeypatch.setattr(db.session, "execute", racing_execute)
    services._count_scan_portable(link.id, day)
    monkeypatch.undo()
    assert db.session.scalar(db.select(ScanCount.count)) == 2
