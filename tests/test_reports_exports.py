"""Exports for the subsidy report: pseudonymous, without notes, neutralised, audited."""

import csv
import io
import uuid
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from app.audit.models import AuditEvent
from app.exports import csv_bytes, neutralise
from app.reports.export_rows import household_pseudonym
from app.visits.services import log_visits
from tests import factories


def read_csv(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def visited(db):
    worker = factories.user("worker")
    route, stops = factories.walked_route(worker, n_stops=2)
    ptype = route.round.package_types[0]
    results = log_visits(
        worker,
        [
            {
                "id": str(uuid.uuid4()),
                "stop_id": stops[0].id,
                "occurred_at": datetime.now(UTC).isoformat(),
                "outcome": "contact",
                "consent": True,
                "flyer_left": True,
                "packages": [{"package_type_id": ptype.id, "quantity": 2}],
                "interests": ["sport", "play"],
                "info_given": ["uitpas"],
                "follow_up": {"kind": "call_back", "note": "Geheime notitie over het gezin"},
                "notes": "Geheime notitie over het gezin",
            }
        ],
    )
    assert results[0]["status"] == "created"
    return route, stops


def test_visits_export_has_no_notes_and_pseudonymous_households(client, db, login_as, visited):
    route, stops = visited
    login_as("coordinator")
    response = client.get(f"/dekking/export/bezoeken.csv?round={route.round_id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:6] == ["tijdstip", "ronde", "route", "wijknummer", "wijk", "gezin"]
    assert len(rows) == 2
    body = response.get_data(as_text=True)
    assert "Geheime notitie" not in body and stops[0].household.street not in body
    pseudonym = rows[1][5]
    assert pseudonym == household_pseudonym(stops[0].household_id)
    assert pseudonym != str(stops[0].household_id) and str(stops[0].household_id) not in pseudonym
    assert rows[1][6:11] == ["contact", "2", "ja", "play, sport", "uitpas"]
    assert rows[1][11] == "call_back"
    # The season export holds the same visit under the same pseudonym.
    season_rows = read_csv(client.get("/dekking/export/bezoeken.csv"))
    assert season_rows[1][5] == pseudonym


def test_pseudonyms_are_stable_distinct_and_keyed(app, db):
    a, b = factories.household(), factories.household()
    assert household_pseudonym(a.id) == household_pseudonym(a.id)
    assert household_pseudonym(a.id) != household_pseudonym(b.id)
    key = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "another-installation"
    try:
        assert household_pseudonym(a.id) != household_pseudonym(b.id)
        other = household_pseudonym(a.id)
    finally:
        app.config["SECRET_KEY"] = key
    assert other != household_pseudonym(a.id)


def test_coverage_and_interests_exports_in_xlsx(client, db, login_as, visited):
    factories.activity(wijk_number=4)
    db.session.commit()
    login_as("admin")
    response = client.get("/dekking/export/dekking.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("wijknummer", "wijk") and rows[0][-1] == "activiteiten"
    assert len(rows) == 1 + 25 + 1
    assert rows[4][0] == 4 and rows[4][-1] == 1 and rows[-1][-1] == 1
    interests = read_csv(client.get("/dekking/export/interesses.csv"))
    wijk = next(row for row in interests if row[0] == str(visited[1][0].household.wijk_number))
    header = interests[0]
    assert wijk[header.index("gezinnen bezocht")] == "1"
    assert wijk[header.index("Sport en bewegen")] == "1"


def test_every_export_is_audited(client, db, login_as, visited):
    user = login_as("coordinator")
    for url in (
        "/dekking/export/bezoeken.csv",
        "/dekking/export/dekking.xlsx",
        "/dekking/export/interesses.csv",
    ):
        assert client.get(url).status_code == 200
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert sorted(e.object_id for e in events) == ["coverage", "interests", "visits"]
    assert all(e.user_id == user.id for e in events)


@pytest.mark.parametrize("role", ["worker", "provider"])
def test_workers_and_providers_cannot_export(client, login_as, role):
    login_as(role)
    for url in (
        "/dekking/export/bezoeken.csv",
        "/dekking/export/dekking.xlsx",
        "/dekking/export/interesses.csv",
    ):
        assert client.get(url).status_code == 403


def test_formula_cells_are_neutralised(client, db, login_as):
    for value in ('=HYPERLINK("x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(value) == "'" + value
    assert neutralise(-3) == -3 and neutralise("Gent") == "Gent"
    assert csv_bytes([["=1+1", 5]]).decode("utf-8-sig") == "'=1+1;5\r\n"
    # A wijk name typed as a formula reaches the export as text.
    from app.wijken.models import Wijk

    wijk = db.session.get(Wijk, 25)
    original = wijk.name
    wijk.name = "=cmd|' /C calc'!A0"
    db.session.commit()
    try:
        login_as("coordinator")
        rows = read_csv(client.get("/dekking/export/dekking.csv"))
        assert rows[25][1] == "'=cmd|' /C calc'!A0"
        sheet = load_workbook(io.BytesIO(client.get("/dekking/export/dekking.xlsx").get_data()))
        assert sheet.active.cell(row=26, column=2).value == "'=cmd|' /C calc'!A0"
    finally:
        wijk.name = original
        db.session.commit()


def test_the_exports_page_lists_the_rounds(client, db, login_as):
    round_ = factories.visit_round(name="Voorjaarsronde")
    db.session.commit()
    login_as("coordinator")
    html = client.get("/dekking/exports").get_data(as_text=True)
    assert "Voorjaarsronde" in html and f"round={round_.id}" in html
