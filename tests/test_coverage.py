"""Coverage of the summer offer per wijk and week, demand at the door, gaps, the map, calls."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app import clock
from app.offers.models import Activity, Call
from app.season import current_season, iso_week_range
from app.visits.services import log_visits
from tests import factories
from tests.openapi_check import assert_matches_spec

SEASON = current_season(clock.today())


def week(n: int) -> str:
    return SEASON.weeks[n]


def make_activity(weeks: tuple[int, ...] = (1,), **kw):
    """A published activity of the current season running in the given season weeks (indexes)."""
    first, last = iso_week_range(week(min(weeks)))[0], iso_week_range(week(max(weeks)))[0]
    return factories.activity(start_date=first, end_date=last + timedelta(days=4), **kw)


def a_mix_of_activities():
    """Activities that count and activities that must not, in several wijken and weeks."""
    counted = [
        make_activity((1,), wijk_number=4),
        make_activity((1, 2, 3), wijk_number=4, age_min=10, age_max=16),  # open to 10–12
        make_activity((2,), wijk_number=7, age_min=0, age_max=3),
        make_activity((5, 6), wijk_number=25, overnight=True, categories=["camp", "sport"]),
    ]
    not_counted = [
        make_activity((1,), wijk_number=4, status="submitted"),
        make_activity((1,), wijk_number=4, status="rejected"),
        make_activity((2,), wijk_number=7, status="withdrawn"),
        make_activity((1,), wijk_number=4, age_min=13, age_max=16),
        make_activity((3,), wijk_number=None, mobile=True),
    ]
    return counted, not_counted


def expected_counts(activities) -> dict[tuple[int, str], int]:
    """Computed in Python, independently of the SQL: the contract's definition, literally."""
    counts: dict[tuple[int, str], int] = {}
    for activity in activities:
        if activity.status != "published" or activity.wijk_number is None:
            continue
        if activity.age_min > 12:
            continue
        for w in activity.weeks:
            if w in SEASON.weeks:
                counts[(activity.wijk_number, w)] = counts.get((activity.wijk_number, w), 0) + 1
    return counts


def visit_payload(stop, interests, **kw) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "stop_id": stop.id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "outcome": kw.pop("outcome", "contact"),
        "consent": True,
        "flyer_left": True,
        "packages": [],
        "interests": interests,
        "info_given": [],
        "follow_up": None,
        "notes": "Mama wil graag zwemmen",
        **kw,
    }


def households_asking(db, wijk_number, interests_per_household):
    """A worker visits households of a wijk, each recording the given interests."""
    worker = factories.user("worker")
    round_ = factories.visit_round()
    route = factories.route(round_, workers=[worker])
    stops = [
        factories.stop(route, household=factories.household(wijk_number=wijk_number))
        for _ in interests_per_household
    ]
    db.session.commit()
    payloads = [visit_payload(s, i) for s, i in zip(stops, interests_per_household, strict=True)]
    results = log_visits(worker, payloads)
    assert {r["status"] for r in results} == {"created"}, results
    return worker, stops


# --- the API ---------------------------------------------------------------------------------


def test_the_api_counts_agree_exactly_with_the_published_activities(client, db, login_as):
    counted, not_counted = a_mix_of_activities()
    db.session.commit()
    login_as("coordinator")
    response = client.get(f"/api/v1/coverage?season={SEASON.year}")
    assert response.status_code == 200
    assert_matches_spec("/coverage", "get", response)
    body = response.get_json()
    assert body["season"] == SEASON.year and body["weeks"] == SEASON.weeks
    assert [w["number"] for w in body["wijken"]] == list(range(1, 26))
    everything = db.session.scalars(db.select(Activity)).all()
    expected = expected_counts(everything)
    for wijk in body["wijken"]:
        assert list(wijk["activities_per_week"]) == SEASON.weeks  # every week, zeros too
        for w, n in wijk["activities_per_week"].items():
            assert n == expected.get((wijk["number"], w), 0), (wijk["number"], w)
    by_number = {w["number"]: w for w in body["wijken"]}
    assert by_number[4]["activities_per_week"][week(1)] == 2  # not the submitted, nor the 13–16
    assert by_number[7]["activities_per_week"][week(2)] == 1  # not the withdrawn one
    assert sum(sum(w["activities_per_week"].values()) for w in body["wijken"]) == 7
    # The default season is the current one.
    assert client.get("/api/v1/coverage").get_json() == body


def test_interests_at_the_door_show_up_in_the_wijk_demand_at_once(client, db, login_as):
    households_asking(db, 4, [["sport", "swimming"], ["sport"], []])
    login_as("coordinator")
    body = client.get("/api/v1/coverage").get_json()
    brugse_poort = next(w for w in body["wijken"] if w["number"] == 4)
    assert brugse_poort["households_visited"] == 3
    assert brugse_poort["interests"] == {"sport": 2, "swimming": 1}
    other = next(w for w in body["wijken"] if w["number"] == 5)
    assert other["households_visited"] == 0 and other["interests"] == {}


