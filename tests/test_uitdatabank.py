"""Mapping UiTdatabank Search API v3 events to activity fields, on publiq's real example."""

import copy
import json
import re
from datetime import date, time
from pathlib import Path

import pytest

from app.offers.sessions import Session
from app.offers.uitdatabank import (
    CATEGORIES,
    TERM_CATEGORIES,
    build_search_query,
    map_event,
    map_events,
    parse_age_range,
    split_street_address,
)

# A copy kept in the repository (provenance in tests/data/README.md), so the suite needs nothing
# outside it.
EXAMPLE = Path(__file__).resolve().parent / "data" / "uitdatabank-search-v3-example.json"
EVENT_ID = "https://io.uitdatabank.be/event/7438ac58-fb2b-4ddc-bbda-d2d3d61681c5"


def load_example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def example_event() -> dict:
    return copy.deepcopy(load_example()["member"][0])


def camp_event() -> dict:
    """The real event turned into a Ghent summer camp, the shape the importer mostly meets."""
    event = example_event()
    event.update(
        {
            "@id": "https://io.uitdatabank.be/event/00000000-0000-4000-8000-000000000001",
            "mainLanguage": "nl",
            "name": {"nl": "Zwemkamp De Krook", "en": "Swimming camp"},
            "description": {
                "nl": "<p>Vijf dagen <b>zwemmen</b> &amp; spelen.</p><p>Meebrengen: handdoek</p>"
            },
            "typicalAgeRange": "6-12",
            "calendarType": "multiple",
            "startDate": "2027-07-05T07:00:00+00:00",
            "endDate": "2027-07-09T14:00:00+00:00",
            "subEvent": [
                {
                    "@type": "Event",
                    "startDate": f"2027-07-0{day}T07:00:00+00:00",
                    "endDate": f"2027-07-0{day}T14:00:00+00:00",
                    "status": {"type": "Available"},
                    "childcare": {"start": "08:00", "end": "17:30"},
                }
                for day in range(5, 10)
            ],
            "terms": [
                {"id": "0.57.0.0.0", "label": "Kamp of vakantie", "domain": "eventtype"},
                {"id": "1.51.3.0.0", "label": "Zwemmen en watersport", "domain": "theme"},
            ],
            "priceInfo": [
                {
                    "category": "base",
                    "name": {"nl": "Basistarief"},
                    "price": 95,
                    "priceCurrency": "EUR",
                },
                {
                    "category": "tariff",
                    "name": {"nl": "Tweede kind"},
                    "price": 85.5,
                    "priceCurrency": "EUR",
                },
                {
                    "category": "uitpas",
                    "name": {"nl": "UiTPAS Gent kansentarief"},
                    "price": 19,
                    "priceCurrency": "EUR",
                },
            ],
            "bookingInfo": {"url": "https://example.org/inschrijven", "email": "kamp@example.org"},
        }
    )
    event["location"]["name"] = {"nl": "De Krook"}
    event["location"]["address"] = {
        "nl": {
            "addressCountry": "BE",
            "addressLocality": "Gent",
            "postalCode": "9000",
            "streetAddress": "Sint-Pietersplein 23 bus 4",
        }
    }
    event["location"]["geo"] = {"latitude": 51.0476, "longitude": 3.7271}
    return event


# --- the real example ---------------------------------------------------------------------------


def test_example_response_maps_its_one_member():
    payload = load_example()
    results = map_events(payload)
    # totalItems says 4, but with itemsPerPage 1 this page carries a single member.
    assert payload["totalItems"] == 4
    assert len(results) == len(payload["member"]) == 1
    assert results[0].ok and results[0].errors == []
    assert results[0].external_id == EVENT_ID


