"""Household import: template, CSV and XLSX, a preview naming each bad line; the good rows go in,
the bad ones come back to be fixed; started from a round, the new households join it."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from app.models import AuditEvent, Household
from tests import factories

HEADER = [
    "straat", "huisnummer", "bus", "postcode", "wijk", "breedtegraad", "lengtegraad", "talen",
    "kinderen 0-2", "kinderen 3-5", "kinderen 6-8", "kinderen 9-12", "kinderen 13-17",
    "partnerorganisatie", "toestemming", "niet bezoeken", "notitie",
]  # fmt: skip


def row(street, number, postcode="9000", *, box="", wijk="", lat="", lon="", languages="",
        partner="", consent="", children=("", "1", "", "", "")):  # fmt: skip
    return [street, number, box, postcode, wijk, lat, lon, languages, *children, partner,
            consent, "", ""]  # fmt: skip


GOOD = [
    row("Acaciastraat", "3", languages="nl, ar"),  # wijk from the known street
    row("Nergensstraat", "5", wijk="13"),  # wijk picked by number
    row("Andere Straat", "7A", wijk="Dampoort", box="2"),  # wijk picked by name
    row("Bij De Kaai", "1", lat="51,048013", lon="3.728703"),  # wijk from coordinates
]


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path):
    app.config["HOUSEHOLD_IMPORT_FOLDER"] = str(tmp_path)
    yield tmp_path
    app.config["HOUSEHOLD_IMPORT_FOLDER"] = None


def csv_bytes(rows, delimiter=";", bom=True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([HEADER, *rows])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for cells in rows:
        # Spreadsheets hold numbers as numbers: postcode 9000, not "9000".
        sheet.append([int(c) if c.isdigit() else c for c in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name: str):
    return client.post(
        "/huishoudens/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def preview_url(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def count(db) -> int:
    return db.session.scalar(db.select(db.func.count(Household.id)))


def test_templates_download_with_dutch_headers(client, login_as):
    login_as("coordinator")
    response = client.get("/huishoudens/import/sjabloon.csv")
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    assert text.strip() == ";".join(HEADER)
    response = client.get("/huishoudens/import/sjabloon.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [cell.value for cell in sheet[1]] == HEADER


def test_worker_cannot_import(client, login_as):
    login_as("worker")
    assert client.get("/huishoudens/import").status_code == 403
    assert client.get("/huishoudens/import/sjabloon.csv").status_code == 403


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_good_rows_go_in_and_bad_rows_are_named_by_line_to_fix(client, db, login_as, kind):
    login_as("coordinator")
    factories.organisation(name="Buurtwerk Brugse Poort")
    db.session.commit()
    rows = [
        *GOOD,  # lines 2-5
        row("Sleepstraat", "12", postcode="1000", wijk="2"),  # line 6: not Ghent
        row("Sleepstraat", "twaalf", wijk="2"),  # line 7: bad number
        row("Nergensstraat", "9"),  # line 8: no wijk to be found
        row("Sleepstraat", "4", wijk="Atlantis<b>"),  # line 9: unknown wijk
        row("acaciastraat", "3"),  # line 10: same as line 2
        row("Sleepstraat", "6", wijk="2", partner="Onbekende vzw", languages="nl, xx"),  # 11
    ]
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    preview = client.get(preview_url(upload(client, data, f"lijst.{kind}")))
    html = preview.get_data(as_text=True)
    assert "6 regels zijn niet in orde en worden niet ingelezen" in html
    assert "Regel 6</a>: Deze postcode ligt niet in Gent" in html
    assert "Regel 7</a>: Een huisnummer begint met een cijfer" in html
    assert "Regel 8</a>: Deze straat vinden we niet in Gent" in html
    assert "Regel 9</a>: Onbekende wijk &#39;Atlantis&lt;b&gt;&#39;" in html
    assert "Regel 10</a>: Zelfde adres als regel 2 in dit bestand." in html
    assert "Regel 11</a>:" in html and "Onbekende taal &#39;xx&#39;" in html
    assert "Onbekende partnerorganisatie &#39;Onbekende vzw&#39;" in html
    assert "Importeer 4 huishoudens" in html
    assert count(db) == 0  # the preview imports nothing
    done = client.post(preview.request.path)
    assert done.headers["Location"] == preview.request.path  # back to the lines still to fix
    assert count(db) == 4
    left = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "4 huishoudens geïmporteerd." in left  # the flash
    assert "Deze 5 regels nog niet: verbeter ze in je bestand" in left
    assert "Regel 6</a>: Deze postcode ligt niet in Gent" in left
    assert "Regel 11</a>:" in left
    # Line 10 repeated line 2, which is in now: it only looks like that household.
    assert 'name="accept" value="10"' in left and "Importeer 1 huishouden" in left
    assert client.post(preview.request.path).status_code == 422  # not without the tick
    assert count(db) == 4


def test_an_import_started_from_a_round_adds_its_households_and_returns(client, db, login_as):
    from app.rounds.models import Stop

    login_as("coordinator")
    round_ = factories.visit_round(status="draft", name="Najaarsronde")
    db.session.commit()
    page = client.get(f"/huishoudens/import?ronde={round_.id}").get_data(as_text=True)
    assert "Voor de ronde Najaarsronde" in page
    response = client.post(
        f"/huishoudens/import?ronde={round_.id}",
        data={
            "file": (
                io.BytesIO(csv_bytes([*GOOD, row("Sleepstraat", "twaalf", wijk="2")])),
                "lijst.csv",
            )
        },
        content_type="multipart/form-data",
    )
    url = preview_url(response)
    assert "Najaarsronde" in client.get(url).get_data(as_text=True)
    done = client.post(url)
    assert done.headers["Location"] == url
    stops = db.session.scalars(db.select(Stop).where(Stop.round_id == round_.id)).all()
    assert len(stops) == 4
    left = client.get(url).get_data(as_text=True)
    assert "4 adressen zijn aan de ronde toegevoegd." in left
    assert "Regel 6</a>: Een huisnummer begint met een cijfer" in left
    assert f'href="/rondes/{round_.id}#adressen"' in left  # back to the round
    # A file with only good rows goes straight back to the round.
    again = client.post(
        f"/huishoudens/import?ronde={round_.id}",
        data={"file": (io.BytesIO(csv_bytes([row("Sleepstraat", "40", wijk="2")])), "b.csv")},
        content_type="multipart/form-data",
    )
    back = client.post(preview_url(again))
    assert back.headers["Location"] == f"/rondes/{round_.id}#adressen"


def test_a_closed_round_takes_no_import(client, db, login_as):
    login_as("coordinator")
    round_ = factories.visit_round(status="closed")
    db.session.commit()
    response = client.get(f"/huishoudens/import?ronde={round_.id}")
    assert response.headers["Location"] == f"/rondes/{round_.id}"


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("csv", lambda: csv_bytes(GOOD)),
        ("csv", lambda: csv_bytes(GOOD, delimiter=",", bom=False)),
        ("xlsx", lambda: xlsx_bytes(GOOD)),
    ],
)
def test_good_file_imports_every_row_in_one_go(client, db, login_as, kind, data):
    login_as("coordinator")
    url = preview_url(upload(client, data(), f"lijst.{kind}"))
    html = client.get(url).get_data(as_text=True)
    assert "Importeer 4 huishoudens" in html
    assert count(db) == 0  # the preview imports nothing
    response = client.post(url)
    assert response.status_code == 302
    households = {h.street: h for h in db.session.scalars(db.select(Household))}
    assert {h.wijk_number for h in households.values()} == {4, 13, 1}
    assert households["Acaciastraat"].languages == ["nl", "ar"]
    assert households["Andere Straat"].number == "7A" and households["Andere Straat"].box == "2"
    assert households["Bij De Kaai"].lat == 51.048013
    assert households["Acaciastraat"].children_3_5 == 1
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "households_imported")
    )
    assert event.detail == {"count": 4, "household_ids": sorted(h.id for h in households.values())}
    gone = client.post(url)  # the preview is gone once imported: back to the upload, nothing twice
    assert gone.status_code == 302 and gone.headers["Location"] == "/huishoudens/import"
    assert count(db) == 4


def test_near_duplicate_of_existing_household_needs_a_tick(client, db, login_as):
    login_as("coordinator")
    existing = factories.household(street="Acaciastraat", number="3", wijk_number=4)
    db.session.commit()
    url = preview_url(upload(client, csv_bytes(GOOD), "lijst.csv"))
    html = client.get(url).get_data(as_text=True)
    assert f"/huishoudens/{existing.id}" in html and 'name="accept" value="2"' in html
    refused = client.post(url)
    assert refused.status_code == 422
    assert "Bevestig bij elke regel" in refused.get_data(as_text=True)
    assert count(db) == 1
    assert client.post(url, data={"accept": "2"}).status_code == 302
    assert count(db) == 5


def test_file_level_problems_are_explained(client, db, login_as, app):
    login_as("coordinator")
    response = upload(client, b"adres;nummer\nSleepstraat;1\n", "lijst.csv")
    assert response.status_code == 422
    assert "mist de kolom(men): straat, huisnummer, postcode" in response.get_data(as_text=True)
    response = upload(client, b"PK\x03\x04 broken", "lijst.xlsx")
    assert "geen leesbaar XLSX-bestand" in response.get_data(as_text=True)
    response = upload(client, b"x", "lijst.pdf")
    assert "Alleen CSV- of XLSX-bestanden" in response.get_data(as_text=True)
    app.config["HOUSEHOLD_IMPORT_MAX_BYTES"] = 100
    try:
        response = upload(client, csv_bytes(GOOD), "lijst.csv")
        assert "Het bestand is groter dan" in response.get_data(as_text=True)
    finally:
        app.config["HOUSEHOLD_IMPORT_MAX_BYTES"] = 2 * 1024 * 1024


def test_a_preview_belongs_to_the_user_who_uploaded_it(client, db, login_as):
    login_as("coordinator")
    url = preview_url(upload(client, csv_bytes(GOOD), "lijst.csv"))
    login_as("coordinator")
    assert client.get(url).status_code == 404
    assert client.get("/huishoudens/import/..%2F..%2Fsecret_key").status_code == 404


def _crab_households(count: int, seed: int) -> list[tuple[str, str, str, int, float, float]]:
    """Real positioned CRAB addresses, none twice in the file and none a near-duplicate of
    another (the import would rightly stop at those)."""
    import csv as csv_module
    import random
    from collections import Counter
    from types import SimpleNamespace

    from app.addresses.crab import ADDRESSES_FILE
    from app.households.duplicates import is_near_duplicate

    with open(ADDRESSES_FILE, encoding="utf-8", newline="") as fh:
        rows = [r for r in list(csv_module.reader(fh))[1:] if r[3] and r[2].isdigit()]
    twice = Counter((r[0], r[1], r[2]) for r in rows)
    rng = random.Random(seed)
    rng.shuffle(rows)
    chosen, doors = [], {}
    for postcode, street, number, lat, lon, wijk, _name in rows:
        if twice[(postcode, street, number)] > 1:
            continue
        door = SimpleNamespace(street=street, number=number, box="", postcode=postcode)
        same_door = doors.setdefault((postcode, number), [])
        if any(is_near_duplicate(door, other) for other in same_door):
            continue
        same_door.append(door)
        chosen.append((street, number, postcode, int(wijk), float(lat), float(lon)))
        if len(chosen) == count:
            return chosen
    raise AssertionError("not enough addresses")


def test_five_thousand_real_addresses_each_land_in_their_wijk_without_the_register(
    client, db, login_as, app
):
    """5,000 random Ghent addresses from CRAB 2014, the register unreachable: every household
    lands in the wijk (and on the point) the file gives, in one import."""
    login_as("coordinator")
    addresses = _crab_households(5000, seed=15)
    app.config["ADDRESS_REGISTER_URL"] = "http://127.0.0.1:9/v2"  # nothing listens there
    try:
        data = csv_bytes(
            [row(street, number, postcode) for street, number, postcode, *_ in addresses]
        )
        url = preview_url(upload(client, data, "crab.csv"))
        html = client.get(url).get_data(as_text=True)
        assert "Importeer 5000 huishoudens" in html and "geen positie" not in html
        assert client.post(url).status_code == 302
    finally:
        app.config["ADDRESS_REGISTER_URL"] = ""
    stored = {(h.street, h.number, h.postcode): h for h in db.session.scalars(db.select(Household))}
    assert len(stored) == 5000
    for street, number, postcode, wijk, lat, lon in addresses:
        household = stored[(street, number, postcode)]
        assert household.wijk_number == wijk, (street, number, postcode)
        assert (household.lat, household.lon) == pytest.approx((lat, lon), abs=1e-6)
        assert household.position_source == "crab"


def test_the_preview_says_where_each_position_comes_from(client, db, login_as):
    login_as("coordinator")
    rows = [
        row("Hundelgemsesteenweg", "210", "9050"),  # line 2: in CRAB 2014
        row("Sint-Jansvest", "50", "9000"),  # line 3: in CRAB without a position
        row("Aaigemstraat", "999", "9000"),  # line 4: unknown number, street in one wijk
        row("Nergensstraat", "5", wijk="13"),  # line 5: unknown street, wijk from the file
    ]
    url = preview_url(upload(client, csv_bytes(rows), "lijst.csv"))
    html = client.get(url).get_data(as_text=True)
    assert "adressenbestand (CRAB 2014)" in html
    assert "geschat tussen de buren" in html
    assert "2 adressen hebben een wijk maar geen positie" in html
    assert "Wijk van de straat." in html and "Wijk uit het bestand." in html
    assert client.post(url).status_code == 302
    placed = {h.street: h for h in db.session.scalars(db.select(Household))}
    assert placed["Hundelgemsesteenweg"].wijk_number == 18
    assert placed["Sint-Jansvest"].position_source == "crab-interpolated"
    assert (placed["Aaigemstraat"].wijk_number, placed["Aaigemstraat"].lat) == (22, None)
    assert (placed["Nergensstraat"].wijk_number, placed["Nergensstraat"].lat) == (13, None)


def test_a_door_written_with_a_typo_is_found_in_the_file_and_among_households(db, login_as, app):
    """Each address's key is made once per import (issue 17: the checks made it four times per
    comparison); a typo in the street still finds the earlier row and the existing household."""
    from app.households.imports import check_rows, read_table

    login_as("coordinator")
    existing = factories.household(street="Acaciastraat", number="3", wijk_number=4)
    db.session.commit()
    rows = [
        row("Acaciastraat", "5"),
        row("Acacaistraat", "5"),
        row("Acasiastraat", "3"),
        row("Acaciastraat", "5", box="1"),
    ]
    with app.test_request_context():
        preview = check_rows(read_table("lijst.csv", csv_bytes(rows)))
    first, typo, other, boxed = preview.rows
    assert not first.errors and not first.duplicates
    assert typo.errors == ["Zelfde adres als regel 2 in dit bestand."]
    assert not other.errors and [h.id for h in other.duplicates] == [existing.id]
    assert not boxed.errors and not boxed.duplicates  # another door: a box of its own
