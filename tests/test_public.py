"""The public kids' site (contract §5): /aanbod and its filters, one activity, .ics, /tips."""

import gzip
import html as htmllib
import re
from datetime import date, time, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event

from app import clock
from app.public.listing import PAGE_SIZE, WEEK_PREVIEW, WEEK_PREVIEW_MAX
from app.season import current_season, iso_week_range
from tests import factories

STATIC = Path(__file__).resolve().parents[1] / "app" / "static"


def page(client, query=""):
    response = client.get(f"/aanbod{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def shown(html: str, *titles) -> set:
    return {t for t in titles if t in html}


def week_sections(html: str) -> dict:
    """{week: html of that week's section}."""
    parts = re.split(r'<section class="week" aria-labelledby="([0-9]{4}-W[0-9]{2})">', html)
    return {parts[i]: parts[i + 1].split("</section>")[0] for i in range(1, len(parts), 2)}


def test_only_published_activities_of_this_season_show(client, db):
    factories.activity(title="Gepubliceerd")
    for status in ("submitted", "rejected", "withdrawn"):
        factories.activity(title=f"Status {status}", status=status)
    last_summer = date(current_season(clock.today()).year - 1, 7, 12)
    factories.activity(title="Vorige zomer", start_date=last_summer, end_date=last_summer)
    db.session.commit()
    html = page(client)
    assert shown(
        html,
        "Gepubliceerd",
        "Status submitted",
        "Status rejected",
        "Status withdrawn",
        "Vorige zomer",
    ) == {"Gepubliceerd"}


def test_grouped_per_week_an_activity_shows_in_every_week_it_runs(client, db):
    w1, w2, w3 = (factories.season_week(n) for n in (1, 2, 3))
    monday = iso_week_range(w1)[0]
    factories.activity(title="Twee weken", start_date=monday, end_date=monday + timedelta(days=9))
    factories.activity(title="Alleen week drie", week=w3)
    db.session.commit()
    html = page(client)
    sections = week_sections(html)
    assert list(sections) == [w1, w2, w3]  # weeks without offer are summed up, not shown empty
    assert "Twee weken" in sections[w1] and "Twee weken" in sections[w2]
    assert "Twee weken" not in sections[w3]
    assert "Alleen week drie" in sections[w3] and "Alleen week drie" not in sections[w1]
    empty = [w for w in current_season(clock.today()).weeks if w not in (w1, w2, w3)]
    numbers = [str(int(w[-2:])) for w in empty]
    # One sentence, the plural and the list as Dutch writes them ("26, 30 en 31").
    assert f"Geen aanbod in de weken {', '.join(numbers[:-1])} en {numbers[-1]}." in html
    assert f'href="#{w1}"' in html  # a jump to each week with offer


def test_wijk_filter_is_exact_both_ways(client, db):
    factories.activity(title="In Brugse Poort", wijk_number=4)
    factories.activity(title="In Ekkergem", wijk_number=5)
    factories.activity(title="Rondtrekkend", mobile=True, wijk_number=None)
    db.session.commit()
    assert shown(page(client, "?wijk=4"), "In Brugse Poort", "In Ekkergem", "Rondtrekkend") == {
        "In Brugse Poort"
    }
    assert shown(page(client, "?wijk=5"), "In Brugse Poort", "In Ekkergem") == {"In Ekkergem"}
    nothing = page(client, "?wijk=20")
    assert "In <bdi>Nieuw Gent - UZ</bdi> is er nog geen aanbod deze zomer." in nothing


def test_age_filter_is_exact_both_ways_and_defaults_to_children_up_to_12(client, db):
    factories.activity(title="Kleuters", age_min=3, age_max=5)
    factories.activity(title="Groten", age_min=8, age_max=12)
    factories.activity(title="Tieners", age_min=13, age_max=16)
    db.session.commit()
    titles = ("Kleuters", "Groten", "Tieners")
    assert shown(page(client), *titles) == {"Kleuters", "Groten"}
    assert shown(page(client, "?age=5"), *titles) == {"Kleuters"}
    assert shown(page(client, "?age=6"), *titles) == set()
    assert shown(page(client, "?age=8"), *titles) == {"Groten"}
    assert shown(page(client, "?age=12"), *titles) == {"Groten"}
    assert shown(page(client, "?age=14"), *titles) == {"Tieners"}


def test_several_ages_and_interests_show_what_suits_any_child(client, db):
    """The QR code a worker shows at the door carries each child's age and each interest
    (age=4&age=8&category=…&category=…): the family sees what suits any of them, and every link
    on the page keeps all of them."""
    factories.activity(
        title="Kleuterkamp", age_min=3, age_max=5, categories=["camp"], wijk_number=5
    )
    factories.activity(
        title="Zwemles", age_min=7, age_max=9, categories=["swimming"], wijk_number=5
    )
    factories.activity(
        title="Kleuterzwemmen", age_min=3, age_max=5, categories=["swimming"], wijk_number=5
    )
    factories.activity(
        title="Tienerkamp", age_min=13, age_max=15, categories=["camp"], wijk_number=5
    )
    factories.activity(
        title="Tekenatelier", age_min=3, age_max=12, categories=["arts"], wijk_number=5
    )
    db.session.commit()
    titles = ("Kleuterkamp", "Zwemles", "Kleuterzwemmen", "Tienerkamp", "Tekenatelier")
    one = page(client, "?wijk=5&age=4&category=camp")
    assert shown(one, *titles) == {"Kleuterkamp"}
    both = page(client, "?wijk=5&age=4&age=8&category=camp&category=swimming")
    assert shown(both, *titles) == {"Kleuterkamp", "Zwemles", "Kleuterzwemmen"}
    assert "4 jaar" in both and "8 jaar" in both
    links = [htmllib.unescape(h) for h in re.findall(r'href="(/aanbod[^"]*)"', both)]
    kept = [parse_qs(urlsplit(h).query) for h in links if re.match(r"/aanbod/\d+\?", h)]
    assert kept and all(q.get("age") == ["4", "8"] for q in kept)
    assert all(q.get("category") == ["camp", "swimming"] for q in kept)
    # The same parameter twice is one choice; a wrong one among good ones is said, not used.
    assert shown(page(client, "?wijk=5&age=4&age=4&category=camp"), *titles) == {"Kleuterkamp"}
    wrong = page(client, "?wijk=5&age=4&age=99&category=camp&category=nope")
    assert shown(wrong, *titles) == {"Kleuterkamp"}
    assert "Een leeftijd is een getal van 0 tot 18." in wrong
    api = client.get("/api/v1/activities?wijk=5&age=4&age=8&category=camp&category=swimming")
    assert {a["title"] for a in api.get_json()["activities"]} == {
        "Kleuterkamp",
        "Zwemles",
        "Kleuterzwemmen",
    }


def test_week_filter_is_exact_both_ways(client, db):
    w1, w3 = factories.season_week(1), factories.season_week(3)
    factories.activity(title="Eerste week", week=w1)
    factories.activity(title="Derde week", week=w3)
    db.session.commit()
    html = page(client, f"?week={w1}")
    assert shown(html, "Eerste week", "Derde week") == {"Eerste week"}
    assert list(week_sections(html)) == [w1]
    assert shown(page(client, f"?week={w3}"), "Eerste week", "Derde week") == {"Derde week"}


def test_category_filter_is_exact_both_ways(client, db):
    factories.activity(title="Spelen in het park", categories=["play"])
    factories.activity(title="Voetbalkamp", categories=["sport", "camp"])
    db.session.commit()
    both = ("Spelen in het park", "Voetbalkamp")
    assert shown(page(client, "?category=camp"), *both) == {"Voetbalkamp"}
    assert shown(page(client, "?category=sport"), *both) == {"Voetbalkamp"}
    assert shown(page(client, "?category=play"), *both) == {"Spelen in het park"}


def test_overnight_filter_tells_camps_apart(client, db):
    factories.activity(title="Tentenkamp", categories=["camp"], overnight=True)
    factories.activity(title="Dagkamp", categories=["camp"], overnight=False)
    db.session.commit()
    assert shown(page(client, "?overnight=true"), "Tentenkamp", "Dagkamp") == {"Tentenkamp"}
    assert shown(page(client, "?overnight=false"), "Tentenkamp", "Dagkamp") == {"Dagkamp"}
    html = page(client)
    assert "Kamp met overnachting" in html and "Dagkamp, zonder overnachting" in html


def test_free_filter_and_badges(client, db):
    factories.activity(title="Gratis spelen", free=True, price_eur=0)
    factories.activity(title="Betalend kamp", kansentarief=True, kansentarief_price_eur=4)
    db.session.commit()
    assert shown(page(client, "?free=true"), "Gratis spelen", "Betalend kamp") == {"Gratis spelen"}
    html = page(client)
    assert 'class="badge b-free"' in html and 'class="badge b-kt"' in html
    words = re.sub(r"<[^>]+>", "", html)
    assert "€ 10" in words and "kansentarief € 4" in words


def test_filters_combine(client, db):
    w2 = factories.season_week(2)
    factories.activity(
        title="Alles klopt",
        wijk_number=4,
        age_min=6,
        age_max=10,
        free=True,
        price_eur=0,
        categories=["sport"],
        week=w2,
    )
    factories.activity(
        title="Andere wijk",
        wijk_number=5,
        age_min=6,
        age_max=10,
        free=True,
        price_eur=0,
        categories=["sport"],
        week=w2,
    )
    factories.activity(
        title="Niet gratis", wijk_number=4, age_min=6, age_max=10, categories=["sport"], week=w2
    )
    factories.activity(
        title="Te jong",
        wijk_number=4,
        age_min=3,
        age_max=5,
        free=True,
        price_eur=0,
        categories=["sport"],
        week=w2,
    )
    factories.activity(
        title="Andere week",
        wijk_number=4,
        age_min=6,
        age_max=10,
        free=True,
        price_eur=0,
        categories=["sport"],
        week=factories.season_week(4),
    )
    db.session.commit()
    titles = ("Alles klopt", "Andere wijk", "Niet gratis", "Te jong", "Andere week")
    query = f"?wijk=4&age=8&free=true&category=sport&week={w2}&overnight=false&lang=nl"
    assert shown(page(client, query), *titles) == {"Alles klopt"}
    assert shown(page(client, "?wijk=4&age=8"), *titles) == {
        "Alles klopt",
        "Niet gratis",
        "Andere week",
    }


@pytest.mark.parametrize(
    "query,message",
    [
        ("?wijk=26", "Een wijk is een nummer van 1 tot 25."),
        ("?wijk=abc", "Een wijk is een nummer van 1 tot 25."),
        ("?age=19", "Een leeftijd is een getal van 0 tot 18."),
        ("?age=-1", "Een leeftijd is een getal van 0 tot 18."),
        ("?week=2027-W99", "Die week bestaat niet."),
        ("?week=2019-W28", "Die week valt niet in deze zomer."),
        ("?category=knitting", "Die soort activiteit kennen we niet."),
        ("?overnight=yes", "Kies met of zonder overnachting."),
        ("?free=false", "Alleen"),
    ],
)
def test_a_wrong_filter_is_ignored_with_a_gentle_message(client, db, query, message):
    factories.activity(title="Altijd zichtbaar", wijk_number=4)
    db.session.commit()
    html = page(client, query)
    assert message in html
    assert "Altijd zichtbaar" in html


def test_activity_page_has_what_a_parent_needs_and_no_private_contact(client, db):
    item = factories.activity(
        title="Zwemkamp",
        categories=["swimming", "camp"],
        registration_phone="09 123 45 67",
        registration_deadline=clock.today() + timedelta(days=30),
        childcare_before=True,
        staff_languages="Nederlands, Turks",
        taalstimulering=True,
        wheelchair_access=True,
        start_time=time(9),
        end_time=time(16),
    )
    db.session.commit()
    html = client.get(f"/aanbod/{item.id}").get_data(as_text=True)
    for text in (
        "Zwemkamp",
        "Acaciastraat 1, 9000 Gent",
        "Brugse Poort - Rooigem",
        "€ 10",
        "https://example.org/in",
        "tel:091234567",
        "Voor de activiteit.",
        "Nederlands, Turks",
        "Toegankelijk met een rolstoel.",
        "09:00–16:00",
        "Speelplein Test",
        "Zwemmen",
        "Nee, de kinderen slapen thuis.",
    ):
        assert text in html, text
    # The pin of Acaciastraat 1, 9000 Gent in the embedded address data (CRAB 2014).
    assert "https://www.openstreetmap.org/?mlat=51.06099&amp;mlon=3.70036" in html
    assert f"/aanbod/{item.id}.ics" in html
    for private in ("Piet Privé", "piet.prive@example.org", "0470 00 00 00"):
        assert private not in html


def test_map_link_searches_an_address_we_cannot_place(client, db):
    item = factories.activity(street="Nergensstraat", number="1", wijk_number=4)
    db.session.commit()
    html = client.get(f"/aanbod/{item.id}").get_data(as_text=True)
    assert "https://www.openstreetmap.org/search?query=Nergensstraat+1" in html


def test_map_link_uses_coordinates_when_known(client, db):
    item = factories.activity(lat=51.0476, lon=3.7271)
    db.session.commit()
    html = client.get(f"/aanbod/{item.id}").get_data(as_text=True)
    assert "https://www.openstreetmap.org/?mlat=51.04760&amp;mlon=3.72710" in html


def test_unpublished_activity_page_is_404(client, db):
    item = factories.activity(status="submitted")
    db.session.commit()
    assert client.get(f"/aanbod/{item.id}").status_code == 404
    assert client.get(f"/aanbod/{item.id}.ics").status_code == 404
    assert client.get("/aanbod/999999").status_code == 404


def test_ics_follows_rfc5545(around_midnight, client, db):
    item = factories.activity(
        title="Kamp; met, komma's \\ en een heel lange titel die zeker over de vijfenzeventig "
        "octetten gaat — met één é",
        description="Regel één\nRegel twee",
        start_time=time(9),
        end_time=time(16),
        weekdays="135",
    )
    db.session.commit()
    response = client.get(f"/aanbod/{item.id}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.get_data()
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    unfolded = raw.decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:Kamp\\; met\\, komma's \\\\ en een heel lange titel" in unfolded
    assert "DESCRIPTION:Regel één\\nRegel twee" in unfolded
    monday = item.start_date
    # One event per session: Monday, Wednesday and Friday, nothing on Tuesday or Thursday.
    for n in (0, 2, 4):
        day = monday + timedelta(days=n)
        assert f"DTSTART;TZID=Europe/Brussels:{day:%Y%m%d}T090000" in unfolded
        assert f"DTEND;TZID=Europe/Brussels:{day:%Y%m%d}T160000" in unfolded
    for n in (1, 3):
        assert f"{monday + timedelta(days=n):%Y%m%d}" not in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 3
    assert "RRULE" not in unfolded.split("END:VTIMEZONE")[1]
    assert "BEGIN:VTIMEZONE" in unfolded
    assert f"UID:activity-{item.id}-{monday:%Y%m%d}T0900@" in unfolded
    assert f"URL:https://stoep.example/aanbod/{item.id}" in unfolded


def test_ics_of_an_overnight_camp_without_times_is_one_all_day_span(client, db):
    item = factories.activity(overnight=True, categories=["camp"])
    db.session.commit()
    text = client.get(f"/aanbod/{item.id}.ics").get_data(as_text=True)
    assert f"DTSTART;VALUE=DATE:{item.start_date:%Y%m%d}" in text
    assert f"DTEND;VALUE=DATE:{item.end_date + timedelta(days=1):%Y%m%d}" in text
    assert "RRULE" not in text.split("END:VTIMEZONE")[1]


def test_tips_page_shows_published_tips_per_kind(client, db):
    factories.tip(title="Stoepkrijt", kind="outdoor")
    factories.tip(title="Bordspel maken", kind="rainy_day")
    factories.tip(title="Verborgen tip", kind="outdoor", published=False)
    db.session.commit()
    html = client.get("/tips").get_data(as_text=True)
    assert "Stoepkrijt" in html and "Bordspel maken" in html
    assert "Verborgen tip" not in html
    assert html.index("Buiten spelen") < html.index("Stoepkrijt") < html.index("Als het regent")
    assert html.index("Als het regent") < html.index("Bordspel maken")


def test_public_pages_are_self_contained_and_show_no_staff_navigation(client, db):
    item = factories.activity()
    db.session.commit()
    for url in ("/aanbod", f"/aanbod/{item.id}", "/tips"):
        html = client.get(url).get_data(as_text=True)
        assert "<script" not in html and "style=" not in html
        # Links to other sites are fine; nothing is loaded from them.
        assert not re.search(r'<(link|img|iframe)[^>]+(href|src)="(https?:)?//', html)
        assert "Afmelden" not in html and "/beheer" not in html
        assert 'href="https://uitin.gent"' in html  # the pointer to UiTinGent


def test_public_pages_offer_the_public_languages(client, db):
    item = factories.activity(title="Speelweek")
    item.title_i18n = {"en": "Play week"}
    db.session.commit()
    html = client.get(f"/aanbod/{item.id}?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in html and "Play week" in html


def test_page_for_one_wijk_stays_under_30_kb(client, db):
    for n in range(12):
        factories.activity(
            title=f"Activiteit in de wijk {n}",
            wijk_number=4,
            week=factories.season_week(1 + n % 8),
            kansentarief=n % 2 == 0,
        )
    db.session.commit()
    html = client.get("/aanbod?wijk=4").get_data()
    css = sum(
        len(gzip.compress(p.read_bytes()))
        for p in (STATIC / "css/app.css", STATIC / "vendor/modern-normalize/modern-normalize.css")
    )
    assert len(gzip.compress(html)) + css < 30 * 1024


def test_offer_page_runs_a_constant_number_of_queries(client, db, app):
    week = factories.season_week(1)
    urls = ("/aanbod", f"/aanbod?week={week}", f"/aanbod?week={week}&page=2")

    def count_queries(n_activities):
        db.session.execute(db.text("DELETE FROM activity"))
        for n in range(n_activities):
            factories.activity(categories=["play", "sport"], week=factories.season_week(1 + n % 8))
        db.session.commit()
        statements = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        counts = []
        event.listen(db.engine, "before_cursor_execute", before)
        try:
            for url in urls:
                statements.clear()
                assert client.get(url).status_code == 200
                counts.append(len(statements))
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        return counts

    # 10 fit on one page; 200 make 25 a week: previews on the overview, two pages a week.
    few, many = count_queries(10), count_queries(200)
    assert few == many
    assert max(many) <= 6


# --- Long lists: per week a preview on the overview, one week's list in pages ---------------


def card_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<h3><a href="/aanbod/(\d+)[?"]', html)]


def links(html: str, pattern: str) -> list[str]:
    return [htmllib.unescape(u) for u in re.findall(pattern, html)]


def target(url: str) -> tuple[str, dict, str]:
    """(path, query arguments, fragment) of a link, whatever the order of its arguments."""
    parts = urlsplit(url)
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}, parts.fragment


def week_link(html: str, week: str) -> str | None:
    """The overview's "all N activities of week W" link of one week, if it has one."""
    found = links(week_sections(html)[week], r'<p class="week-all"><a href="([^"]+)">')
    return found[0] if found else None


def next_link(html: str) -> str | None:
    found = links(html, r'<a href="([^"]+)" rel="next">')
    return found[0] if found else None


def follow_pages(client, url: str) -> tuple[list[int], list[str]]:
    """Card ids of a week's list, following "next page" to the end; and the pages' "page x of y"."""
    ids, positions = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        ids += card_ids(html)
        positions += re.findall(r'<li class="pager-at">([^<]+)</li>', html)
        url = next_link(html)
    return ids, positions


def many_in_a_week(week: str, n: int, **kw) -> list[int]:
    """n activities in one week, in the order the page lists them (first day, then title)."""
    return [factories.activity(title=f"Reeks {i:03d}", week=week, **kw).id for i in range(n)]


def test_overview_shows_the_first_activities_of_a_long_week_and_links_to_all(client, db):
    w1, w2 = factories.season_week(1), factories.season_week(2)
    long_week = many_in_a_week(w1, WEEK_PREVIEW_MAX + 5)
    short_week = many_in_a_week(w2, WEEK_PREVIEW_MAX)
    db.session.commit()
    html = page(client)
    sections = week_sections(html)
    assert card_ids(sections[w1]) == long_week[:WEEK_PREVIEW]
    assert card_ids(sections[w2]) == short_week  # a short week is shown whole, without a link
    assert week_link(html, w2) is None
    number = iso_week_range(w1)[0].isocalendar().week
    assert f"Alle {len(long_week)} activiteiten van week {number}" in sections[w1]
    assert week_link(html, w1) == f"/aanbod?week={w1}#{w1}"
    # Each activity counts once, however many are shown.
    assert f"{len(long_week) + len(short_week)} activiteiten gevonden." in html

    # The link leads to the whole week: every activity of it, in order, and none of another week.
    ids, positions = follow_pages(client, week_link(html, w1))
    assert ids == long_week and positions == []  # fits on one page: no pager


def test_a_long_week_comes_in_pages_with_previous_and_next(client, db):
    w1 = factories.season_week(1)
    expected = many_in_a_week(w1, 2 * PAGE_SIZE + 3)
    factories.activity(title="Andere week", week=factories.season_week(2))
    db.session.commit()
    ids, positions = follow_pages(client, f"/aanbod?week={w1}")
    assert ids == expected  # every activity of the week exactly once, in order
    assert positions == ["Pagina 1 van 3", "Pagina 2 van 3", "Pagina 3 van 3"]

    first = page(client, f"?week={w1}")
    assert card_ids(first) == expected[:PAGE_SIZE]
    assert 'rel="prev"' not in first and "Volgende pagina" in first
    assert f"{len(expected)} activiteiten gevonden." in first
    assert '<nav class="pager" aria-label="Pagina\'s van week' in first
    last = page(client, f"?week={w1}&page=3")
    assert card_ids(last) == expected[2 * PAGE_SIZE :]
    assert 'rel="next"' not in last
    assert links(last, r'<a href="([^"]+)" rel="prev">') == [f"/aanbod?week={w1}&page=2#{w1}"]
    second = page(client, f"?week={w1}&page=2")
    # Back to page 1 is the week's own address, without page=1.
    assert links(second, r'<a href="([^"]+)" rel="prev">') == [f"/aanbod?week={w1}#{w1}"]
    number = iso_week_range(w1)[0].isocalendar().week
    title = f"Zomeraanbod voor kinderen · Week {number} · Pagina 2 van 3 · Stoepbezoek"
    assert f"<title>{title}</title>" in second
    # A page past the end shows the last one; a page that is not a number the first.
    assert card_ids(page(client, f"?week={w1}&page=99")) == card_ids(last)
    assert card_ids(page(client, f"?week={w1}&page=nee")) == card_ids(first)
    assert card_ids(page(client, f"?week={w1}&page=0")) == card_ids(first)


def test_week_and_page_links_keep_the_filters_and_the_filters_stay_exact(client, db):
    w1 = factories.season_week(1)
    expected = many_in_a_week(w1, PAGE_SIZE + 5, wijk_number=4, free=True, price_eur=0)
    many_in_a_week(w1, 10, wijk_number=5, free=True, price_eur=0)  # other wijk
    many_in_a_week(w1, 10, wijk_number=4)  # not free
    db.session.commit()
    html = page(client, "?wijk=4&free=true&age=&lang=nl&overnight=misschien")
    link = week_link(html, w1)
    # The filters that apply go along, an empty or wrong one does not.
    assert target(link) == ("/aanbod", {"wijk": "4", "week": w1, "free": "true", "lang": "nl"}, w1)
    ids, positions = follow_pages(client, link)
    assert sorted(ids) == sorted(expected)
    assert positions == ["Pagina 1 van 2", "Pagina 2 van 2"]
    second = page(client, f"?wijk=4&week={w1}&free=true&page=2")
    (previous,) = links(second, r'<a href="([^"]+)" rel="prev">')
    assert target(previous) == ("/aanbod", {"wijk": "4", "week": w1, "free": "true"}, w1)


def test_a_week_page_marks_its_week_and_links_to_the_others_with_offer(client, db):
    w1, w2, w3 = (factories.season_week(n) for n in (1, 2, 3))
    factories.activity(title="Week een", week=w1, wijk_number=4)
    factories.activity(title="Week drie", week=w3, wijk_number=4)
    factories.activity(title="Week twee, andere wijk", week=w2, wijk_number=5)
    db.session.commit()
    html = page(client, f"?week={w3}&wijk=4")
    nav = re.search(r'<nav class="weeknav" aria-label="Naar week">(.*?)</nav>', html).group(1)
    assert [target(u) for u in links(nav, r'<a href="([^"]+)"')] == [
        ("/aanbod", {"wijk": "4"}, ""),
        ("/aanbod", {"wijk": "4", "week": w1}, ""),
        ("/aanbod", {"wijk": "4", "week": w3}, ""),
    ]
    (current,) = links(nav, r'<a href="([^"]+)" aria-current="page">')
    assert target(current) == ("/aanbod", {"wijk": "4", "week": w3}, "")
    assert shown(html, "Week een", "Week drie", "Week twee, andere wijk") == {"Week drie"}


# --- After a scan: the wijk's activities first, the choices in one line, the way back ---------


def test_the_choices_are_one_line_that_opens_the_form(client, db):
    factories.activity(
        title="Speelweek", wijk_number=4, categories=["sport"], free=True, price_eur=0
    )
    db.session.commit()
    html = page(client, "?wijk=4")
    assert "<h1>Zomeraanbod in <bdi>Brugse Poort - Rooigem</bdi></h1>" in html
    summary = re.search(r'<details class="choices">\s*<summary>(.*?)</summary>', html, re.S)
    assert re.sub(r"<[^>]+>", "", summary.group(1)) == (
        "Je keuzes: alle leeftijden · heel de zomer wijzig"
    )
    # The form is inside the details: closed until "wijzig", no script needed.
    assert html.index('<details class="choices">') < html.index('<form method="get"')
    assert html.index('<form method="get"') < html.index("</details>") < html.index('class="act"')
    chosen = page(client, f"?age=8&week={factories.season_week(1)}&category=sport&free=true")
    summary = re.search(r"<summary>(.*?)</summary>", chosen, re.S).group(1)
    number = int(factories.season_week(1)[-2:])
    assert re.sub(r"<[^>]+>", "", summary) == (
        f"Je keuzes: alle wijken · 8 jaar · week {number} · Sport en bewegen · alleen gratis wijzig"
    )
    # Wijken by their names in alphabetical order: no "14. Sint-Amandsberg" to turn around.
    options = re.findall(
        r'<option value="(\d+)"[^>]*>([^<]+)</option>',
        re.search(r'<select id="f-wijk".*?</select>', html, re.S).group(0),
    )
    names = [name for _n, name in options]
    assert len(names) == 25 and names == sorted(names, key=str.casefold)
    assert ("4", "Brugse Poort - Rooigem") in options and not re.search(r"\d", "".join(names))


def test_the_way_back_keeps_the_wijk_the_choices_and_the_page(client, db):
    w1 = factories.season_week(1)
    ids = [
        factories.activity(title=f"Reeks {i:03d}", week=w1, wijk_number=4, age_min=3).id
        for i in range(PAGE_SIZE + 3)
    ]
    db.session.commit()
    html = page(client, f"?wijk=4&age=8&week={w1}&page=2&overnight=misschien")
    cards = links(html, r'<h3><a href="(/aanbod/\d+\?[^"]+)">')
    assert [int(urlsplit(u).path.rsplit("/", 1)[1]) for u in cards] == ids[PAGE_SIZE:]
    path, args, _fragment = target(cards[0])
    # Only the choices that were understood go along (not "overnight=misschien").
    assert args == {"wijk": "4", "age": "8", "week": w1, "page": "2"}
    activity = client.get(cards[0]).get_data(as_text=True)
    (back,) = links(activity, r'<p class="back"><a href="([^"]+)">')
    assert target(back) == (
        "/aanbod",
        {"wijk": "4", "age": "8", "week": w1, "page": "2"},
        f"a{ids[PAGE_SIZE]}",
    )
    # …and that address is the list the family came from, with the card to return to.
    assert f'id="a{ids[PAGE_SIZE]}"' in client.get(back).get_data(as_text=True)
    # Opened from anywhere else, the way back is the whole offer.
    plain = client.get(f"/aanbod/{ids[0]}").get_data(as_text=True)
    assert links(plain, r'<p class="back"><a href="([^"]+)">') == [f"/aanbod#a{ids[0]}"]
