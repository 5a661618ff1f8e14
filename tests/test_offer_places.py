"""An activity's wijk is its address's wijk: forms, edits, moderation and the spreadsheet.

Addresses are real Ghent addresses, placed by the embedded CRAB data (the register is off).
"""

from app.offers.models import Activity
from tests import factories
from tests.test_offer_imports import confirm, csv_file, upload
from tests.test_offer_imports import row as sheet_row
from tests.test_offers import form_data

HUNDELGEM = {"street": "Hundelgemsesteenweg", "number": "210", "postcode": "9050"}


def _only(db) -> Activity:
    return db.session.scalar(db.select(Activity))


def test_a_camp_at_hundelgemsesteenweg_210_reaches_its_wijk_page(client, db, login_as):
    """The issue's camp: submitted by a provider, published, found from wijk 18's flyer."""
    login_as("provider")
    response = client.post("/activiteiten/nieuw", data=form_data(title="Zomerkamp", **HUNDELGEM))
    assert response.status_code == 302
    item = _only(db)
    assert item.wijk_number == 18 and item.lat is not None
    login_as("coordinator")
    client.post(f"/beheer-aanbod/activiteiten/{item.id}/publiceren")
    assert "Zomerkamp" in client.get("/aanbod?wijk=18").get_data(as_text=True)
    listed = client.get("/api/v1/activities?wijk=18").get_json()["activities"]
    assert [(a["title"], a["location"]["wijk"]["number"]) for a in listed] == [("Zomerkamp", 18)]


def test_the_form_asks_for_the_wijk_when_the_address_is_not_found(client, db, login_as):
    login_as("provider")
    response = client.post(
        "/activiteiten/nieuw", data=form_data(street="Nergensstraat", number="1")
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Deze straat vinden we niet in Gent" in html
    assert "Kies de wijk waar de activiteit plaatsvindt" in html
    assert _only(db) is None
    response = client.post(
        "/activiteiten/nieuw", data=form_data(street="Nergensstraat", number="1", wijk_number="7")
    )
    assert response.status_code == 302
    assert _only(db).wijk_number == 7


def test_a_wijk_chosen_against_the_address_is_refused(client, db, login_as):
    login_as("provider")
    response = client.post("/activiteiten/nieuw", data=form_data(wijk_number="3", **HUNDELGEM))
    assert response.status_code == 422
    assert "Dit adres ligt in wijk 18" in response.get_data(as_text=True)


def test_a_new_address_brings_its_own_wijk_and_map_position(client, db, login_as):
    item = factories.activity(status="published")  # Acaciastraat 1, 9000: wijk 4
    db.session.commit()
    login_as("coordinator")
    form = client.get(f"/activiteiten/{item.id}").get_data(as_text=True)
    assert '<option selected value="">' in form  # the wijk follows the address
    response = client.post(f"/activiteiten/{item.id}", data=form_data(wijk_number="", **HUNDELGEM))
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.wijk_number == 18
    assert (round(item.lat, 4), round(item.lon, 4)) == (51.03, 3.7446)  # CRAB's point of 210


def test_moderation_flags_an_activity_without_wijk_and_publishing_needs_a_choice(
    client, db, login_as
):
    lost = factories.activity(
        status="submitted", title="Ergens", street="Nergensstraat", wijk_number=None
    )
    elsewhere = factories.activity(
        status="submitted", title="Bosklassen", street="Bosweg", postcode="6690", wijk_number=None
    )
    db.session.commit()
    login_as("coordinator")
    queue = client.get("/beheer-aanbod").get_data(as_text=True)
    assert queue.count("geen wijk") == 2
    review = client.get(f"/beheer-aanbod/activiteiten/{lost.id}").get_data(as_text=True)
    assert "op geen enkele wijkpagina" in review and 'name="wijk"' in review
    refused = client.post(
        f"/beheer-aanbod/activiteiten/{lost.id}/publiceren", follow_redirects=True
    )
    assert "Kies eerst de wijk" in refused.get_data(as_text=True)
    db.session.refresh(lost)
    assert lost.status == "submitted"
    client.post(f"/beheer-aanbod/activiteiten/{lost.id}/publiceren", data={"wijk": "9"})
    client.post(f"/beheer-aanbod/activiteiten/{elsewhere.id}/publiceren", data={"wijk": "geen"})
    db.session.refresh(lost)
    db.session.refresh(elsewhere)
    assert (lost.status, lost.wijk_number) == ("published", 9)
    assert (elsewhere.status, elsewhere.wijk_number) == ("published", None)
    assert "Ergens" in client.get("/aanbod?wijk=9").get_data(as_text=True)
    assert "geen wijk" in client.get("/beheer-aanbod/activiteiten").get_data(as_text=True)


def test_the_spreadsheet_places_every_row_and_holds_those_without_a_wijk(client, db, login_as):
    login_as("coordinator")
    rows = [
        sheet_row(
            titel="Kamp Ledeberg", straat="Hundelgemsesteenweg", nummer="210", postcode="9050"
        ),
        sheet_row(titel="Kamp nergens", straat="Nergensstraat", nummer="1"),
    ]
    preview = upload(client, csv_file(rows), publish="y")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "1 activiteit heeft geen wijk" in html
    assert "Ze worden niet gepubliceerd maar wachten bij" in html
    assert confirm(client, html, publish=True).status_code == 302
    placed = {a.title: a for a in db.session.scalars(db.select(Activity))}
    assert (placed["Kamp Ledeberg"].status, placed["Kamp Ledeberg"].wijk_number) == (
        "published",
        18,
    )
    assert (placed["Kamp nergens"].status, placed["Kamp nergens"].wijk_number) == (
        "submitted",
        None,
    )


def test_a_spreadsheet_wijk_against_the_address_stops_the_import(client, db, login_as):
    login_as("coordinator")
    rows = [sheet_row(straat="Hundelgemsesteenweg", nummer="210", postcode="9050", wijk="3")]
    preview = upload(client, csv_file(rows))
    assert preview.status_code == 422
    assert "Dit adres ligt in wijk 18" in preview.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Activity)) == 0


def test_an_activity_stored_without_wijk_is_offered_its_addresss_wijk(client, db, login_as):
    item = factories.activity(status="submitted", title="Van vroeger", **HUNDELGEM)
    item.wijk_number = None  # as stored before addresses were placed
    db.session.commit()
    login_as("coordinator")
    review = client.get(f"/beheer-aanbod/activiteiten/{item.id}").get_data(as_text=True)
    assert "Het adres ligt in wijk 18" in review
    assert '<option selected value="18">' in review
