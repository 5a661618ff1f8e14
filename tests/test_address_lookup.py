"""address → position → wijk offline, on the real CRAB addresses of Ghent (app/data/ghent/).

The register is off here (tests/conftest.py); tests/test_address_register.py serves it.
"""

import csv
import math
import random

import pytest

from app.addresses import crab, is_ghent, locate, wijk_at
from app.addresses.belgian import ghent_part, postcode_of_place
from app.addresses.crab import CrabIndex


def _rows() -> list[list[str]]:
    with open(crab.ADDRESSES_FILE, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))[1:]


def _positioned() -> list[list[str]]:
    """Positioned addresses with a plain house number, as a household form accepts them."""
    return [row for row in _rows() if row[3] and row[2][:1].isdigit()]


def _metres(lat1, lon1, lat2, lon2) -> float:
    dx = (lon2 - lon1) * 111_320 * math.cos(math.radians(lat1))
    return math.hypot(dx, (lat2 - lat1) * 110_540)


def test_random_positioned_addresses_land_in_the_wijk_the_file_gives(app):
    positioned = _positioned()
    points: dict[tuple, list] = {}  # 26 addresses are in the file twice, at two points
    for postcode, street, number, lat, lon, *_ in positioned:
        points.setdefault((postcode, street, number), []).append((float(lat), float(lon)))
    sample = random.Random(20271).sample(positioned, 2000)
    right = point_right = 0
    for postcode, street, number, _lat, _lon, wijk, _name in sample:
        found = locate(street, number, postcode, online=False)
        right += found.wijk == int(wijk)
        # Our point-in-polygon over the official wijken agrees with the file's, point by point.
        point_right += wijk_at(found.lat, found.lon) == int(wijk)
        assert found.source == "crab"
        assert (
            min(
                _metres(found.lat, found.lon, *point)
                for point in points[(postcode, street, number)]
            )
            < 1
        )
    assert right / len(sample) >= 0.995, right
    assert point_right / len(sample) >= 0.995, point_right


def test_held_out_addresses_are_placed_between_their_neighbours(record_property):
    """Addresses left out of the index are found again by interpolation: the rate is reported
    (2,000 held out, seed 2027: 99.65 % in the file's wijk, 0.15 % without a wijk)."""
    rows = _rows()
    held = random.Random(2027).sample([row for row in rows if row[3]], 2000)
    held_keys = {tuple(row) for row in held}
    with open(crab.STREETS_FILE, encoding="utf-8", newline="") as fh:
        streets = list(csv.DictReader(fh))
    index = CrabIndex((row[:6] for row in rows if tuple(row) not in held_keys), streets)
    right = wrong = unplaced = 0
    for postcode, street, number, _lat, _lon, wijk, _name in held:
        found = index.find(street, number, postcode)
        if found.wijk is None:
            unplaced += 1
        elif found.wijk == int(wijk):
            right += 1
        else:
            wrong += 1
    rate = right / len(held)
    record_property("held_out_right_wijk_rate", round(rate, 4))
    print(f"held out: {right} right, {wrong} wrong, {unplaced} without a wijk ({rate:.2%})")
    assert rate >= 0.99
    assert wrong / len(held) <= 0.005


def test_interpolation_stays_on_its_side_of_the_street():
    # Sint-Jansvest 50 has no position in CRAB 2014: between 48 and 52 on the even side.
    found = crab.index().find("Sint-Jansvest", "50", "9000")
    assert found.source == "crab-interpolated" and found.wijk == 1
    assert "48" in str(found.reason) and "52" in str(found.reason)
    assert 51.0502648 <= found.lat <= 51.0503075


def test_hundelgemsesteenweg_210_lands_in_ledeberg(app):
    """The address from the issue: a camp there reached no wijk page."""
    for street, postcode in [
        ("Hundelgemsesteenweg", "9050"),
        ("Hundelgemse steenweg", "9050"),
        ("hundelgemsestwg", "9000"),
    ]:
        found = locate(street, "210", postcode, online=False)
        assert (found.wijk, found.source, found.street) == (18, "crab", "Hundelgemsesteenweg")
        assert found.postcode == "9050"