def test_example_event_fields():
    data = map_events(load_example())[0].data
    assert data is not None
    assert data["external_id"] == EVENT_ID
    # mainLanguage is French here, so French is the title and Dutch a translation.
    assert data["title"] == "Le sanglier et le papillon - La mue"
    assert data["title_i18n"] == {"nl": "Het zwijn en de vlinder - De rui"}
    assert data["description"].startswith("A travers la fabrication")
    assert "\n\n" in data["description"]
    assert data["description_i18n"]["nl"].startswith("In de vitrine van Constant")
    # An exhibition ("Tentoonstelling") is none of our categories.
    assert data["categories"] == []
    assert (data["age_min"], data["age_max"]) == (18, 95)
    # UTC 23:00 on 21 January is midnight on the 22nd in Brussels: the local date counts. The
    # second session, on 4 March, is cancelled ("Unavailable"): the event is one whole day.
    assert (data["start_date"], data["end_date"]) == (date(2021, 1, 22), date(2021, 1, 22))
    assert data["sessions"] == [Session(date(2021, 1, 22), date(2021, 1, 22))]
    assert (data["start_time"], data["end_time"]) == (None, None)
    assert data["overnight"] is False and data["childcare"] is None
    assert data["price_eur"] == 0 and data["free"] is True
    assert data["kansentarief"] is False and data["kansentarief_price_eur"] is None
    assert data["organizer"] == "Constant vzw"
    assert data["status"] == "available"
    assert data["languages"] == ["fr", "nl", "en", "de"]
    assert data["url"].startswith("http://www.uitinvlaanderen.be/agenda/e/")


def test_example_location_uses_the_dutch_address_split_into_street_and_number():
    location = map_events(load_example())[0].data["location"]
    assert location == {
        "external_id": "https://io.uitdatabank.be/place/295d19f2-eb53-4d3d-a4a8-11aaaf058094",
        "name": "Constant vzw",
        "street": "Fortstraat",
        "number": "5",
        "box": None,
        "postcode": "1060",
        "city": "Sint-Gillis",
        "country": "BE",
        "lat": 50.8299134,
        "lon": 4.3434589,
    }


def test_example_registration_falls_back_to_the_contact_point():
    # The example has no bookingInfo; its contactPoint is the only way to reach the organiser.
    registration = map_events(load_example())[0].data["registration"]
    assert registration == {
        "url": "http://www.constantvzw.org",
        "phone": "025392467",
        "email": "info@constantvzw.org",
    }


def test_single_event_and_plain_list_are_accepted():
    event = example_event()
    assert [r.external_id for r in map_events(event)] == [EVENT_ID]
    assert [r.external_id for r in map_events([event, event])] == [EVENT_ID, EVENT_ID]
    assert map_event(event).data == map_events(load_example())[0].data


def test_unknown_fields_are_tolerated():
    event = example_event()
    event["somethingNew"] = {"nested": [1, 2, {"x": None}]}
    event["subEvent"][0]["unexpected"] = "value"
    event["location"]["futureField"] = ["a"]
    result = map_event(event)
    assert result.ok
    assert "somethingNew" not in result.data


# --- a camp -------------------------------------------------------------------------------------


def test_camp_mapping():
    data = map_event(camp_event()).data
    assert data is not None
    assert data["title"] == "Zwemkamp De Krook" and data["title_i18n"] == {"en": "Swimming camp"}
    assert data["description"] == "Vijf dagen zwemmen & spelen.\n\nMeebrengen: handdoek"
    assert data["categories"] == ["swimming", "camp"]
    assert (data["age_min"], data["age_max"]) == (6, 12)
    assert (data["start_date"], data["end_date"]) == (date(2027, 7, 5), date(2027, 7, 9))
    # 07:00 UTC in July is 09:00 in Ghent.
    assert (data["start_time"], data["end_time"]) == (time(9, 0), time(16, 0))
    assert data["childcare"] == {"start": "08:00", "end": "17:30"}
    # Five consecutive days are not an overnight stay unless the provider says so.
    assert data["overnight"] is False
    assert data["price_eur"] == 95 and data["free"] is False
    assert data["kansentarief"] is True and data["kansentarief_price_eur"] == 19
    assert data["registration"] == {
        "url": "https://example.org/inschrijven",
        "phone": "025392467",  # bookingInfo has none: the contact point's
        "email": "kamp@example.org",
    }
    location = data["location"]
    assert (location["name"], location["street"], location["number"], location["box"]) == (
        "De Krook",
        "Sint-Pietersplein",
        "23",
        "4",
    )
    assert (location["postcode"], location["city"]) == ("9000", "Gent")


