"""Households: list, create and edit with the wijk from coordinates, street or pick; merge."""

import re
import uuid
from datetime import date, datetime

from app.models import AuditEvent, FollowUp, Household, Round, StockMovement, Stop, Visit
from tests import factories

BINNENSTAD = (51.048013, 3.728703)  # a point in wijk 1
BRUGSE_POORT = (51.059219, 3.692775)  # a point in wijk 4


def form_data(**overrides) -> dict:
    data = {
        "street": "Onbekendestraat",
        "number": "12",
        "box": "",
        "postcode": "9000",
        "wijk": "",
        "lat": "",
        "lon": "",
        "languages": ["nl", "ar"],
        "children_0_2": "0",
        "children_3_5": "1",
        "children_6_8": "2",
        "children_9_12": "0",
        "children_13_17": "0",
        "partner_organisation_id": "",
        "consent": "given",
        "note": "",
    }
    data.update(overrides)
    return data


def actions(db) -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_only_coordinators_and_admins_reach_households(client, login_as):
    login_as("worker")
    assert client.get("/huishoudens").status_code == 403
    assert client.get("/huishoudens/nieuw").status_code == 403


def test_list_search_filters_pagination_and_empty_state(client, db, login_as):
    login_as("coordinator")
    assert "Er zijn nog geen huishoudens" in client.get("/huishoudens").get_data(as_text=True)
    partner = factories.organisation(name="Buurtwerk Test")
    factories.household(street="Kerkstraat", number="12", wijk_number=3)
    factories.household(street="Kerkstraat", number="40", wijk_number=5)
    factories.household(street="Molenstraat", number="12", partner_organisation_id=partner.id)
    for n in range(30):
        factories.household(street="Lange Straat", number=str(100 + n), wijk_number=7)
    db.session.commit()

    html = client.get("/huishoudens?q=kerkstraat 12").get_data(as_text=True)
    assert "Kerkstraat 12" in html and "Kerkstraat 40" not in html and "Molenstraat" not in html
    html = client.get("/huishoudens?wijk=5").get_data(as_text=True)
    assert "Kerkstraat 40" in html and "Kerkstraat 12" not in html
    html = client.get(f"/huishoudens?organisation={partner.id}").get_data(as_text=True)
    assert "Molenstraat 12" in html and "Kerkstraat" not in html
    html = client.get("/huishoudens?wijk=7").get_data(as_text=True)
    assert "Pagina 1 van 2" in html
    html = client.get("/huishoudens?q=nergensstraat").get_data(as_text=True)
    assert "Geen huishoudens gevonden" in html


def test_bad_input_is_refused_and_kept(client, db, login_as):
    login_as("coordinator")
    response = client.post(
        "/huishoudens/nieuw",
        data=form_data(street="Sleepstraat", number="abc", postcode="1000", note="x" * 281),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Een huisnummer begint met een cijfer" in html
    assert "Deze postcode ligt niet in Gent" in html
    assert "Maximaal 280 tekens" in html
    assert 'value="Sleepstraat"' in html and 'value="abc"' in html
    assert re.search(r'<input checked[^>]*value="ar"', html)  # ticked languages stay ticked
    assert db.session.scalar(db.select(db.func.count(Household.id))) == 0


def test_wijk_comes_from_coordinates(client, db, login_as):
    login_as("coordinator")
    lat, lon = BRUGSE_POORT
    response = client.post(
        "/huishoudens/nieuw", data=form_data(lat=str(lat).replace(".", ","), lon=str(lon))
    )
    assert response.status_code == 302
    household = db.session.scalar(db.select(Household))
    assert household.wijk_number == 4
    assert household.lat == lat
    assert household.languages == ["nl", "ar"] and household.children_6_8 == 2
    assert actions(db) == ["household_created"]


def test_coordinates_outside_ghent_or_half_are_refused(client, db, login_as):
    login_as("coordinator")
    outside = client.post("/huishoudens/nieuw", data=form_data(lat="50.85", lon="4.35"))
    assert outside.status_code == 422
    assert "niet in een wijk van Gent" in outside.get_data(as_text=True)
    half = client.post("/huishoudens/nieuw", data=form_data(lat="51.05"))
    assert "Vul beide coördinaten in" in half.get_data(as_text=True)
    junk = client.post("/huishoudens/nieuw", data=form_data(lat="noord", lon="3.7"))
    assert "Schrijf een getal" in junk.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Household.id))) == 0


def test_coordinates_contradicting_the_picked_wijk_are_flagged(client, login_as):
    login_as("coordinator")
    lat, lon = BINNENSTAD
    response = client.post(
        "/huishoudens/nieuw", data=form_data(lat=str(lat), lon=str(lon), wijk="9")
    )
    assert response.status_code == 422
    assert "De coördinaten liggen in wijk 1" in response.get_data(as_text=True)