def test_a_household_visited_twice_counts_once(client, db, login_as):
    worker, stops = households_asking(db, 4, [["sport"]])
    log_visits(worker, [visit_payload(stops[0], ["sport", "play"], outcome="contact")])
    login_as("admin")
    wijk = client.get("/api/v1/coverage").get_json()["wijken"][3]
    assert wijk["households_visited"] == 1 and wijk["interests"] == {"play": 1, "sport": 1}


def test_visits_before_the_previous_season_ended_do_not_count(client, db, login_as):
    from app.visits.models import Visit

    households_asking(db, 4, [["sport"]])
    last_summer = datetime(SEASON.year - 1, 8, 15, 10, 0)
    db.session.execute(db.update(Visit).values(occurred_at=last_summer))
    db.session.commit()
    login_as("coordinator")
    wijk = client.get("/api/v1/coverage").get_json()["wijken"][3]
    assert wijk["households_visited"] == 0 and wijk["interests"] == {}
    # ...but they count for the season they belong to.
    earlier = client.get(f"/api/v1/coverage?season={SEASON.year - 1}").get_json()["wijken"][3]
    assert earlier["households_visited"] == 1


@pytest.mark.parametrize("season", ["abc", "27", "1999", "20271", "-2027"])
def test_a_bad_season_is_400(client, login_as, season):
    login_as("coordinator")
    response = client.get(f"/api/v1/coverage?season={season}")
    assert response.status_code == 400
    assert_matches_spec("/coverage", "get", response)


@pytest.mark.parametrize(
    "role,status", [("worker", 403), ("provider", 403), ("coordinator", 200), ("admin", 200)]
)
def test_only_coordinators_and_admins_get_the_api(client, login_as, role, status):
    login_as(role)
    response = client.get("/api/v1/coverage")
    assert response.status_code == status
    assert_matches_spec("/coverage", "get", response)


def test_anonymous_gets_401_json(client):
    response = client.get("/api/v1/coverage")
    assert response.status_code == 401 and response.is_json


# --- the pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/dekking", "/dekking/kaart", "/dekking/hiaten", "/dekking/wijk/4", "/dekking/exports"]
)
def test_workers_and_providers_see_none_of_it(client, login_as, path):
    login_as("worker")
    assert client.get(path).status_code == 403
    login_as("provider")
    assert client.get(path).status_code == 403


def test_the_matrix_counts_and_marks_empty_cells(client, db, login_as):
    a_mix_of_activities()
    db.session.commit()
    login_as("coordinator")
    html = client.get("/dekking").get_data(as_text=True)
    assert "4. Brugse Poort - Rooigem" in html
    assert "geen aanbod" in html  # empty cells say so to screen readers, not by colour only
    assert html.count('class="num cell-empty"') == 25 * len(SEASON.weeks) - 6
    assert "<strong>4</strong> activiteiten" in html


def test_the_matrix_filters_age_group_category_and_overnight(client, db, login_as):
    make_activity((1,), wijk_number=4, age_min=3, age_max=5)
    make_activity((1,), wijk_number=4, age_min=7, age_max=12, categories=["sport"])
    make_activity((1,), wijk_number=4, age_min=6, age_max=6, overnight=True, categories=["camp"])
    db.session.commit()
    login_as("coordinator")

    def total(query):
        html = client.get("/dekking" + query).get_data(as_text=True)
        return int(html.split("<strong>", 1)[1].split("</strong>", 1)[0])

    assert total("") == 3
    assert total("?age=3-6") == 2  # 3–5 and 6–6 overlap 3..6
    assert total("?age=6-12") == 2
    assert total("?category=sport") == 1
    assert total("?overnight=true") == 1 and total("?overnight=false") == 2
    assert total("?age=nonsense") == 3  # an unknown filter value is dropped
    assert client.get("/dekking?season=abc").status_code == 400


