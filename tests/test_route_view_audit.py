"""Issue 17: the worker's route page records one `route_viewed` event per worker, route and day.

Opening the route again after each doorstep says nothing new to the audit trail, so it writes
nothing; a household that joins the route, another route, another worker or another day does.
"""

from datetime import timedelta

from sqlalchemy import event

from app.audit.models import AuditEvent, utcnow
from app.extensions import db as _db
from tests import factories


def route_views(db) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "route_viewed").order_by(AuditEvent.id)
        )
    )


class Statements:
    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement.split(None, 1)[0].upper())


def test_a_route_opened_again_the_same_day_writes_nothing(client, db, login_as):
    worker = login_as("worker")
    route, stops = factories.walked_route(worker, n_stops=3)
    db.session.commit()
    assert client.get(f"/routes/{route.id}").status_code == 200
    (first,) = route_views(db)
    assert first.user_id == worker.id
    assert first.detail == {"ids": sorted(s.household_id for s in stops), "route_id": route.id}

    statements = Statements()
    event.listen(_db.engine, "before_cursor_execute", statements)
    try:
        for _ in range(3):
            page = client.get(f"/routes/{route.id}")
            assert page.status_code == 200
            assert stops[2].household.street in page.get_data(as_text=True)
    finally:
        event.remove(_db.engine, "before_cursor_execute", statements)
    assert route_views(db) == [first]
    assert "INSERT" not in statements.seen and "UPDATE" not in statements.seen


def test_a_household_added_later_that_day_is_recorded_when_shown(client, db, login_as):
    worker = login_as("worker")
    route, stops = factories.walked_route(worker, n_stops=2)
    db.session.commit()
    client.get(f"/routes/{route.id}")
    added = factories.stop(route, position=3)
    db.session.commit()
    client.get(f"/routes/{route.id}")
    first, second = route_views(db)
    assert added.household_id not in first.detail["ids"]
    assert second.detail["ids"] == sorted([*(s.household_id for s in stops), added.household_id])
    client.get(f"/routes/{route.id}")
    assert len(route_views(db)) == 2


def test_each_route_and_each_worker_has_its_own_event(app, client, db, login_as):
    worker = login_as("worker")
    colleague = factories.user("worker")
    route, _ = factories.walked_route(worker, n_stops=2)
    route.workers.append(colleague)
    other = factories.route(route.round, workers=[worker])
    factories.stop(other, position=1)
    db.session.commit()
    client.get(f"/routes/{route.id}")
    client.get(f"/routes/{other.id}")
    client.get(f"/routes/{route.id}")
    assert [e.detail["route_id"] for e in route_views(db)] == [route.id, other.id]
    second = app.test_client()
    with second.session_transaction() as session:
        session["_user_id"] = factories.login_id(colleague)
        session["_fresh"] = True
    second.get(f"/routes/{route.id}")
    views = route_views(db)
    assert [(e.user_id, e.detail["route_id"]) for e in views] == [
        (worker.id, route.id),
        (worker.id, other.id),
        (colleague.id, route.id),
    ]


def test_yesterday_s_view_does_not_count_for_today(client, db, login_as):
    worker = login_as("worker")
    route, stops = factories.walked_route(worker, n_stops=2)
    db.session.commit()
    ids = sorted(s.household_id for s in stops)
    db.session.execute(  # what a view of this route two days ago left in the trail
        db.insert(AuditEvent.__table__),
        [
            {
                "at": utcnow() - timedelta(days=2),
                "user_id": worker.id,
                "action": "route_viewed",
                "object_type": "household",
                "object_id": None,
                "detail": {"ids": ids, "route_id": route.id},
            }
        ],
    )
    db.session.commit()
    client.get(f"/routes/{route.id}")
    old, today = route_views(db)
    assert today.at > old.at and today.detail == {"ids": ids, "route_id": route.id}
