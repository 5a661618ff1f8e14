"""GET /api/v1/activities (contract §6): open data with the same filters as /aanbod, paged."""

from datetime import date, timedelta

import pytest

from app import clock
from tests import factories
from tests.openapi_check import assert_matches_spec


def get(client, query=""):
    response = client.get(f"/api/v1/activities{query}")
    assert_matches_spec("/activities", "get", response)
    return response


def titles(response) -> set:
    return {a["title"] for a in response.get_json()["activities"]}


def test_shape_matches_the_contract_and_hides_the_private_contact(client, db):
    item = factories.activity(
        title="Voetbalkamp",
        categories=["sport", "camp"],
        kansentarief=True,
        kansentarief_price_eur=5,
        registration_email="kamp@example.org",
    )
    db.session.commit()
    response = get(client)
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1
    (activity,) = body["activities"]
    assert activity == {
        "id": item.id,
        "title": "Voetbalkamp",
        "provider": "Speelplein Test",
        "categories": [
            {"code": "camp", "label": "Kamp"},
            {"code": "sport", "label": "Sport en bewegen"},
        ],
        "age_min": 4,
        "age_max": 12,
        "start_date": item.start_date.isoformat(),
        "end_date": item.end_date.isoformat(),
        # Monday to Friday of the season's first whole week
        "days": [(item.start_date + timedelta(days=n)).isoformat() for n in range(5)],
        "weeks": [factories.season_week(1)],
        "overnight": False,
        "free": False,
        "price_eur": 10.0,
        "kansentarief": True,
        "full": False,
        "location": {
            "name": "Speelplein",
            "street": "Acaciastraat",
            "number": "1",
            "postcode": "9000",
            "wijk": {"number": 4, "name": "Brugse Poort - Rooigem"},
        },
        "registration": {
            "url": "https://example.org/in",
            "phone": None,
            "email": "kamp@example.org",
        },
        "url": f"https://stoep.example/aanbod/{item.id}",
    }
    text = response.get_data(as_text=True)
    assert "Piet" not in text and "piet.prive" not in text and "0470" not in text


def test_category_labels_are_in_dutch_by_default(client, db):
    factories.activity(categories=["swimming", "nature"])
    db.session.commit()
    assert get(client).get_json()["activities"][0]["categories"] == [
        {"code": "nature", "label": "Natuur en buiten"},
        {"code": "swimming", "label": "Zwemmen"},
    ]


def test_mobile_activity_has_no_wijk(client, db):
    factories.activity(mobile=True, wijk_number=None, street="")
    db.session.commit()
    assert get(client).get_json()["activities"][0]["location"]["wijk"] is None


def test_only_published_activities_of_the_season(client, db):
    factories.activity(title="Ja")
    factories.activity(title="Ingediend", status="submitted")
    last = date(clock.today().year - 1, 7, 10)
    factories.activity(title="Vorig jaar", start_date=last, end_date=last)
    db.session.commit()
    assert titles(get(client)) == {"Ja"}


def test_filters_are_the_same_as_the_page_and_exact_both_ways(client, db):
    w1, w3 = factories.season_week(1), factories.season_week(3)
    factories.activity(
        title="A",
        wijk_number=4,
        age_min=3,
        age_max=6,
        week=w1,
        categories=["play"],
        free=True,
        price_eur=0,
    )
    factories.activity(
        title="B",
        wijk_number=5,
        age_min=8,
        age_max=12,
        week=w3,
        categories=["camp"],
        overnight=True,
    )
    db.session.commit()
    pairs = [
        ("wijk=4", "wijk=5"),
        ("age=4", "age=9"),
        (f"week={w1}", f"week={w3}"),
        ("category=play", "category=camp"),
        ("overnight=false", "overnight=true"),
    ]
    for for_a, for_b in pairs:
        assert titles(get(client, f"?{for_a}")) == {"A"}, for_a
        assert titles(get(client, f"?{for_b}")) == {"B"}, for_b
    assert titles(get(client, "?free=true")) == {"A"}
    assert titles(get(client, f"?wijk=4&age=4&week={w1}&category=play&free=true")) == {"A"}
    assert titles(get(client, "?wijk=4&age=9")) == set()


def test_paging(client, db):
    for n in range(5):
        factories.activity(title=f"Activiteit {n:02d}")
    db.session.commit()
    first = get(client, "?per_page=2").get_json()
    third = get(client, "?per_page=2&page=3").get_json()
    assert first["total"] == third["total"] == 5
    assert len(first["activities"]) == 2 and len(third["activities"]) == 1
    everything = get(client, "?per_page=200").get_json()["activities"]
    assert len({a["id"] for a in everything}) == 5
    assert get(client, "?page=9").get_json() == {"total": 5, "activities": []}


@pytest.mark.parametrize(
    "query",
    [
        "?per_page=201",
        "?per_page=0",
        "?page=0",
        "?page=x",
        "?per_page=-5",
        "?wijk=0",
        "?age=19",
        "?week=2027-W60",
        "?category=knitting",
        "?overnight=maybe",
        "?free=false",
    ],
)
def test_bad_values_answer_400_json(client, db, query):
    response = get(client, query)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_no_sign_in_needed_and_cacheable_for_a_minute(client, db):
    # Open data: any cache may keep it briefly (issue 9); the ETag lets clients revalidate.
    response = get(client)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    assert response.headers["ETag"]
