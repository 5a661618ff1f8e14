"""Route planning for a round: put stops in walking order and cut them into fair routes.

Pure and deterministic: the same stops always give the same routes, whatever
order they come in, so a coordinator can re-plan without surprises and tests
can pin the outcome.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby


@dataclass(frozen=True)
class PlanStop:
    """One door to visit. `number_sort` is the first number of the house number."""

    id: int
    street: str
    number_sort: int
    number_text: str
    box: str | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


# --- walking order ---------------------------------------------------------------


def street_group_key(street: str) -> str:
    """Which stops share a street: lowercase, accents stripped, whitespace collapsed.

    Mirrors app.addresses.belgian.street_key; kept local so that this module
    does not import the households package (and whatever its __init__ pulls in).
    """
    decomposed = unicodedata.normalize("NFKD", street or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def _natural_key(text: str | None) -> tuple[int, int, str]:
    """Boxes and suffixes sort as people expect: none first, then 2 before 10, then letters."""
    value = (text or "").strip()
    if not value:
        return (0, 0, "")
    if value.isdigit():
        return (1, int(value), value)
    return (2, 0, value.casefold())


def _door_key(stop: PlanStop) -> tuple[int, tuple[int, int, str]]:
    """One door = one house number incl. suffix ("12", "12A"); boxes share a door."""
    suffix = stop.number_text.strip().lstrip("0123456789").strip()
    return stop.number_sort, _natural_key(suffix)


def _street_order(stops: Sequence[PlanStop]) -> list[PlanStop]:
    """Odd side up, even side back down: one side of the street, then the other."""
    by_door = sorted(stops, key=lambda stop: (_door_key(stop), _natural_key(stop.box), stop.id))
    doors = [list(group) for _, group in groupby(by_door, key=_door_key)]
    odd = [door for door in doors if door[0].number_sort % 2 == 1]
    even = [door for door in doors if door[0].number_sort % 2 == 0]
    # Boxes stay ascending inside a door even when the doors themselves go down.
    return [stop for door in odd + even[::-1] for stop in door]


def _by_street(stops: Iterable[PlanStop]) -> dict[str, list[PlanStop]]:
    groups: dict[str, list[PlanStop]] = {}
    for stop in stops:
        groups.setdefault(street_group_key(stop.street), []).append(stop)
    return groups


def _street_by_street(stops: Sequence[PlanStop]) -> list[PlanStop]:
    # Streets in alphabetical order of their normalised name: stable whatever
    # the input order, and easy to find on a printed walk sheet.
    groups = _by_street(stops)
    return [stop for key in sorted(groups) for stop in _street_order(groups[key])]


def _planar(stop: PlanStop, lon_factor: float) -> tuple[float, float]:
    # Type narrowing for the checker: callers pass only stops that have a location.
    assert stop.lat is not None and stop.lon is not None  # nosec B101
    return stop.lon * lon_factor, stop.lat


def _nearest_neighbour(stops: Sequence[PlanStop]) -> list[PlanStop]:
    """Greedy nearest-neighbour walk from the south-west-most stop; ties by id."""
    mean_lat = sum(stop.lat or 0.0 for stop in stops) / len(stops)
    lon_factor = math.cos(math.radians(mean_lat))
    points = {stop.id: _planar(stop, lon_factor) for stop in stops}
    remaining = sorted(stops, key=lambda stop: stop.id)
    # South-west-most = smallest x + y (west and south both count).
    current = min(remaining, key=lambda stop: (sum(points[stop.id]), stop.id))
    order = [current]
    remaining.remove(current)
    while remaining:
        here = points[current.id]
        current = min(remaining, key=lambda stop: (math.dist(here, points[stop.id]), stop.id))
        order.append(current)
        remaining.remove(current)
    return order


def _along(stops: Sequence[PlanStop], ascending: bool) -> list[PlanStop]:
    """Doors in number order (up or down the street); boxes always ascend inside a door."""
    by_door = sorted(stops, key=lambda stop: (_door_key(stop), _natural_key(stop.box), stop.id))
    doors = [list(group) for _, group in groupby(by_door, key=_door_key)]
    return [stop for door in (doors if ascending else doors[::-1]) for stop in door]


def _closest_anchor(stop: PlanStop, anchors: list[PlanStop]) -> PlanStop:
    """The positioned neighbour nearest in number, on the same side of the street if any."""
    same_side = [a for a in anchors if a.number_sort % 2 == stop.number_sort % 2] or anchors
    return min(same_side, key=lambda a: (abs(a.number_sort - stop.number_sort), a.id))


def _walks_up(anchor: PlanStop, anchors: list[PlanStop], place: dict[int, int]) -> bool:
    """Whether the walk goes up the numbers where it passes this anchor's side of the street."""
    side = sorted(
        (a for a in anchors if a.number_sort % 2 == anchor.number_sort % 2),
        key=lambda a: place[a.id],
    )
    index = side.index(anchor)
    if index + 1 < len(side):
        return side[index + 1].number_sort >= anchor.number_sort
    if index > 0:
        return anchor.number_sort >= side[index - 1].number_sort
    return True


