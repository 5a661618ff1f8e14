"""`flask --app wsgi geocode [--missing-only]`: positions for what is stored, with a summary."""

from datetime import datetime

from app.addresses import register
from app.audit.models import AuditEvent
from app.households.models import Household
from tests import factories
from tests.test_address_register import BELLEVUE_5, _answer, served  # noqa: F401


def _households(db) -> dict[str, Household]:
    return {h.street: h for h in db.session.scalars(db.select(Household))}


def test_missing_positions_are_filled_and_summed_up(runner, db):
    factories.household(street="Hundelgemsesteenweg", number="210", postcode="9050", wijk_number=18)
    factories.household(street="Aaigemstraat", number="10", wijk_number=4)  # lies in 22
    factories.household(street="Nergensstraat", number="1", wijk_number=13)
    factories.household(
        street="Sleepstraat",
        number="3",
        wijk_number=2,
        lat=51.0605,
        lon=3.7256,
        position_source="typed",
    )
    factories.household(
        street="Kerkstraat",
        number="1",
        postcode="9050",
        wijk_number=17,
        anonymised_at=datetime(2026, 1, 1),
    )
    camp = factories.activity(
        status="published", street="Hundelgemsesteenweg", number="210", postcode="9050"
    )
    camp.wijk_number = camp.lat = camp.lon = None  # as stored before addresses were placed
    db.session.commit()

    result = runner.invoke(args=["geocode", "--missing-only"])
    assert result.exit_code == 0, result.output
    assert "Households: 3 checked (crab 2, none 1); 2 got a new position." in result.output
    assert "1 lie in another wijk than recorded" in result.output
    assert "(wijk 4, address in 22)" in result.output
    assert "Activities: 1 checked (crab 1); 1 changed position or wijk." in result.output

    placed = _households(db)
    assert placed["Hundelgemsesteenweg"].position_source == "crab"
    assert placed["Aaigemstraat"].wijk_number == 4  # a household's wijk is never moved here
    assert placed["Aaigemstraat"].lat is not None
    assert placed["Nergensstraat"].lat is None
    assert (placed["Sleepstraat"].lat, placed["Sleepstraat"].lon) == (51.0605, 3.7256)
    assert placed["Kerkstraat"].lat is None  # anonymised: left alone
    db.session.refresh(camp)
    assert camp.wijk_number == 18 and camp.lat is not None
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"households_geocoded", "activities_geocoded"} <= actions

    again = runner.invoke(args=["geocode", "--missing-only"])
    assert "Households: 1 checked (none 1); 0 got a new position." in again.output


def test_a_full_run_asks_the_register_and_keeps_typed_positions(runner, db, served):  # noqa: F811
    served.expect_request("/v2/adresmatch").respond_with_json(_answer(BELLEVUE_5))
    factories.household(street="Bellevue", number="5", postcode="9050", wijk_number=18)
    factories.household(
        street="Sleepstraat",
        number="3",
        wijk_number=2,
        lat=51.0605,
        lon=3.7256,
        position_source="typed",
    )
    db.session.commit()
    result = runner.invoke(args=["geocode"])
    assert result.exit_code == 0, result.output
    assert "Households: 2 checked (typed 1, register 1); 1 got a new position, 1 typed" in (
        result.output
    )
    assert _households(db)["Bellevue"].position_source == "register"
    assert len(served.log) == 1


def test_an_unreachable_register_is_reported_and_the_embedded_data_used(runner, app, db):
    factories.household(street="Hundelgemsesteenweg", number="210", postcode="9050", wijk_number=18)
    db.session.commit()
    register.reset()
    app.config["ADDRESS_REGISTER_URL"] = "http://127.0.0.1:9/v2"
    try:
        result = runner.invoke(args=["geocode", "--missing-only"])
    finally:
        app.config["ADDRESS_REGISTER_URL"] = ""
        register.reset()
    assert "The address register did not answer" in result.output
    assert _households(db)["Hundelgemsesteenweg"].position_source == "crab"


def test_register_answers_too_old_to_use_are_forgotten(runner, db):
    from datetime import timedelta

    from app.addresses.lookup import _now
    from app.addresses.models import AddressLookup

    now = _now()
    db.session.add_all(
        [
            AddressLookup(
                key="oud|1||9000",
                lat=51.05,
                lon=3.72,
                wijk_number=1,
                source="register",
                looked_up_at=now - timedelta(days=400),
            ),
            AddressLookup(
                key="recent|1||9000",
                lat=51.05,
                lon=3.72,
                wijk_number=1,
                source="register",
                looked_up_at=now - timedelta(days=10),
            ),
            AddressLookup(
                key="onbekend|1||9000",
                source="register-unknown",
                looked_up_at=now - timedelta(days=40),
            ),
        ]
    )
    db.session.commit()
    result = runner.invoke(args=["geocode", "--missing-only"])
    assert "Forgot 2 remembered register answers" in result.output
    assert list(db.session.scalars(db.select(AddressLookup.key))) == ["recent|1||9000"]


def test_an_imported_events_wijk_question_is_answered_by_its_address(runner, db):
    event = factories.activity(
        status="submitted", street="Hundelgemsesteenweg", number="210", postcode="9050"
    )
    event.wijk_number = None
    event.review_reasons = ["wijk_unknown", "category_unknown"]
    db.session.commit()
    runner.invoke(args=["geocode", "--missing-only", "--offline"])
    db.session.refresh(event)
    assert (event.wijk_number, event.review_reasons) == (18, ["category_unknown"])