def test_wijk_comes_from_a_known_street(client, db, login_as):
    login_as("coordinator")
    response = client.post("/huishoudens/nieuw", data=form_data(street="acaciastraat"))
    assert response.status_code == 302
    assert db.session.scalar(db.select(Household.wijk_number)) == 4


def test_a_wijk_picked_for_a_street_only_guessed_under_another_postcode_stands(
    client, db, login_as
):
    """Kerkstraat is only known in 9050: for "Kerkstraat 5, 9000" that is a guess, so the
    coordinator's wijk stands, without the guessed street's point."""
    login_as("coordinator")
    response = client.post(
        "/huishoudens/nieuw", data=form_data(street="Kerkstraat", number="5", wijk="2")
    )
    assert response.status_code == 302
    household = db.session.scalar(db.select(Household))
    assert (household.wijk_number, household.lat, household.position_source) == (2, None, None)
    refused = client.post(
        "/huishoudens/nieuw",
        data=form_data(street="Kerkstraat", number="5", postcode="9050", wijk="2"),
    )
    assert "Dit adres ligt in wijk 17" in refused.get_data(as_text=True)


def test_unknown_street_without_coordinates_needs_a_picked_wijk(client, db, login_as):
    login_as("coordinator")
    response = client.post("/huishoudens/nieuw", data=form_data())
    assert response.status_code == 422
    assert "kies de wijk" in response.get_data(as_text=True)
    response = client.post("/huishoudens/nieuw", data=form_data(wijk="13"))
    assert response.status_code == 302
    assert db.session.scalar(db.select(Household.wijk_number)) == 13


def test_near_duplicate_asks_confirmation_before_saving(client, db, login_as):
    login_as("coordinator")
    existing = factories.household(street="Sint-Pietersplein", number="5", box="3", wijk_number=1)
    db.session.commit()
    data = form_data(street="St.-Pietersplein", number="5 bus 3", wijk="1")
    response = client.post("/huishoudens/nieuw", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Dit adres lijkt al te bestaan" in html
    assert f"/huishoudens/{existing.id}" in html
    assert "Toch bewaren" in html
    assert db.session.scalar(db.select(db.func.count(Household.id))) == 1

    response = client.post("/huishoudens/nieuw", data={**data, "confirm_duplicate": "y"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Household.id))) == 2


def test_edit_records_changed_field_names_and_detail_view_is_audited(client, db, login_as):
    login_as("coordinator")
    household = factories.household(
        street="Acaciastraat", number="3", wijk_number=4, languages=["nl"]
    )
    db.session.commit()
    form = client.get(f"/huishoudens/{household.id}/bewerken").get_data(as_text=True)
    assert 'value="Acaciastraat"' in form
    data = form_data(
        street="Acaciastraat", number="3", note="Liefst na 16 uur", consent="unknown", languages=[]
    )
    response = client.post(f"/huishoudens/{household.id}/bewerken", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Household, household.id)
    assert changed.note == "Liefst na 16 uur" and changed.languages == []
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "household_changed"))
    assert "note" in event.detail["fields"] and "Liefst" not in str(event.detail)

    detail = client.get(f"/huishoudens/{household.id}")
    assert "Liefst na 16 uur" in detail.get_data(as_text=True)
    assert actions(db)[-1] == "household_viewed"


def test_edit_moving_onto_another_address_asks_confirmation(client, db, login_as):
    login_as("coordinator")
    factories.household(street="Acaciastraat", number="7", wijk_number=4)
    household = factories.household(street="Acaciastraat", number="9", wijk_number=4)
    db.session.commit()
    data = form_data(street="Acaciastraat", number="7")
    response = client.post(f"/huishoudens/{household.id}/bewerken", data=data)
    assert "Dit adres lijkt al te bestaan" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Household, household.id).number == "9"


def _visit(stop, occurred_at, outcome="not_home"):
    visit = Visit(
        id=str(uuid.uuid4()),
        stop_id=stop.id,
        household_id=stop.household_id,
        round_id=stop.round_id,
        occurred_at=occurred_at,
        outcome=outcome,
    )
    factories.db.session.add(visit)
    factories.db.session.flush()
    return visit