def test_overnight_only_on_an_explicit_flag():
    event = camp_event()
    event["subEvent"][2]["overnight"] = True
    assert map_event(event).data["overnight"] is True


def test_categories_come_from_term_ids_not_labels():
    event = camp_event()
    event["terms"] = [
        {"id": "0.59.0.0.0", "label": "Sport en beweging", "domain": "eventtype"},
        {"id": "1.8.4.0.0", "label": "Folk en wereldmuziek", "domain": "theme"},
        {"id": "1.42.0.0.0", "label": "Creativiteit", "domain": "theme"},
        {"id": "0.50.21.0.0", "label": "Spel of quiz", "domain": "eventtype"},
        {"id": "0.7.0.0.0", "label": "Begeleide uitstap of rondleiding", "domain": "eventtype"},
        # An unknown id says nothing, whatever its label; so does a facility.
        {"id": "x", "label": "Natuur", "domain": "theme"},
        {"id": "3.23.2.0.0", "label": "Assistentie", "domain": "facility"},
    ]
    assert map_event(event).data["categories"] == [
        "sport",
        "play",
        "arts",
        "music_dance",
        "day_trip",
    ]


def test_category_table_only_produces_known_codes():
    assert set(TERM_CATEGORIES.values()) <= set(CATEGORIES)
    assert TERM_CATEGORIES["0.57.0.0.0"] == "camp"
    # Every id is a published UiTdatabank id (digits and dots), written once.
    assert all(re.fullmatch(r"\d+(\.\d+){4}", term_id) for term_id in TERM_CATEGORIES)


@pytest.mark.parametrize(
    ("age_range", "expected"),
    [
        ("6-12", (6, 12)),
        ("-12", (0, 12)),
        ("18-", (18, 99)),
        ("+18", (18, 99)),
        ("0-", (0, 99)),
        ("3-150", (3, 99)),
        (" 4 - 8 ", (4, 8)),
        ("10", (10, 10)),
    ],
)
def test_age_ranges(age_range, expected):
    event = camp_event()
    event["typicalAgeRange"] = age_range
    data = map_event(event).data
    assert (data["age_min"], data["age_max"], data["age_problem"]) == (*expected, None)


@pytest.mark.parametrize(
    ("age_range", "problem"),
    [
        (None, "missing"),
        ("", "missing"),
        ("-", "all"),
        ("twelve", "unreadable"),
        ("12-6", "unreadable"),
        ("6-12-18", "unreadable"),
        (12, "unreadable"),
        ("4/10", "unreadable"),
    ],
)
def test_unknown_age_is_not_every_age(age_range, problem):
    """Finding 10: no range, "-" or nonsense is an unknown age, for a person to look at."""
    event = camp_event()
    if age_range is None:
        del event["typicalAgeRange"]
    else:
        event["typicalAgeRange"] = age_range
    data = map_event(event).data
    assert (data["age_min"], data["age_max"], data["age_problem"]) == (None, None, problem)
    assert parse_age_range(age_range) == (None, problem)


def test_prices():
    event = camp_event()
    event["priceInfo"] = []
    data = map_event(event).data
    assert (data["price_eur"], data["free"], data["kansentarief"]) == (None, False, False)

    event["isAccessibleForFree"] = True
    assert map_event(event).data["free"] is True

    event = camp_event()
    event["priceInfo"] = [
        {"category": "base", "price": "12,50"},
        {"category": "uitpas", "name": {"nl": "Kansentarief"}},
    ]
    data = map_event(event).data
    assert data["price_eur"] == 12.5
    assert data["kansentarief"] is True and data["kansentarief_price_eur"] is None


def test_unavailable_status():
    event = camp_event()
    event["status"] = {"type": "TemporarilyUnavailable"}
    assert map_event(event).data["status"] == "unavailable"
    event["status"] = {"type": "Unavailable"}
    assert map_event(event).data["status"] == "unavailable"
    event = camp_event()
    event["workflowStatus"] = "DELETED"
    assert map_event(event).data["status"] == "unavailable"