def _with_street_neighbours(order: list[PlanStop], unplaced: list[PlanStop]) -> list[PlanStop]:
    """Stops without a position slotted in beside their street's positioned neighbours.

    A stop goes just before or after the positioned door nearest in number (same side of the
    street first), so that the numbers keep running the way the walk passes them. Streets
    without any positioned door are walked at the end, street by street.
    """
    place = {stop.id: index for index, stop in enumerate(order)}
    anchors_by_street = _by_street(order)
    before: dict[int, list[PlanStop]] = {}
    after: dict[int, list[PlanStop]] = {}
    leftover = []
    for stop in unplaced:
        anchors = anchors_by_street.get(street_group_key(stop.street))
        if not anchors:
            leftover.append(stop)
            continue
        anchor = _closest_anchor(stop, anchors)
        up = _walks_up(anchor, anchors, place)
        goes_after = (stop.number_sort >= anchor.number_sort) == up
        (after if goes_after else before).setdefault(anchor.id, []).append(stop)
    walk = []
    for stop in order:
        anchors = anchors_by_street[street_group_key(stop.street)]
        up = _walks_up(stop, anchors, place) if stop.id in before or stop.id in after else True
        walk += _along(before.get(stop.id, []), up) + [stop] + _along(after.get(stop.id, []), up)
    return walk + _street_by_street(leftover)


def _side_by_side(walk: list[PlanStop]) -> list[PlanStop]:
    """Each stretch of the walk on one street: one side in number order, then the other back.

    Nearest neighbour alone follows the points, and an address point lies anywhere on its
    parcel: on a real street it crossed back and forth and ran 2, 4, 22, 10, 8, 20, 12. The
    stretch keeps its place in the walk and its direction (where its first side starts and
    ends); the other side comes back the opposite way, as a worker walks a street.
    """
    tidy: list[PlanStop] = []
    for _, group in groupby(walk, key=lambda stop: street_group_key(stop.street)):
        stretch = list(group)
        first = [s for s in stretch if s.number_sort % 2 == stretch[0].number_sort % 2]
        other = [s for s in stretch if s.number_sort % 2 != stretch[0].number_sort % 2]
        up = first[-1].number_sort >= first[0].number_sort
        tidy += _along(first, up) + _along(other, not up)
    return tidy


def walking_order(stops: Sequence[PlanStop]) -> list[PlanStop]:
    """Stops in the order to walk them.

    The stops with a position: nearest neighbour from the south-west, each stretch on one street
    then walked one side up and the other back (_side_by_side). A stop without a position goes
    beside the positioned doors of its own street (see _with_street_neighbours). When no stop
    has a position: street by street, alphabetically, odd numbers up then even numbers down,
    boxes ascending.
    """
    placed = [stop for stop in stops if stop.has_coordinates]
    if not placed:
        return _street_by_street(stops)
    unplaced = [stop for stop in stops if not stop.has_coordinates]
    return _with_street_neighbours(_side_by_side(_nearest_neighbour(placed)), unplaced)


# --- cutting into routes ---------------------------------------------------------


@dataclass
class _Chunk:
    """Stops that should stay on one route: a street, a side of one, or a piece."""

    key: str
    stops: list[PlanStop]

    @property
    def size(self) -> int:
        return len(self.stops)


def _even_pieces(stops: list[PlanStop], max_size: int) -> list[list[PlanStop]]:
    """Cut a walk into consecutive pieces of near-equal size, none above max_size."""
    count = math.ceil(len(stops) / max_size)
    base, extra = divmod(len(stops), count)
    pieces: list[list[PlanStop]] = []
    start = 0
    for index in range(count):
        end = start + base + (1 if index < extra else 0)
        pieces.append(stops[start:end])
        start = end
    return pieces


