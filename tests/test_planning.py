"""Tests for app.rounds.planning: walking order and cutting a round into routes."""

import random
from collections import Counter

import pytest

from app.rounds.planning import PlanStop, cut_into_routes, street_group_key, walking_order


def _stop(
    stop_id: int, street: str, number: int, suffix: str = "", box: str | None = None
) -> PlanStop:
    return PlanStop(stop_id, street, number, f"{number}{suffix}", box)


def _street(street: str, count: int, first_id: int) -> list[PlanStop]:
    """`count` stops on one street, numbers 1..count (so both sides)."""
    return [_stop(first_id + index, street, index + 1) for index in range(count)]


def _labels(stops: list[PlanStop]) -> list[str]:
    return [f"{stop.number_text}{'/' + stop.box if stop.box else ''}" for stop in stops]


def test_odd_numbers_up_then_even_numbers_down():
    numbers = [4, 1, 8, 3, 2, 7, 6, 5, 10]
    stops = [_stop(index, "Kerkstraat", number) for index, number in enumerate(numbers)]
    assert _labels(walking_order(stops)) == ["1", "3", "5", "7", "10", "8", "6", "4", "2"]


def test_boxes_ascend_within_a_door_and_suffixes_follow_the_walk():
    stops = [
        _stop(1, "Kerkstraat", 3, box="10"),
        _stop(2, "Kerkstraat", 3, box="2"),
        _stop(3, "Kerkstraat", 3),
        _stop(4, "Kerkstraat", 3, "A"),
        _stop(5, "Kerkstraat", 4, box="2"),
        _stop(6, "Kerkstraat", 4, box="1"),
        _stop(7, "Kerkstraat", 4, "A"),
        _stop(8, "Kerkstraat", 6),
    ]
    # On the way back down, 4A (between 4 and 6) comes before 4, but boxes still ascend.
    assert _labels(walking_order(stops)) == ["3", "3/2", "3/10", "3A", "6", "4A", "4/1", "4/2"]


def test_streets_are_walked_one_after_another_alphabetically():
    stops = [
        _stop(1, "Zuidstraat", 1),
        _stop(2, "abdijstraat", 2),
        _stop(3, "Zuidstraat", 2),
        _stop(4, "Abdijstraat", 1),
        _stop(5, "Émile Braunplein", 1),
    ]
    ordered = walking_order(stops)
    assert [stop.id for stop in ordered] == [4, 2, 5, 1, 3]


def _crab_stops(street: str, postcode: str, numbers, first_id: int) -> list[PlanStop]:
    """Real doors with their real positions from the embedded CRAB data."""
    import csv

    from app.addresses.crab import ADDRESSES_FILE

    with open(ADDRESSES_FILE, encoding="utf-8", newline="") as fh:
        points = {
            int(r[2]): (float(r[3]), float(r[4]))
            for r in csv.reader(fh)
            if r[0] == postcode and r[1] == street and r[2].isdigit() and r[3]
        }
    return [
        PlanStop(first_id + n, street, n, str(n), None, *points[n]) for n in numbers if n in points
    ]


def test_one_stop_without_a_position_goes_beside_its_street_neighbours():
    """On main, one such stop turned the whole route into alphabetical street order."""
    doors = [n for n in range(200, 231) if n != 209]
    positioned = _crab_stops("Hundelgemsesteenweg", "9050", doors, 1000) + _crab_stops(
        "Aaigemstraat", "9000", range(1, 12), 2000
    )
    lost = PlanStop(1, "Hundelgemsesteenweg", 209, "209")  # 209 without a position
    walk = walking_order([lost, *positioned])
    # The positioned stops keep the walk they have without it: nearest neighbour.
    assert [s.id for s in walk if s.has_coordinates] == [s.id for s in walking_order(positioned)]
    # 209 sits between the doors nearest in number on its side of the street, 207 and 211.
    index = [s.id for s in walk].index(1)
    assert {walk[index - 1].number_sort, walk[index + 1].number_sort} == {207, 211}


