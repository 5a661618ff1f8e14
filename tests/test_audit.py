"""The audit trail: append-only, never note contents, and the admin's search page."""

from datetime import datetime

import pytest

from app.audit.models import AuditEvent, AuditTrailIsAppendOnly
from app.audit.services import record
from tests import factories


@pytest.mark.parametrize("key", ["note", "notes", "text", "content", "Note", "follow_up_note"])
def test_record_refuses_free_text_keys(db, key):
    with pytest.raises(ValueError):
        record("visit_logged", object_type="visit", object_id="x", **{key: "rang, dog barked"})
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 0


def test_record_keeps_identifiers_and_field_names(db):
    event = record("household_changed", object_type="household", object_id=7, fields=["note"])
    db.session.commit()
    assert event.detail == {"fields": ["note"]} and event.object_id == "7"


def test_audit_events_cannot_be_changed_or_deleted(db):
    event = record("sign_in", object_type="user_account", object_id=1)
    db.session.commit()
    event.action = "something_else"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    for statement in (
        db.update(AuditEvent).values(action="x"),
        db.delete(AuditEvent),
    ):
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.execute(statement)
        db.session.rollback()
    assert db.session.scalar(db.select(AuditEvent.action)) == "sign_in"


def event(db, action, at, user=None, object_type=None, object_id=None):
    e = AuditEvent(
        action=action,
        at=at,
        user_id=user.id if user else None,
        object_type=object_type,
        object_id=object_id,
        detail={},
    )
    db.session.add(e)
    return e


def table(response) -> str:
    """The results table (the filter's select lists every action too); codes without the
    <wbr> that lets them wrap after an underscore."""
    html = response.get_data(as_text=True).replace("<wbr>", "")
    return html.split("<table", 1)[1] if "<table" in html else ""


def test_admin_searches_the_trail_newest_first(client, db, login_as):
    admin = login_as("admin", email="admin@example.gent")
    worker = factories.user("worker", email="stoeper@example.gent")
    event(db, "sign_in", datetime(2027, 3, 1, 9), worker, "user_account", str(worker.id))
    event(db, "household_viewed", datetime(2027, 3, 2, 9), worker, "household", "41")
    event(db, "household_viewed", datetime(2027, 3, 5, 9), worker, "household", "42")
    event(db, "user_created", datetime(2027, 3, 3, 9), admin, "user_account", str(worker.id))
    db.session.commit()

    response = client.get("/beheer/audit")
    html, rows = response.get_data(as_text=True), table(response)
    assert rows.index("#42") < rows.index("user_created") < rows.index("#41")
    assert "stoeper@example.gent" in rows and "4 gebeurtenissen" in html

    by_email = client.get("/beheer/audit?email=STOEPER")
    assert "3 gebeurtenissen" in by_email.get_data(as_text=True)
    assert "user_created" not in table(by_email)
    by_action = client.get("/beheer/audit?action=household_viewed")
    assert "2 gebeurtenissen" in by_action.get_data(as_text=True)
    assert "sign_in" not in table(by_action)
    by_object = client.get("/beheer/audit?object_type=household&object_id=41")
    assert "1 gebeurtenis" in by_object.get_data(as_text=True)
    assert "#41" in table(by_object) and "#42" not in table(by_object)
    by_dates = client.get("/beheer/audit?from=2027-03-02&to=2027-03-03")
    assert "2 gebeurtenissen" in by_dates.get_data(as_text=True)
    assert "#42" not in table(by_dates) and "#41" in table(by_dates)
    nonsense = client.get("/beheer/audit?from=not-a-date&object_id=" + "9" * 500)
    assert nonsense.status_code == 200 and "Geen gebeurtenissen gevonden." in nonsense.get_data(
        as_text=True
    )


def test_audit_page_paginates(client, db, login_as):
    login_as("admin")
    for i in range(60):
        event(db, "sign_in", datetime(2027, 1, 1, 0, i), None, "user_account", str(i))
    db.session.commit()
    first = client.get("/beheer/audit")
    assert "Pagina 1 van 2" in first.get_data(as_text=True)
    assert "#59<" in table(first) and "#5<" not in table(first)
    second = table(client.get("/beheer/audit?page=2"))
    assert "#5<" in second and "#59<" not in second


@pytest.mark.parametrize("role", ["coordinator", "worker", "provider"])
def test_only_admins_see_the_trail(client, login_as, role):
    login_as(role)
    assert client.get("/beheer/audit").status_code == 403