def _street_chunks(key: str, stops: list[PlanStop], target: int) -> list[_Chunk]:
    """A whole street if it fits; else its two sides; else consecutive pieces of a side."""
    ordered = _street_order(stops)
    if len(ordered) <= target:
        return [_Chunk(key, ordered)]
    sides = [
        [stop for stop in ordered if stop.number_sort % 2 == 1],
        [stop for stop in ordered if stop.number_sort % 2 == 0],
    ]
    return [
        _Chunk(key, piece)
        for side in sides
        if side
        for piece in (_even_pieces(side, target) if len(side) > target else [side])
    ]


def _assign_largest_first(chunks: list[_Chunk], n_routes: int) -> list[list[_Chunk]]:
    """Largest chunk to the currently smallest route (LPT); ties by route index."""
    routes: list[list[_Chunk]] = [[] for _ in range(n_routes)]
    sizes = [0] * n_routes
    for chunk in sorted(chunks, key=lambda chunk: (-chunk.size, chunk.key, chunk.stops[0].id)):
        index = min(range(n_routes), key=lambda i: (sizes[i], i))
        routes[index].append(chunk)
        sizes[index] += chunk.size
    return routes


def _route_size(route: list[_Chunk]) -> int:
    return sum(chunk.size for chunk in route)


def _tolerance(target: int) -> int:
    # Keeping a street whole is worth a small imbalance, but not more than about
    # a quarter of a route (and never less than 2 stops of slack).
    return max(2, target // 4)


def _move_stops(
    source: list[_Chunk], destination: list[_Chunk], amount: int, all_keys: list[str]
) -> None:
    """Move about `amount` stops; a whole street when one fits, else the tail of one."""
    whole = [chunk for chunk in source if chunk.size <= amount]
    if whole:
        chunk = max(whole, key=lambda chunk: (chunk.size, chunk.key))
        source.remove(chunk)
        destination.append(chunk)
        return
    # Cut a street that is already cut (a side or piece of it) before a whole one.
    split_keys = {key for key, count in Counter(all_keys).items() if count > 1}
    chunk = max(source, key=lambda chunk: (chunk.key in split_keys, chunk.size, chunk.key))
    keep, moved = chunk.stops[:-amount], chunk.stops[-amount:]
    chunk.stops = keep
    destination.append(_Chunk(chunk.key, moved))


def _rebalance(routes: list[list[_Chunk]], target: int) -> None:
    """Split chunks further only while routes are empty or clearly unequal."""
    for _ in range(sum(_route_size(route) for route in routes)):
        sizes = [_route_size(route) for route in routes]
        largest = max(range(len(routes)), key=lambda i: (sizes[i], -i))
        smallest = min(range(len(routes)), key=lambda i: (sizes[i], i))
        gap = sizes[largest] - sizes[smallest]
        if sizes[smallest] > 0 and gap <= _tolerance(target):
            return
        all_keys = [chunk.key for route in routes for chunk in route]
        _move_stops(routes[largest], routes[smallest], max(1, gap // 2), all_keys)


def cut_into_routes(stops: Sequence[PlanStop], n_routes: int) -> list[list[int]]:
    """Cut stops into at most n_routes routes of balanced size, streets kept together.

    Returns stop ids per route, each route in walking order, routes ordered by
    where they start in the walking order of all stops. Never returns an empty
    route: with fewer stops than routes, there are as many routes as stops.
    """
    if n_routes < 1:
        raise ValueError("n_routes must be at least 1")
    if not stops:
        return []
    n_routes = min(n_routes, len(stops))
    target = math.ceil(len(stops) / n_routes)
    groups = _by_street(stops)
    chunks = [chunk for key in sorted(groups) for chunk in _street_chunks(key, groups[key], target)]
    routes = _assign_largest_first(chunks, n_routes)
    _rebalance(routes, target)
    walked = [walking_order([stop for chunk in route for stop in chunk.stops]) for route in routes]
    position = {stop.id: index for index, stop in enumerate(walking_order(stops))}
    walked.sort(key=lambda route: min(position[stop.id] for stop in route))
    return [[stop.id for stop in route] for route in walked]