def test_a_number_not_in_the_file_falls_back_to_the_street_only_where_that_is_safe(app):
    # Aaigemstraat lies wholly in wijk 22; Hundelgemsesteenweg runs through 18 and 15.
    whole = locate("Aaigemstraat", "999", "9000", online=False)
    assert (whole.wijk, whole.source, whole.has_position) == (22, "street", False)
    split = locate("Hundelgemsesteenweg", "999", "9050", online=False)
    assert (split.wijk, split.source) == (None, "none")
    assert "meer dan één wijk" in str(split.reason)


@pytest.mark.parametrize(
    ("street", "number", "postcode", "locality", "reason"),
    [
        ("Nergensstraat", "1", "9000", None, "Deze straat vinden we niet"),
        ("Grote Markt", "1", "2000", None, "niet in Gent"),
        ("Kerkstraat", "5", None, "Antwerpen", "niet in Gent"),
        ("", "5", "9000", None, "Deze straat vinden we niet"),
    ],
)
def test_what_cannot_be_placed_says_why(app, street, number, postcode, locality, reason):
    found = locate(street, number, postcode, locality=locality, online=False)
    assert (found.wijk, found.lat, found.source) == (None, None, "none")
    assert reason in str(found.reason)


def test_a_district_name_stands_in_for_the_postcode(app):
    # Sint-Amandsberg (9040) and Oostakker (9041): "Gent" alone says no more than the city.
    by_place = locate("Antwerpsesteenweg", "1001", None, locality="Oostakker (Gent)", online=False)
    by_code = locate("Antwerpsesteenweg", "1001", "9041", online=False)
    assert by_place == by_code and by_place.wijk == 12
    assert locate("Antwerpsesteenweg", "1001", None, locality="Gent", online=False).source == (
        "none"
    )  # that street name is in several postcodes


def test_boxes_suffixes_and_typos_find_the_same_door(app):
    door = locate("Aaigemstraat", "10", "9000", online=False)
    for number in ("10 bus 3", "10/3", "10 b3"):
        assert locate("Aaigemstraat", number, "9000", online=False).wijk == door.wijk
    suffixed = locate("Aaigemstraat", "10Z", "9000", online=False)
    assert suffixed.source == "crab-interpolated" and (suffixed.lat, suffixed.lon) == (
        door.lat,
        door.lon,
    )
    assert locate("Aaigemstrat", "10", "9000", online=False).lat == door.lat


@pytest.mark.parametrize(
    ("postcode", "locality", "expected"),
    [
        ("9000", "Gent", True),
        ("9041", "Oostakker (Gent)", True),
        (None, "Sint-Amandsberg", True),
        (None, "sint amandsberg", True),
        (None, "St.-Denijs-Westrem", True),
        (None, "GENTBRUGGE", True),
        (None, "Ledeberg (Gent)", True),
        (None, "Sint-Kruis-Winkel", True),
        (None, "Zwijnaarde", True),
        (None, "Gand", True),
        ("9052", None, True),
        ("B-9030", "", True),
        ("9050", "Merelbeke", False),  # both must say Ghent
        ("9820", "Merelbeke", False),
        ("9001", None, False),
        (None, "Destelbergen", False),
        (None, "Sint-Martens-Latem", False),
        (None, None, False),
    ],
)
def test_is_ghent(postcode, locality, expected):
    assert is_ghent(postcode, locality) is expected


def test_every_district_has_its_postcode():
    assert ghent_part("Mariakerke (Gent)") == "Mariakerke"
    assert postcode_of_place("Afsnee") == "9051" and postcode_of_place("Gent") is None
    assert {postcode_of_place(name) for name in ("Desteldonk", "Mendonk", "Sint-Kruis-Winkel")} == {
        "9042"
    }


def test_a_street_read_under_another_postcode_or_spelling_is_likely_not_firm(app):
    written = locate("Kerkstraat", "5", "9050", online=False)  # Kerkstraat is in Gentbrugge
    assert (written.source, written.firm, written.corrected) == ("crab", True, False)
    for street, postcode in [("Kerkstraat", "9000"), ("Kerkstrat", "9050")]:
        guessed = locate(street, "5", postcode, online=False)
        assert (guessed.lat, guessed.wijk) == (written.lat, written.wijk)
        assert guessed.corrected and not guessed.firm
