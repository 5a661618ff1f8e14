"""The shared spreadsheet (template, import with preview, export) and the UiTdatabank import."""

import copy
import csv
import io
import json
import re
from datetime import timedelta

from openpyxl import Workbook, load_workbook

from app.audit.models import AuditEvent
from app.exports import neutralise
from app.offers.models import Activity
from app.offers.spreadsheet import HEADERS
from app.season import iso_week_range
from tests import factories
from tests.test_uitdatabank import EXAMPLE, camp_event, load_example


def count(db) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Activity))


def row(**kw) -> dict:
    monday = iso_week_range(factories.season_week(2))[0]
    values = {
        "titel": "Kamp in het park",
        "aanbieder": "Speelplein Zuid",
        "soorten": "camp, sport",
        "leeftijd_van": "6",
        "leeftijd_tot": "12",
        "eerste_dag": monday.isoformat(),
        "laatste_dag": (monday + timedelta(days=4)).strftime("%d/%m/%Y"),
        "beginuur": "9u00",
        "einduur": "16:00",
        "dagen": "ma, di, wo, do, vr",
        "overnachting": "nee",
        "plaats": "Park",
        "straat": "Acaciastraat",
        "nummer": "3",
        "postcode": "9000",
        "wijk": "",
        "prijs": "45,50",
        "gratis": "nee",
        "kansentarief": "ja",
        "kansentarief_prijs": "9",
        "inschrijven_website": "https://example.org",
    }
    values.update(kw)
    return values


