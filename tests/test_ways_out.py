"""Never a dead end (issue 16): a page that finds nothing shows what lies closest, one tap each.

The wijken and their centres are Ghent's own (app/data/ghent/); the neighbours are checked
against the official wijk polygons, not against the code's own arithmetic.
"""

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from app.geo import polygons_of
from app.public.ways_out import NEARBY_PREVIEW, distance_km, nearest, wijk_places
from tests import factories

GHENT = Path(__file__).resolve().parents[1] / "app" / "data" / "ghent"
GEOJSON = GHENT / "stadswijken-gent.geojson"
LEDEBERG, SINT_AMANDSBERG = 18, 14


def page(client, query: str) -> str:
    response = client.get(f"/aanbod{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(html: str, name: str) -> str:
    found = re.search(rf'<section class="{name}"[^>]*>(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


def links(html: str) -> list[tuple[str, dict, str]]:
    """(path, arguments, text) of each link, whatever the order of the arguments."""
    found = []
    for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, re.S):
        parts = urlsplit(unescape(href))
        args = {k: v[0] for k, v in parse_qs(parts.query).items()}
        found.append((parts.path, args, re.sub(r"<[^>]+>", "", unescape(text)).strip()))
    return found


def neighbours(number: int) -> set[int]:
    """Wijken that share a stretch of border with this one on the city's official map."""
    corners = {}
    for feature in json.loads(GEOJSON.read_text())["features"]:
        corners[feature["properties"]["wijknr"]] = {
            (round(x, 4), round(y, 4))
            for polygon in polygons_of(feature["geometry"])
            for ring in polygon
            for x, y in ring
        }
    return {n for n, points in corners.items() if n != number and len(points & corners[number]) > 3}


def test_the_nearest_wijken_by_centre_are_real_neighbours(db):
    places = wijk_places()
    assert len(places) == 25
    ledeberg = [place.number for place, _km in nearest(places[LEDEBERG], places)[:3]]
    assert set(ledeberg) <= neighbours(LEDEBERG)
    amandsberg = [place.number for place, _km in nearest(places[SINT_AMANDSBERG], places)[:2]]
    assert set(amandsberg) <= neighbours(SINT_AMANDSBERG)
    # Binnenstad to Drongen, centre to centre, is some 6.7 km on the map.
    assert 6.5 < distance_km(places[1], places[25]) < 6.9


def test_a_freshly_flyered_wijk_without_offer_shows_the_nearest_wijkens_offer(client, db):
    places = wijk_places()
    ranked = [place.number for place, _km in nearest(places[LEDEBERG], places)]
    near, nearer, far = ranked[3], ranked[1], ranked[-1]
    for n in range(NEARBY_PREVIEW + 2):
        week = factories.season_week(1 + n)
        factories.activity(title=f"Dichtbij {n}", wijk_number=near, week=week)
    factories.activity(title="Nog dichterbij", wijk_number=nearer)
    factories.activity(title="Ver weg", wijk_number=far)
    factories.tip(title="Stoepkrijt")
    db.session.commit()
    # The flyer's own target: the wijk and nothing the parent chose.
    html = page(client, f"?wijk={LEDEBERG}&lang=nl")
    assert "0 activiteiten" not in html and "met deze keuzes" not in html
    assert "In <bdi>Ledeberg</bdi> is er nog geen aanbod deze zomer." in html
    nearby = section(html, "nearby")
    headings = re.findall(r'<h3 class="near"><bdi>([^<]+)</bdi>', nearby)
    assert headings == [places[nearer].name, places[near].name, places[far].name]
    # The nearest first, each with its first activities and a link to all of its offer.
    assert nearby.index("Nog dichterbij") < nearby.index("Dichtbij 0") < nearby.index("Ver weg")
    shown = [f"Dichtbij {n}" in nearby for n in range(NEARBY_PREVIEW + 2)]
    assert shown == [True] * NEARBY_PREVIEW + [False] * 2
    wijk_links = [(args, text) for path, args, text in links(nearby) if path == "/aanbod"]
    assert ({"wijk": str(near), "lang": "nl"}, f"5 activiteiten in {places[near].name} →") in [
        (args, text) for args, text in wijk_links
    ]
    # Their cards lead back here, to Ledeberg: the way back keeps the family's own page.
    card = next(args for path, args, _t in links(nearby) if path.startswith("/aanbod/"))
    assert card == {"wijk": str(LEDEBERG), "lang": "nl"}
    km = re.search(r"<small><bdi dir=\"ltr\">([\d,]+) km</bdi> van <bdi>Ledeberg</bdi>", nearby)
    assert km and 0 < float(km.group(1).replace(",", ".")) < 3
    # Wider: all of Ghent; then the tips and UiTinGent.
    wider = links(section(html, "wider"))
    assert ("/aanbod", {"lang": "nl"}, "Heel Gent: 7 activiteiten") in wider
    ideas = links(section(html, "ideas"))
    assert ("/tips", {"lang": "nl"}, "Tips om buiten te spelen en voor als het regent") in ideas
    assert 'href="https://uitin.gent">UiTinGent</a>' in section(html, "ideas")


def test_age_four_with_nothing_in_the_wijk_says_so_and_offers_ways_out(client, db):
    places = wijk_places()
    closest = nearest(places[SINT_AMANDSBERG], places)[0][0]
    factories.activity(title="Voetbal voor groten", wijk_number=SINT_AMANDSBERG, age_min=6)
    factories.activity(title="Kleuterspel", wijk_number=closest.number, age_min=3, age_max=5)
    factories.activity(
        title="Kleuterdans elders",
        wijk_number=closest.number,
        age_min=2,
        age_max=6,
        week=factories.season_week(3),
    )
    db.session.commit()
    html = page(client, f"?wijk={SINT_AMANDSBERG}&age=4")
    assert "In <bdi>Sint-Amandsberg</bdi> vonden we niets met deze keuzes." in html
    assert "Voetbal voor groten" not in section(html, "nearby")
    nearby = section(html, "nearby")
    assert "Kleuterspel" in nearby and "Kleuterdans elders" in nearby
    assert ({"wijk": str(closest.number), "age": "4"}, f"2 activiteiten in {closest.name} →") in [
        (args, text) for _path, args, text in links(nearby)
    ]
    wider = links(section(html, "wider"))
    # Each way names what it leaves out: here the age, or the wijk.
    assert ("/aanbod", {"wijk": str(SINT_AMANDSBERG)}, "Alle leeftijden: 1 activiteit") in wider
    assert ("/aanbod", {"age": "4"}, "Heel Gent: 2 activiteiten") in wider
    # The choices stay in their one line, ready to be changed.
    assert '<span class="now"><bdi>4 jaar</bdi> · <bdi>heel de zomer</bdi></span>' in html


def test_a_week_without_offer_points_to_the_weeks_with_offer(client, db):
    w1, w2, w3 = (factories.season_week(n) for n in (1, 2, 3))
    factories.activity(title="Eerste week", wijk_number=4, week=w1)
    factories.activity(title="Derde week", wijk_number=4, week=w3)
    factories.activity(title="Derde week bis", wijk_number=4, week=w3)
    db.session.commit()
    n1, n3 = (int(w[-2:]) for w in (w1, w3))
    html = page(client, f"?wijk=4&week={w2}")
    wider = links(section(html, "wider"))
    assert wider[:2] == [
        ("/aanbod", {"wijk": "4", "week": w1}, f"Week {n1}: 1 activiteit"),
        ("/aanbod", {"wijk": "4", "week": w3}, f"Week {n3}: 2 activiteiten"),
    ]
    assert ("/aanbod", {"wijk": "4"}, "Heel de zomer: 3 activiteiten") in wider
    # Only the weeks that have offer under the other choices: none when nothing is free.
    html = page(client, f"?wijk=4&week={w2}&free=true")
    assert not [text for _p, _a, text in links(section(html, "wider")) if text.startswith("Week")]
    assert "Gratis en betalend" not in section(html, "wider")


def test_nothing_anywhere_still_leaves_the_tips_and_uitingent(client, db):
    factories.activity(title="Betalend", free=False, price_eur=20, categories=["sport"])
    db.session.commit()
    html = page(client, "?free=true&category=sport")
    assert "We vonden niets met deze keuzes." in html
    assert section(html, "nearby") == ""
    wider = links(section(html, "wider"))
    assert ("/aanbod", {"category": "sport"}, "Gratis en betalend: 1 activiteit") in wider
    assert ("/aanbod", {"free": "true"}, "Alle soorten: 0 activiteiten") not in wider
    assert "/tips" in [path for path, _a, _t in links(section(html, "ideas"))]


def test_a_page_that_found_something_runs_no_extra_queries(client, db, app):
    from sqlalchemy import event

    factories.activity(title="Er is iets", wijk_number=4)
    db.session.commit()
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        html = page(client, "?wijk=4")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert "Er is iets" in html and '<section class="nearby"' not in html
    assert len(statements) <= 6


def test_the_qr_from_the_door_with_ages_and_interests_can_still_open_the_whole_wijk(client, db):
    """Found trying the demo: the QR code a worker showed carried three ages and an interest
    that nothing in Sint-Amandsberg suited, and leaving out one choice at a time still found
    nothing, so the family never saw the wijk's four activities."""
    for title in ("Voetbal", "Dansen"):
        factories.activity(
            title=title, wijk_number=SINT_AMANDSBERG, age_min=6, age_max=9, categories=["sport"]
        )
    db.session.commit()
    html = page(client, f"?wijk={SINT_AMANDSBERG}&age=1&age=4&category=nature&lang=nl")
    assert "vonden we niets met deze keuzes" in html
    wider = links(section(html, "wider"))
    assert ("/aanbod", {"wijk": str(SINT_AMANDSBERG)}, "2 activiteiten in Sint-Amandsberg") in [
        (path, {k: v for k, v in args.items() if k != "lang"}, text) for path, args, text in wider
    ]
    # One choice that alone finds something is offered as before, without the whole wijk.
    one_out = page(client, f"?wijk={SINT_AMANDSBERG}&age=7&category=nature")
    texts = [text for _p, _a, text in links(section(one_out, "wider"))]
    assert "Alle soorten: 2 activiteiten" in texts
    assert "2 activiteiten in Sint-Amandsberg" not in texts