def test_the_matrix_takes_a_constant_number_of_queries(client, db, login_as, app):
    from sqlalchemy import event

    login_as("coordinator")

    def count_queries():
        statements = []

        def before(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            assert client.get("/dekking").status_code == 200
            assert client.get("/dekking/kaart").status_code == 200
            assert client.get("/dekking/hiaten").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        return len(statements)

    make_activity((1,), wijk_number=4)
    db.session.commit()
    small = count_queries()
    for n in range(30):
        make_activity((n % 6 + 1,), wijk_number=n % 25 + 1)
    households_asking(db, 7, [["sport"], ["arts"], ["play", "camp"]])
    assert count_queries() == small


def test_the_map_is_an_svg_with_a_link_and_a_title_per_wijk(client, db, login_as):
    make_activity((1,), wijk_number=4)
    db.session.commit()
    login_as("coordinator")
    html = client.get("/dekking/kaart").get_data(as_text=True)
    assert html.count('<a href="/dekking/wijk/') >= 25 + 25  # the map and the table
    assert html.count('class="map-area"') == 25
    assert "<title>4. Brugse Poort - Rooigem: 1 activiteit</title>" in html
    assert 'fill="url' not in html and "map-b0" in html and "map-hatch" in html
    assert "geen aanbod" in html  # the legend explains the hatching
    gap_map = client.get("/dekking/kaart?mode=gap").get_data(as_text=True)
    assert "hiaatscore" in gap_map
    week_map = client.get(f"/dekking/kaart?week={week(2)}").get_data(as_text=True)
    assert "<title>4. Brugse Poort - Rooigem: 0 activiteiten</title>" in week_map


def test_projected_outlines_are_computed_once():
    from app.reports import map_svg

    map_svg.wijk_shapes.cache_clear()
    first = map_svg.wijk_shapes()
    assert len(first) == 25 and all(s.path.startswith("M") for s in first.values())
    assert map_svg.wijk_shapes() is first


# --- demand against supply: the gaps ---------------------------------------------------------


def test_gaps_are_ranked_and_said_in_plain_words(client, db, login_as):
    # Brugse Poort: sport in weeks 1–2 only; 3 families ask for sport, 1 for swimming.
    make_activity((1, 2), wijk_number=4, categories=["sport"])
    households_asking(db, 4, [["sport"], ["sport", "swimming"], ["sport"]])
    households_asking(db, 7, [["arts"]])
    login_as("coordinator")
    html = client.get("/dekking/hiaten").get_data(as_text=True)
    weeks_without = SEASON.weeks[:1] + SEASON.weeks[3:]
    from app.season import format_week_range

    sentence = (
        "Brugse Poort - Rooigem: 3 gezinnen vroegen naar sport en bewegen; "
        f"geen aanbod van die soort in weken {format_week_range(weeks_without)}"
    )
    assert sentence in html
    assert "Rabot - Blaisantvest: 1 gezin vroeg naar knutselen en kunst" in html
    # Ranked by families × weeks without: sport in Brugse Poort first.
    assert html.index("sport en bewegen;") < html.index("zwemmen;") < html.index("knutselen")
    assert f"score {3 * len(weeks_without)} = 3 × {len(weeks_without)}" in html
    detail = client.get("/dekking/wijk/4").get_data(as_text=True)
    assert sentence in detail and "Gezinnen bezocht" in detail


def test_a_call_is_opened_from_selected_gaps(client, db, login_as):
    households_asking(db, 4, [["sport"], ["swimming"]])
    households_asking(db, 17, [["camp"]])
    login_as("coordinator")
    response = client.get(f"/dekking/oproep?season={SEASON.year}&gap=4:sport&gap=17:camp")
    assert response.status_code == 302
    form = client.get(response.headers["Location"])
    html = form.get_data(as_text=True)
    assert form.status_code == 200
    # Pre-filled: wijken, weeks, categories and a message listing them.
    checked = {
        (re.search(r'name="(\w+)"', tag).group(1), re.search(r'value="([^"]*)"', tag).group(1))
        for tag in re.findall(r"<input checked[^>]*>", html)
    }
    assert {("target_wijken", "4"), ("target_wijken", "17")} <= checked
    assert {("target_categories", "sport"), ("target_categories", "camp")} <= checked
    assert ("target_weeks", week(1)) in checked
    assert ("target_categories", "swimming") not in checked
    assert "Brugse Poort - Rooigem: sport en bewegen, weken" in html
    assert "Oud Gentbrugge: kamp, weken" in html
    # The coordinator saves it; it keeps the targets.
    saved = client.post(
        "/beheer-aanbod/oproepen/nieuw",
        data={
            "title": "Zomer: aanbod gezocht",
            "message": "Beste partner",
            "season_year": SEASON.year,
            "target_wijken": ["4", "17"],
            "target_weeks": SEASON.weeks,
            "target_categories": ["sport", "camp"],
            "open": "y",
        },
    )
    assert saved.status_code == 302
    call = db.session.scalar(db.select(Call))
    assert call.target_wijken == [4, 17] and call.target_categories == ["camp", "sport"]
    assert call.target_weeks == sorted(SEASON.weeks)
    # Activities that come in through the call are listed on its page.
    factories.activity(call=call, title="Sportkamp Ledeberg", status="submitted", wijk_number=17)
    db.session.commit()
    page = client.get(f"/beheer-aanbod/oproepen/{call.id}").get_data(as_text=True)
    assert "Binnengekomen via deze oproep" in page and "Sportkamp Ledeberg" in page


def test_a_call_without_selected_gaps_goes_back(client, login_as):
    login_as("coordinator")
    response = client.get("/dekking/oproep")
    assert response.status_code == 302 and "/dekking/hiaten" in response.headers["Location"]