def test_dates_from_sub_events_when_the_event_has_none():
    event = camp_event()
    del event["startDate"], event["endDate"]
    data = map_event(event).data
    assert (data["start_date"], data["end_date"]) == (date(2027, 7, 5), date(2027, 7, 9))


def test_differing_daily_times_are_left_out():
    event = camp_event()
    event["subEvent"][4]["endDate"] = "2027-07-09T10:00:00+00:00"
    data = map_event(event).data
    assert (data["start_time"], data["end_time"]) == (None, None)


def test_title_falls_back_to_dutch_then_any_language():
    event = camp_event()
    event["mainLanguage"] = "de"
    assert map_event(event).data["title"] == "Zwemkamp De Krook"
    event["name"] = {"en": "Swimming camp"}
    assert map_event(event).data["title"] == "Swimming camp"


# --- broken events ------------------------------------------------------------------------------


def test_broken_events_are_reported_not_raised():
    no_name = camp_event()
    del no_name["name"]
    no_dates = camp_event()
    for key in ("startDate", "endDate", "subEvent"):
        del no_dates[key]
    permanent = camp_event()
    permanent.update(calendarType="permanent", subEvent=[])
    del permanent["startDate"], permanent["endDate"]
    backwards = camp_event()
    backwards["subEvent"][0]["endDate"] = "2027-07-01T10:00:00+00:00"
    weird = camp_event()
    weird["location"] = {"address": "not an object", "geo": "nowhere", "name": 42}
    weird["terms"] = "not a list"
    weird["priceInfo"] = [None, "free", {"category": "base", "price": -3}]

    results = map_events(
        {"member": [no_name, no_dates, permanent, backwards, "garbage", None, weird, camp_event()]}
    )
    assert len(results) == 8
    messages = [[str(error) for error in r.errors] for r in results]
    assert messages[0] == ["geen naam"]
    assert messages[1] == ["geen data"]
    assert messages[2] == ["geen data (vast aanbod zonder openingsuren)"]
    assert messages[3] == ["eindigt (2027-07-01) voor het begint (2027-07-05)"]
    assert results[4].data is None and messages[4] == ["geen evenement maar str"]
    assert results[5].data is None and results[5].external_id is None
    # Odd shapes in optional fields lose those fields, not the activity.
    assert results[6].ok
    assert results[6].data["location"]["street"] is None
    assert results[6].data["location"]["lat"] is None
    assert results[6].data["price_eur"] is None
    assert results[7].ok
    assert all(r.data is None for r in results[:6])


def test_a_response_without_a_member_list_is_reported():
    results = map_events({"member": "oops"})
    assert len(results) == 1
    assert [str(e) for e in results[0].errors] == ["het antwoord heeft geen lijst 'member'"]


# --- addresses and the search query -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Bellevue 1", ("Bellevue", "1", None)),
        ("Sint-Pietersplein 23 bus 4", ("Sint-Pietersplein", "23", "4")),
        ("Kouter 12a", ("Kouter", "12A", None)),
        ("Veldstraat 10-12", ("Veldstraat", "10-12", None)),
        ("Voskenslaan 33 bus 1.01", ("Voskenslaan", "33", "1.01")),
        ("Rue du Fort", ("Rue du Fort", None, None)),
        ("5 rue du Fort", ("5 rue du Fort", None, None)),
    ],
)
def test_split_street_address(line, expected):
    assert split_street_address(line) == expected


def test_build_search_query_for_ghent_children_in_the_season():
    query = build_search_query(date(2027, 7, 1), date(2027, 8, 31))
    assert query["q"] == "typicalAgeRange:[0 TO 12]"
    assert query["regions"] == "nis-44021"
    assert query["dateFrom"] == "2027-07-01T00:00:00+02:00"
    assert query["dateTo"] == "2027-08-31T23:59:59+02:00"
    assert query["embed"] == "true"
    camps = build_search_query(date(2027, 7, 1), date(2027, 8, 31), camps_only=True, start=50)
    assert camps["q"] == "typicalAgeRange:[0 TO 12] AND terms.id:0.57.0.0.0"
    assert camps["start"] == "50"