def test_stops_without_a_position_follow_the_walk_up_or_down_their_street():
    up = [
        PlanStop(i, "Kerkstraat", n, str(n), None, 51.0 + n * 1e-4, 3.7)
        for i, n in enumerate([1, 3, 7, 11, 13])
    ]
    lost = [PlanStop(20 + i, "Kerkstraat", n, str(n)) for i, n in enumerate([5, 9, 15, 17])]
    other = [PlanStop(30, "Molenstraat", 2, "2"), PlanStop(31, "Molenstraat", 4, "4")]
    assert _labels(walking_order(up + lost + other)) == [
        "1",
        "3",
        "5",
        "7",
        "9",
        "11",
        "13",
        "15",
        "17",
        "4",
        "2",
    ]  # a street with no position at all comes last, walked as before
    down = [
        PlanStop(i, "Kerkstraat", n, str(n), None, 51.0 - n * 1e-4, 3.7)
        for i, n in enumerate([1, 3, 7, 11, 13])
    ]
    assert _labels(walking_order(down + lost)) == ["17", "15", "13", "11", "9", "7", "5", "3", "1"]


def test_without_any_position_the_walk_is_street_by_street():
    stops = [PlanStop(1, "B-straat", 1, "1"), PlanStop(2, "A-straat", 1, "1")]
    assert [stop.id for stop in walking_order(stops)] == [2, 1]


def test_nearest_neighbour_on_a_grid():
    # A 3 x 3 grid of doors on nine streets about 70 m apart; ids shuffled so the order is not
    # the input's. (Doors of one street are walked side by side: see the Manilastraat test.)
    spacing = 0.001
    ids = [17, 4, 9, 12, 1, 30, 8, 22, 5]
    stops = [
        PlanStop(
            ids[row * 3 + col],
            f"Straat {row * 3 + col}",
            1,
            "1",
            None,
            51.05 + row * spacing,
            3.72 + col * spacing * 1.6,
        )
        for row in range(3)
        for col in range(3)
    ]
    ordered = walking_order(stops)
    # Starts south-west; every step goes to an adjacent grid point.
    assert ordered[0].id == 17
    positions = {
        stop.id: (round((stop.lat - 51.05) / spacing), round((stop.lon - 3.72) / (spacing * 1.6)))
        for stop in stops
    }
    for before, after in zip(ordered, ordered[1:], strict=False):
        (row_a, col_a), (row_b, col_b) = positions[before.id], positions[after.id]
        assert abs(row_a - row_b) + abs(col_a - col_b) == 1
    assert sorted(stop.id for stop in ordered) == sorted(ids)


def test_nearest_neighbour_ties_broken_by_id():
    # From the start at (0, 0) two stops are equally near: the lower id goes first.
    stops = [
        PlanStop(3, "A", 1, "1", None, 51.0, 3.7),
        PlanStop(9, "B", 1, "1", None, 51.001, 3.7),
        PlanStop(2, "C", 1, "1", None, 51.0, 3.7 + 0.001 / 0.6293),
    ]
    assert [stop.id for stop in walking_order(stops)][0] == 3
    assert [stop.id for stop in walking_order(list(reversed(stops)))] == [
        stop.id for stop in walking_order(stops)
    ]


def _route_streets(routes: list[list[int]], stops: list[PlanStop]) -> list[set[str]]:
    by_id = {stop.id: stop for stop in stops}
    return [{street_group_key(by_id[stop_id].street) for stop_id in route} for route in routes]


def test_two_streets_stay_together():
    stops = _street("Kerkstraat", 5, 100) + _street("Molenstraat", 5, 200)
    routes = cut_into_routes(stops, 2)
    assert [len(route) for route in routes] == [5, 5]
    assert _route_streets(routes, stops) == [{"kerkstraat"}, {"molenstraat"}]


def test_balanced_routes_keep_streets_whole():
    sizes = {"Aa-straat": 3, "Beekstraat": 7, "Cederlaan": 12, "Dokstraat": 4, "Egelstraat": 9}
    stops = [
        stop
        for index, (name, size) in enumerate(sizes.items())
        for stop in _street(name, size, index * 100)
    ]
    routes = cut_into_routes(stops, 3)
    lengths = [len(route) for route in routes]
    assert len(routes) == 3
    assert sum(lengths) == 35
    assert max(lengths) - min(lengths) <= 2
    # No street is split: every street shows up on exactly one route.
    appearances = Counter(street for streets in _route_streets(routes, stops) for street in streets)
    assert set(appearances.values()) == {1}


def test_every_stop_exactly_once():
    stops = (
        _street("Kerkstraat", 13, 0)
        + _street("Molenstraat", 8, 100)
        + _street("Veldstraat", 2, 200)
    )
    routes = cut_into_routes(stops, 4)
    flat = [stop_id for route in routes for stop_id in route]
    assert sorted(flat) == sorted(stop.id for stop in stops)
    assert all(routes)


