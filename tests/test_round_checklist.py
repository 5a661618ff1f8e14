"""Getting a round ready on its page: the checklist; dates and workers for all routes at once."""

import datetime as dt
import re

import pytest

from app import clock
from app.models import AuditEvent
from app.rounds.models import Route, Stop
from tests import factories


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


def steps(html: str) -> dict[str, str]:
    """{step key: its badge text} from the round page's checklist."""
    return dict(re.findall(r'id="step-(\w+)".*?class="badge[^"]*">([^<]+)<', html, re.S))


def test_an_empty_draft_round_points_to_the_import_first(client, coordinator, db):
    round_ = factories.visit_round(status="draft")
    db.session.commit()
    html = client.get(f"/rondes/{round_.id}").get_data(as_text=True)
    assert steps(html) == {
        "adressen": "nu", "routes": "nog te doen", "planning": "nog te doen",
        "starten": "nog te doen", "printen": "nog te doen",
    }  # fmt: skip
    assert "Nog geen adressen. Staan de gezinnen nog niet in de app? Importeer een lijst." in html
    assert f'class="button" href="/huishoudens/import?ronde={round_.id}"' in html
    # "Adressen toevoegen" comes before "Verdelen in routes".
    assert html.index("Adressen toevoegen</h2>") < html.index("Verdelen in routes</h2>")


def test_the_next_step_follows_the_work_done(client, coordinator, db):
    round_ = factories.visit_round(status="draft")
    worker = factories.user("worker")
    route = factories.route(round_, name="Route 1", date=None)
    factories.stop(route)
    factories.stop(round_=round_)  # one address not on a route yet
    db.session.commit()
    html = client.get(f"/rondes/{round_.id}").get_data(as_text=True)
    assert steps(html)["adressen"] == "klaar" and steps(html)["routes"] == "nu"
    assert "1 adres nog niet op een route." in html

    factories.stop(route)
    db.session.execute(db.delete(Stop).where(Stop.route_id.is_(None)))
    db.session.commit()
    html = client.get(f"/rondes/{round_.id}").get_data(as_text=True)
    assert steps(html)["routes"] == "klaar" and steps(html)["planning"] == "nu"
    assert "0 van 1 routes hebben een datum en een stoepbezoeker." in html
    assert f'class="button" href="/rondes/{round_.id}/planning"' in html

    route.date, route.workers = clock.today(), [worker]
    db.session.commit()
    html = client.get(f"/rondes/{round_.id}").get_data(as_text=True)
    assert steps(html)["planning"] == "klaar" and steps(html)["starten"] == "nu"

    round_.status = "active"
    db.session.commit()
    assert steps(client.get(f"/rondes/{round_.id}").get_data(as_text=True))["printen"] == "nu"
    assert client.get(f"/rondes/routes/{route.id}/looplijst").status_code == 200
    html = client.get(f"/rondes/{round_.id}").get_data(as_text=True)
    assert set(steps(html).values()) == {"klaar"}
    assert "Alle looplijsten zijn geprint." in html


def test_adding_nobody_hints_to_import(client, coordinator, db):
    round_ = factories.visit_round(status="draft")
    db.session.commit()
    response = client.post(
        f"/rondes/{round_.id}/adressen",
        data={"how": "wijk", "wijk-wijk": "4"},
        follow_redirects=True,
    )
    assert "0 adressen toegevoegd" in response.get_data(as_text=True)
    assert "Kies dan «Huishoudens importeren»" in response.get_data(as_text=True)


def planned_round(db):
    round_ = factories.visit_round(status="draft")
    routes = [factories.route(round_, name=f"Route {n}", date=None) for n in (2, 1, 10)]
    workers = [factories.user("worker", name=name) for name in ("An", "Bo")]
    db.session.commit()
    return round_, routes, workers


def plan_data(entries):
    data = {}
    for i, (route, date, w1, w2) in enumerate(entries):
        data.update({
            f"routes-{i}-route_id": str(route.id), f"routes-{i}-date": date,
            f"routes-{i}-worker_1": str(w1), f"routes-{i}-worker_2": str(w2),
        })  # fmt: skip
    return data


def test_dates_and_workers_for_every_route_in_one_submit(client, coordinator, db):
    round_, (r2, r1, r10), (an, bo) = planned_round(db)
    html = client.get(f"/rondes/{round_.id}/planning").get_data(as_text=True)
    legends = re.findall(r"<legend>([^<]+)</legend>", html)
    assert legends == ["Route 1", "Route 2", "Route 10"]
    day = clock.today().isoformat()
    response = client.post(
        f"/rondes/{round_.id}/planning",
        data=plan_data([(r1, day, an.id, bo.id), (r2, day, bo.id, 0), (r10, "", 0, 0)]),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rondes/{round_.id}#route-list"
    db.session.expire_all()
    assert [w.name for w in db.session.get(Route, r1.id).workers] == ["An", "Bo"]
    assert db.session.get(Route, r2.id).date == clock.today()
    assert db.session.get(Route, r10.id).workers == []
    changed = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "route_changed")
    ).all()
    assert len(changed) == 2  # the untouched route is not in the trail


def test_an_error_on_one_route_saves_nothing_and_keeps_what_was_typed(client, coordinator, db):
    round_, (r2, r1, r10), (an, bo) = planned_round(db)
    day = clock.today().isoformat()
    too_late = (round_.end_date + dt.timedelta(days=3)).isoformat()
    response = client.post(
        f"/rondes/{round_.id}/planning",
        data=plan_data([(r1, day, an.id, an.id), (r2, too_late, bo.id, 0), (r10, day, bo.id, 0)]),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Kijk de routes in het rood na." in html
    assert "Kies twee verschillende mensen." in html
    assert "Deze datum valt buiten de ronde" in html
    assert f'value="{too_late}"' in html  # what was typed stays
    assert re.search(rf'<option selected value="{bo.id}">', html)
    db.session.expire_all()
    assert all(db.session.get(Route, r.id).date is None for r in (r1, r2, r10))


def test_routes_changed_meanwhile_are_not_overwritten(client, coordinator, db):
    round_, (r2, r1, r10), (an, _bo) = planned_round(db)
    day = clock.today().isoformat()
    response = client.post(
        f"/rondes/{round_.id}/planning", data=plan_data([(r1, day, an.id, 0), (r2, day, 0, 0)])
    )
    assert response.status_code == 422
    assert "intussen veranderd" in response.get_data(as_text=True)


def test_workers_cannot_plan(client, login_as, db):
    round_, *_ = planned_round(db)
    login_as("worker")
    assert client.get(f"/rondes/{round_.id}/planning").status_code == 403
