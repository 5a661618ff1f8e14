"""Flanders' address register, played by a real HTTP server with recorded answers.

pytest-httpserver serves the answers in tests/fixtures/address-register/ (provenance in
tests/fixtures/README.md) at the same path and query the app asks the real register; a slow
server, an error and an unknown address show the fall-back to the embedded CRAB data.
"""

import json
import math
import time
from pathlib import Path

import pytest
from werkzeug import Response

from app.addresses import locate, register
from app.addresses.models import AddressLookup
from app.households.models import Household

FIXTURES = Path(__file__).parent / "fixtures" / "address-register"
BELLEVUE_5 = FIXTURES / "district09_v2_adresmatch_bellevue5_9050_gent.json"
BELLEVUE_1_MATCH = FIXTURES / "district09_v2_adresmatch_single_item.json"
SINT_JANSVEST_50 = FIXTURES / "crabpy_pyramid_v2_adres_detail_sintjansvest50_9000_gent.json"
# Bellevue 5, 9050 Gent in the embedded CRAB data (app/data/ghent/addresses-crab2014.csv).
CRAB_BELLEVUE_5 = (51.0370850, 3.7365681)


def _metres(a, b) -> float:
    dx = (b[1] - a[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(dx, (b[0] - a[0]) * 110_540)


def _answer(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _query(street, number, postcode, **more) -> dict:
    return {
        "gemeentenaam": "Gent",
        "postcode": postcode,
        "straatnaam": street,
        "huisnummer": number,
        **more,
    }


@pytest.fixture
def served(app, httpserver):
    """The app asks the test server as its register; no pause carries over between tests."""
    register.reset()
    app.config["ADDRESS_REGISTER_URL"] = httpserver.url_for("/v2")
    app.config["ADDRESS_REGISTER_API_KEY"] = None
    yield httpserver
    app.config["ADDRESS_REGISTER_URL"] = ""
    register.reset()


def test_the_register_places_bellevue_5_where_crab_does(served, db):
    served.expect_request(
        "/v2/adresmatch", query_string=_query("Bellevue", "5", "9050")
    ).respond_with_json(_answer(BELLEVUE_5))
    found = locate("Bellevue", "5", "9050")
    assert found.source == "register" and found.wijk == 18
    # Lambert 72 (105665.73, 192054.51) through pyproj: about 15 m from CRAB's point.
    assert _metres((found.lat, found.lon), CRAB_BELLEVUE_5) < 25
    db.session.commit()
    remembered = db.session.get(AddressLookup, "bellevue|5||9050")
    assert (remembered.source, remembered.wijk_number) == ("register", 18)


def test_a_box_takes_its_own_match_and_is_asked_for(served):
    served.expect_request(
        "/v2/adresmatch", query_string=_query("Bellevue", "5", "9050", busnummer="1")
    ).respond_with_json(_answer(BELLEVUE_5))
    with_box = locate("Bellevue", "5 bus 1", "9050")
    building = register.best_match(_answer(BELLEVUE_5), "5")
    box_match = register.point_of(_answer(BELLEVUE_5)["adresMatches"][1])  # "bus 0001"
    assert (with_box.lat, with_box.lon) == pytest.approx(box_match)
    assert (with_box.lat, with_box.lon) != pytest.approx((building.lat, building.lon))


def test_an_address_crab_has_no_position_for_gets_one_from_the_register(served, db):
    # Bellevue 1 is in CRAB 2014 without a position; the register knows where it is.
    assert locate("Bellevue", "1", "9050", online=False).source != "crab"
    served.expect_request(
        "/v2/adresmatch", query_string=_query("Bellevue", "1", "9050")
    ).respond_with_json({"adresMatches": [_answer(BELLEVUE_1_MATCH)], "warnings": []})
    found = locate("Bellevue", "1", "9050")
    assert (found.source, found.wijk) == ("register", 18)
    assert _metres((found.lat, found.lon), CRAB_BELLEVUE_5) < 120


def test_the_api_key_is_sent_when_set(served, app):
    app.config["ADDRESS_REGISTER_API_KEY"] = "sleutel-123"
    served.expect_request("/v2/adresmatch", headers={"x-api-key": "sleutel-123"}).respond_with_json(
        _answer(BELLEVUE_5)
    )
    assert locate("Bellevue", "5", "9050").source == "register"
    served.check_assertions()


def test_an_answer_is_remembered_and_used_offline(served, db):
    served.expect_request("/v2/adresmatch").respond_with_json(_answer(BELLEVUE_5))
    first = locate("Bellevue", "5", "9050")
    db.session.commit()
    assert locate("bellevue", "5", "B-9050") == first  # the same door written otherwise
    assert locate("Bellevue", "5", "9050", online=False) == first
    assert len(served.log) == 1


def test_an_address_the_register_does_not_know_falls_back_and_is_not_asked_again(served, db):
    served.expect_request("/v2/adresmatch").respond_with_json(
        {"adresMatches": [], "warnings": [{"code": "4", "message": "Onbekende 'Postcode'."}]}
    )
    found = locate("Hundelgemsesteenweg", "210", "9050")
    assert (found.source, found.wijk) == ("crab", 18)
    db.session.commit()
    assert db.session.get(AddressLookup, "hundelgemsesteenweg|210||9050").source == (
        "register-unknown"
    )
    locate("Hundelgemsesteenweg", "210", "9050")
    assert len(served.log) == 1


def test_another_house_number_is_never_taken_for_the_asked_one(served):
    served.expect_request("/v2/adresmatch").respond_with_json(_answer(BELLEVUE_5))
    # The recorded answer only holds number 5: asked for 7, the embedded data answers.
    assert locate("Bellevue", "7", "9050").source != "register"


def test_a_slow_register_is_left_after_two_seconds(served):
    def slow(request):
        time.sleep(3)
        return Response(BELLEVUE_5.read_text(encoding="utf-8"), mimetype="application/json")

    served.expect_request("/v2/adresmatch").respond_with_handler(slow)
    started = time.monotonic()
    found = locate("Hundelgemsesteenweg", "210", "9050")
    assert time.monotonic() - started < register.TIMEOUT + 0.8
    assert (found.source, found.wijk) == ("crab", 18)
    # Paused: the next address does not wait for it again.
    started = time.monotonic()
    assert locate("Aaigemstraat", "10", "9000").source == "crab"
    assert time.monotonic() - started < 0.5


def test_an_error_falls_back_to_the_embedded_data(served):
    served.expect_request("/v2/adresmatch").respond_with_data("Service Unavailable", status=503)
    found = locate("Hundelgemsesteenweg", "210", "9050")
    assert (found.source, found.wijk) == ("crab", 18)
    assert register.paused(served.url_for("/v2"))


def test_an_unreachable_register_falls_back_too(app, db):
    register.reset()
    app.config["ADDRESS_REGISTER_URL"] = "http://127.0.0.1:9/v2"  # discard port: refused
    try:
        assert locate("Hundelgemsesteenweg", "210", "9050").source == "crab"
    finally:
        app.config["ADDRESS_REGISTER_URL"] = ""
        register.reset()


def test_a_detail_answer_converts_to_the_wijk_crab_interpolates(app):
    """Sint-Jansvest 50 has no position in CRAB 2014; the register's (Lambert 72, recorded
    /v2/adressen answer) lies in the wijk the interpolation between 48 and 52 gives."""
    lat, lon = register.point_of(_answer(SINT_JANSVEST_50))
    estimated = locate("Sint-Jansvest", "50", "9000", online=False)
    assert estimated.source == "crab-interpolated"
    from app.addresses import wijk_at

    assert wijk_at(lat, lon) == estimated.wijk == 1
    assert _metres((lat, lon), (estimated.lat, estimated.lon)) < 60


def test_the_household_form_takes_the_registers_position(served, client, db, login_as):
    served.expect_request("/v2/adresmatch").respond_with_json(
        {"adresMatches": [_answer(BELLEVUE_1_MATCH)], "warnings": []}
    )
    login_as("coordinator")
    response = client.post(
        "/huishoudens/nieuw",
        data={
            "street": "Bellevue",
            "number": "1",
            "box": "",
            "postcode": "9050",
            "wijk": "",
            "lat": "",
            "lon": "",
            "consent": "unknown",
            "children_3_5": "1",
            "partner_organisation_id": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    household = db.session.scalar(db.select(Household))
    assert (household.wijk_number, household.position_source) == (18, "register")
    page = client.get(f"/huishoudens/{household.id}").get_data(as_text=True)
    assert "adressenregister" in page