def test_merge_moves_everything_onto_the_kept_household(client, db, login_as):
    login_as("coordinator")
    keep = factories.household(street="Wasstraat", number="4", wijk_number=13)
    other = factories.household(street="Wasstr.", number="4", wijk_number=13)
    shared = Round(name="Zomer", start_date=date(2027, 6, 1), end_date=date(2027, 6, 30))
    only_other = Round(name="Herfst", start_date=date(2027, 9, 1), end_date=date(2027, 9, 30))
    db.session.add_all([shared, only_other])
    db.session.flush()
    stop_keep = Stop(round_id=shared.id, household_id=keep.id, attempts=0)
    stop_other = Stop(round_id=shared.id, household_id=other.id, attempts=2, status="not_home")
    stop_alone = Stop(round_id=only_other.id, household_id=other.id)
    db.session.add_all([stop_keep, stop_other, stop_alone])
    db.session.flush()
    first = _visit(stop_other, datetime(2027, 6, 2, 10))
    second = _visit(stop_other, datetime(2027, 6, 3, 10), outcome="contact")
    ptype = factories.package_type()
    org = factories.organisation()
    factories.stock_movement(
        organisation=org, package_type=ptype, kind="handed_out", quantity=-1, visit_id=second.id
    )
    followup = factories.follow_up(household=other, organisation=org, visit_id=second.id)
    db.session.commit()
    ids = {"keep": keep.id, "other": other.id, "stop_other": stop_other.id}

    confirm = client.get(f"/huishoudens/{keep.id}/samenvoegen/{other.id}")
    html = confirm.get_data(as_text=True)
    assert "Wasstraat 4" in html and "Wasstr. 4" in html
    assert db.session.get(Household, ids["other"]) is not None  # GET changes nothing
    assert client.post(f"/huishoudens/{keep.id}/samenvoegen/{other.id}").status_code == 422

    response = client.post(
        f"/huishoudens/{keep.id}/samenvoegen/{other.id}", data={"keep": str(keep.id)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Household, ids["other"]) is None
    stops = db.session.scalars(db.select(Stop).where(Stop.household_id == ids["keep"])).all()
    assert len(stops) == 2
    # In the shared round the busier stop (the other's) survives with both visits on it.
    survivor = next(s for s in stops if s.round_id == shared.id)
    assert survivor.id == ids["stop_other"] and survivor.attempts == 2
    assert survivor.status == "contact"
    visits = db.session.scalars(db.select(Visit)).all()
    assert {v.stop_id for v in visits} == {survivor.id}
    assert {v.household_id for v in visits} == {ids["keep"]}
    assert db.session.get(FollowUp, followup.id).household_id == ids["keep"]
    assert db.session.scalar(db.select(StockMovement.visit_id)) == second.id
    assert first.id in {v.id for v in visits}
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "households_merged"))
    assert event.object_id == str(ids["keep"]) and event.detail["removed_id"] == ids["other"]


def test_merge_keeping_the_second_and_choosing_by_number(client, db, login_as):
    login_as("coordinator")
    first = factories.household(street="Wasstraat", number="8", wijk_number=13)
    second = factories.household(street="Kerkstraat", number="1", wijk_number=13)
    db.session.commit()
    choose = client.get(f"/huishoudens/{first.id}/samenvoegen?met={second.id}")
    assert choose.status_code == 302
    assert choose.headers["Location"].endswith(f"/huishoudens/{first.id}/samenvoegen/{second.id}")
    response = client.post(
        f"/huishoudens/{first.id}/samenvoegen/{second.id}", data={"keep": str(second.id)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Household, first.id) is None
    assert db.session.get(Household, second.id) is not None


def test_search_takes_the_address_as_the_list_shows_it(client, db, login_as):
    """Found trying the demo: a coordinator copied "Sijsjeslaan 5 bus 1" or "Klauwierstraat 1,
    9040" from the list, and the search found nothing."""
    login_as("coordinator")
    factories.household(street="Sijsjeslaan", number="5", box="1", postcode="9040")
    factories.household(street="Sijsjeslaan", number="5", box="2", postcode="9040")
    factories.household(street="Klauwierstraat", number="1", postcode="9040")
    factories.household(street="Klauwierstraat", number="1", postcode="9000")
    db.session.commit()

    def found(q):
        html = client.get("/huishoudens", query_string={"q": q}).get_data(as_text=True)
        listed = r"(Sijsjeslaan 5 bus \d|Klauwierstraat 1)</a>, (\d{4})"
        return sorted(set(re.findall(listed, html)))

    assert found("Sijsjeslaan 5 bus 1") == [("Sijsjeslaan 5 bus 1", "9040")]
    assert found("sijsjeslaan 5/2") == [("Sijsjeslaan 5 bus 2", "9040")]
    assert len(found("Sijsjeslaan 5")) == 2
    assert found("Klauwierstraat 1, 9040") == [("Klauwierstraat 1", "9040")]
    assert found("Klauwierstraat, 9000 Gent") == [("Klauwierstraat 1", "9000")]
    assert len(found("9040")) == 3