def csv_file(rows: list[dict], delimiter=";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADERS)
    writer.writerows([[r.get(h, "") for h in HEADERS] for r in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def upload(client, data: bytes, name="aanbod.csv", **extra):
    return client.post(
        "/beheer-aanbod/import/spreadsheet",
        data={"file": (io.BytesIO(data), name), **extra},
        content_type="multipart/form-data",
    )


def confirm(client, preview_html: str, publish=False):
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', preview_html)
    assert payload, preview_html
    data = {"payload": payload.group(1)}
    if publish:
        data["publish"] = "y"
    return client.post("/beheer-aanbod/import/spreadsheet/bevestigen", data=data)


def test_templates_have_dutch_headers(client, login_as):
    login_as("coordinator")
    text = client.get("/beheer-aanbod/sjabloon.csv").get_data().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("titel;beschrijving;aanbieder;")
    response = client.get("/beheer-aanbod/sjabloon.xlsx")
    assert response.headers["Content-Disposition"] == 'attachment; filename="aanbod-sjabloon.xlsx"'
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["A2"].value == "Speelweek in het park"


def test_the_template_itself_imports(client, db, login_as):
    login_as("coordinator")
    template = client.get("/beheer-aanbod/sjabloon.xlsx").get_data()
    preview = upload(client, template, "sjabloon.xlsx")
    assert preview.status_code == 200, preview.get_data(as_text=True)


def test_csv_import_previews_first_then_imports_everything(client, db, login_as):
    login_as("coordinator")
    preview = upload(client, csv_file([row(), row(titel="Tweede", gratis="ja", prijs="")]))
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "2 activiteiten klaar om in te lezen" in html and "Tweede" in html
    assert count(db) == 0  # nothing stored by the preview
    assert confirm(client, html).status_code == 302
    items = db.session.scalars(db.select(Activity).order_by(Activity.id)).all()
    assert [a.title for a in items] == ["Kamp in het park", "Tweede"]
    first = items[0]
    assert first.status == "submitted" and first.categories == ["camp", "sport"]
    assert first.wijk_number == 4 and first.weeks == [factories.season_week(2)]
    assert float(first.price_eur) == 45.5 and float(first.kansentarief_price_eur) == 9
    assert first.start_time.hour == 9 and first.weekdays == "12345"
    assert items[1].free and float(items[1].price_eur) == 0
    assert db.session.scalar(
        db.select(AuditEvent.detail).where(AuditEvent.action == "activities_imported")
    ) == {"count": 2, "status": "submitted", "activity_ids": [i.id for i in items]}


def test_import_can_publish_at_once(client, db, login_as):
    login_as("coordinator")
    html = upload(client, csv_file([row()], delimiter=","), publish="y").get_data(as_text=True)
    confirm(client, html, publish=True)
    assert db.session.scalar(db.select(Activity.status)) == "published"


def test_bad_rows_are_named_and_nothing_is_imported(client, db, login_as):
    login_as("coordinator")
    rows = [
        row(),
        row(titel="", leeftijd_van="negen"),
        row(eerste_dag="31-02-2027", soorten="knitting"),
        row(gratis="nee", prijs="", mobiel="nee", straat=""),
    ]
    response = upload(client, csv_file(rows))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Er is niets ingelezen" in html
    assert "Rij 3: &#39;leeftijd_van&#39; klopt niet: negen" in html
    assert "&#39;titel&#39; is leeg." in html
    assert "Rij 4: &#39;soorten&#39; klopt niet: knitting" in html
    assert "&#39;eerste_dag&#39; klopt niet: 31-02-2027" in html
    assert "Rij 5: Geef een prijs" in html and "Geef een straat" in html
    assert "Rij 2:" not in html
    assert 'name="payload"' not in html  # no way to confirm
    assert count(db) == 0


def test_missing_columns_and_unreadable_files_are_refused(client, db, login_as):
    login_as("coordinator")
    response = upload(client, b"naam;datum\r\nx;y\r\n")
    assert response.status_code == 422
    assert "Deze kolommen ontbreken" in response.get_data(as_text=True)
    response = upload(client, b"not a zip", "kapot.xlsx")
    assert response.status_code == 422 and "geen leesbaar XLSX" in response.get_data(as_text=True)
    response = upload(client, b"x", "aanbod.pdf")
    assert response.status_code == 422


def test_xlsx_import(client, db, login_as):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    values = row()
    sheet.append([values.get(h, "") for h in HEADERS])
    out = io.BytesIO()
    workbook.save(out)
    login_as("coordinator")
    html = upload(client, out.getvalue(), "aanbod.xlsx").get_data(as_text=True)
    confirm(client, html)
    assert db.session.scalar(db.select(Activity.title)) == "Kamp in het park"


def test_tampered_payload_imports_nothing(client, db, login_as):
    login_as("coordinator")
    response = client.post(
        "/beheer-aanbod/import/spreadsheet/bevestigen",
        data={"payload": "eyJ0aXRlbCI6IngifQ.forged"},
    )
    assert response.status_code == 302 and count(db) == 0


def test_export_neutralises_formulas(client, db, login_as):
    factories.activity(
        title='=HYPERLINK("http://evil")', provider_name="+32 9 000", description="@SUM(A1)"
    )
    factories.activity(title="Gewoon", status="submitted")
    login_as("coordinator")
    text = client.get("/beheer-aanbod/export.csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+32 9 000" in text and "'@SUM(A1)" in text
    assert "Gewoon" in text and "submitted" in text
    sheet = load_workbook(io.BytesIO(client.get("/beheer-aanbod/export.xlsx").get_data())).active
    cells = [c.value for c in sheet[2]]
    assert '\'=HYPERLINK("http://evil")' in cells and not any(
        isinstance(v, str) and v.startswith("=")
        for r in sheet.iter_rows(values_only=True)
        for v in r
    )
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "activities_exported")
        )
        == 2
    )


def test_neutralise_each_dangerous_start():
    for value in ("=1", "+1", "-1", "@x", "\tx", "\rx"):
        assert neutralise(value) == "'" + value
    assert neutralise("Gent") == "Gent" and neutralise(12) == 12


# --- UiTdatabank -------------------------------------------------------------------------------


def summer_camp(
    event_id="https://io.uitdatabank.be/event/00000000-0000-4000-8000-000000000001", week=2
) -> dict:
    """publiq's example turned into a camp in this season's n-th week."""
    event = camp_event()
    event["@id"] = event_id
    monday = iso_week_range(factories.season_week(week))[0]
    event["startDate"] = f"{monday}T07:00:00+00:00"
    event["endDate"] = f"{monday + timedelta(days=4)}T14:00:00+00:00"
    for n, sub in enumerate(event["subEvent"]):
        day = monday + timedelta(days=n)
        sub["startDate"], sub["endDate"] = f"{day}T07:00:00+00:00", f"{day}T14:00:00+00:00"
    return event


def import_json(client, payload) -> str:
    response = client.post(
        "/beheer-aanbod/import/uitdatabank",
        data={"file": (io.BytesIO(json.dumps(payload).encode()), "uit.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def test_uitdatabank_example_for_adults_is_reported_and_skipped(client, db, login_as):
    login_as("coordinator")
    html = client.post(
        "/beheer-aanbod/import/uitdatabank",
        data={"file": (io.BytesIO(EXAMPLE.read_bytes()), "search.json")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Overgeslagen: 1" in html
    assert "Le sanglier et le papillon - La mue</strong>: voor 18 jaar en ouder" in html
    assert count(db) == 0


def test_uitdatabank_camp_outside_ghent_is_reported_and_skipped(client, db, login_as):
    camp = summer_camp()
    camp["location"] = load_example()["member"][0]["location"]  # Constant vzw, Sint-Gillis
    login_as("coordinator")
    html = import_json(client, [camp])
    assert "Overgeslagen: 1" in html and "niet in Gent (1060 Sint-Gillis)" in html
    assert count(db) == 0


def test_uitdatabank_camp_is_mapped_and_arrives_for_moderation(client, db, login_as):
    login_as("coordinator")
    html = import_json(client, {"member": [summer_camp()]})
    assert "Nieuw: 1" in html
    item = db.session.scalar(db.select(Activity))
    assert item.status == "submitted" and item.external_id.endswith("000000000001")
    assert item.title == "Zwemkamp De Krook" and item.title_i18n == {"en": "Swimming camp"}
    assert item.categories == ["camp", "swimming"]
    assert (item.age_min, item.age_max) == (6, 12)
    assert item.weeks == [factories.season_week(2)]
    assert (item.street, item.number, item.postcode) == ("Sint-Pietersplein", "23 bus 4", "9000")
    assert item.wijk_number is not None  # from the point on the map
    assert float(item.price_eur) == 95 and item.kansentarief
    assert float(item.kansentarief_price_eur) == 19
    assert item.childcare_before and item.childcare_after
    assert item.registration_url == "https://example.org/inschrijven"


def test_reimporting_the_same_id_updates_instead_of_duplicating(client, db, login_as):
    login_as("coordinator")
    import_json(client, {"member": [summer_camp()]})
    item = db.session.scalar(db.select(Activity))
    item.status = "published"
    db.session.commit()
    changed = summer_camp()
    changed["name"] = {"nl": "Zwemkamp De Krook (nieuwe uren)"}
    html = import_json(client, [changed])
    assert "Bijgewerkt: 1" in html and count(db) == 1
    db.session.refresh(item)
    assert item.title == "Zwemkamp De Krook (nieuwe uren)" and item.status == "published"


def test_events_outside_the_season_or_unavailable_are_skipped(client, db, login_as):
    login_as("coordinator")
    winter = summer_camp(event_id="https://io.uitdatabank.be/event/winter")
    winter["startDate"] = "2027-01-04T07:00:00+00:00"
    winter["endDate"] = "2027-01-08T14:00:00+00:00"
    for sub in winter["subEvent"]:
        sub["startDate"] = "2027-01-04T07:00:00+00:00"
        sub["endDate"] = "2027-01-04T14:00:00+00:00"
    cancelled = summer_camp(event_id="https://io.uitdatabank.be/event/cancelled")
    cancelled["status"] = {"type": "Unavailable"}
    broken = {"@id": "https://io.uitdatabank.be/event/broken"}
    html = import_json(client, {"member": [winter, cancelled, broken]})
    assert "Overgeslagen: 3" in html
    assert "geen enkele sessie in de zomer van" in html
    assert "geannuleerd of uitgesteld in UiTdatabank" in html
    assert count(db) == 0


def test_not_json_is_refused(client, db, login_as):
    login_as("coordinator")
    response = client.post(
        "/beheer-aanbod/import/uitdatabank",
        data={"file": (io.BytesIO(b"<html>"), "uit.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "geen JSON-bestand" in response.get_data(as_text=True)


# Fetching from UiTdatabank (a real local server playing it): tests/test_uitdatabank_sync.py


def test_without_a_key_there_is_no_fetch(client, login_as):
    login_as("coordinator")
    assert "Ophalen uit UiTdatabank" not in client.get("/beheer-aanbod/import").get_data(
        as_text=True
    )
    response = client.post("/beheer-aanbod/import/uitdatabank", data={"fetch": "1"})
    assert response.status_code == 422


def test_camp_event_helper_is_not_changed_by_the_import():
    event = summer_camp()
    assert copy.deepcopy(event) == event


def test_spreadsheet_refuses_links_that_are_not_web_addresses(client, db, login_as):
    login_as("coordinator")
    response = upload(
        client,
        csv_file([row(inschrijven_website="javascript:alert(1)", inschrijven_email="geen adres")]),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "moet beginnen met https://" in html and "geen e-mailadres" in html


def test_uitdatabank_link_that_is_not_a_web_address_is_dropped(client, db, login_as):
    event = summer_camp()
    event["bookingInfo"]["url"] = "javascript:alert(1)"
    login_as("coordinator")
    import_json(client, [event])
    assert db.session.scalar(db.select(Activity.registration_url)) == ""