def test_huge_street_is_split_by_side_first():
    stops = _street("Lange Violettestraat", 20, 0)
    routes = cut_into_routes(stops, 2)
    by_id = {stop.id: stop for stop in stops}
    sides = [{by_id[stop_id].number_sort % 2 for stop_id in route} for route in routes]
    assert sorted(map(sorted, sides)) == [[0], [1]]
    assert [len(route) for route in routes] == [10, 10]
    odd_route = next(route for route in routes if by_id[route[0]].number_sort % 2 == 1)
    assert [by_id[stop_id].number_sort for stop_id in odd_route] == list(range(1, 20, 2))


def test_huge_street_side_split_into_consecutive_pieces():
    stops = _street("Lange Violettestraat", 30, 0) + _street("Korte Meer", 3, 100)
    routes = cut_into_routes(stops, 4)
    lengths = [len(route) for route in routes]
    assert len(routes) == 4 and sum(lengths) == 33
    assert max(lengths) - min(lengths) <= 2
    # Korte Meer is small enough to stay whole.
    appearances = Counter(street for streets in _route_streets(routes, stops) for street in streets)
    assert appearances["korte meer"] == 1


def test_no_empty_routes_when_few_stops():
    stops = (
        _street("Kerkstraat", 2, 0) + _street("Molenstraat", 2, 10) + _street("Veldstraat", 1, 20)
    )
    routes = cut_into_routes(stops, 4)
    assert len(routes) == 4 and all(routes)
    assert len(cut_into_routes(stops[:2], 5)) == 2  # capped at the number of stops


def test_one_route_is_the_walking_order():
    stops = _street("Kerkstraat", 6, 0) + _street("Abdijstraat", 3, 10)
    assert cut_into_routes(stops, 1) == [[stop.id for stop in walking_order(stops)]]


def test_cut_edge_cases():
    assert cut_into_routes([], 3) == []
    with pytest.raises(ValueError):
        cut_into_routes(_street("Kerkstraat", 3, 0), 0)


def test_cut_is_deterministic_whatever_the_input_order():
    stops = (
        _street("Kerkstraat", 11, 0)
        + _street("Molenstraat", 8, 100)
        + _street("Veldstraat", 17, 200)
        + _street("Abdijstraat", 5, 300)
    )
    expected = cut_into_routes(stops, 3)
    shuffled = list(stops)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert cut_into_routes(shuffled, 3) == expected


def test_routes_with_coordinates_walk_each_street_one_side_then_the_other():
    stops = [
        PlanStop(
            index,
            "Kerkstraat" if index < 4 else "Molenstraat",
            index + 1,
            str(index + 1),
            None,
            51.0 + index * 0.001,
            3.7,
        )
        for index in range(8)
    ]
    routes = cut_into_routes(stops, 2)
    # Kerkstraat 1, 3 up and 4, 2 back; Molenstraat 5, 7 up and 8, 6 back.
    assert routes == [[0, 2, 3, 1], [4, 6, 7, 5]]


def test_a_real_street_is_walked_in_number_order_on_each_side():
    """Manilastraat's address points (CRAB 2014) lie on their parcels: nearest neighbour alone
    walked 2, 4, 22, 10, 8, 20, 12, crossing back and forth (found trying the demo's routes)."""
    stops = _crab_stops("Manilastraat", "9000", range(1, 30), 100) + _crab_stops(
        "Leithstraat", "9000", range(1, 80), 200
    )
    walk = walking_order(stops)
    manila = [s.number_sort for s in walk if s.street == "Manilastraat"]
    assert sorted(manila) == [2, 4, 8, 10, 12, 20, 22]
    assert manila in ([2, 4, 8, 10, 12, 20, 22], [22, 20, 12, 10, 8, 4, 2])
    for street in ("Manilastraat", "Leithstraat"):
        numbers = [s.number_sort for s in walk if s.street == street]
        positions = [i for i, s in enumerate(walk) if s.street == street]
        assert positions == list(range(positions[0], positions[0] + len(positions)))  # together
        for side in (0, 1):
            run = [n for n in numbers if n % 2 == side]
            assert run in (sorted(run), sorted(run, reverse=True)), (street, run)
