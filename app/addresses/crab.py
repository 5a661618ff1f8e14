"""Ghent's addresses without a network: the embedded CRAB extract of October 2014.

An exact address gives its own point; a number missing from the file (or without a position in
it) gets a point between its neighbours on the same side of the street, weighted by the numbers;
a known street without a usable number gets the street's wijk when the street lies (almost)
wholly in one wijk. Anything else gets no wijk and a reason.

The files (136,152 addresses) are read once per process, on the first lookup, into one compact
index: a few arrays per street instead of a dict per address. Nothing is read at start-up, so
workers, the CLI and the tests that never look an address up pay nothing.
"""

from __future__ import annotations

import csv
import math
import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from flask_babel import lazy_gettext as _l

from app.addresses import location as why
from app.addresses.belgian import (
    HouseNumber,
    levenshtein,
    normalise_postcode,
    parse_house_number,
    split_box,
    street_match_key,
    street_typo_limit,
)
from app.addresses.location import Location, nowhere
from app.addresses.points import wijk_at

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "ghent"
ADDRESSES_FILE = DATA_DIR / "addresses-crab2014.csv"
STREETS_FILE = DATA_DIR / "streets-crab2014.csv"

# A number beyond the last known one on its side of the street takes that house's point only
# this close to it (5 houses); further away the street's wijk is all we can say.
MAX_NUMBER_GAP = 10
# "Lies (almost) wholly in one wijk": this share of the street's positioned addresses.
STREET_WIJK_SHARE = 0.95

ADDRESS_COLUMNS = ["postcode", "straatnaam", "huisnummer", "lat", "lon", "wijknr", "wijk"]
_CRAB_NUMBER_RE = re.compile(r"^(\d+)\s*(.*)$")
_NO_POINT = math.nan


class Street:
    """One street in one postcode: its numbers in order, with their points and wijken."""

    __slots__ = ("name", "postcode", "numbers", "suffixes", "lats", "lons", "wijken", "split")

    def __init__(self, name: str, postcode: str, doors: list[tuple], split: dict[int, int]):
        doors.sort(key=lambda door: (door[0], door[1]))
        self.name = name
        self.postcode = postcode
        self.numbers = array("l", (door[0] for door in doors))
        self.suffixes = [door[1] for door in doors]
        self.lats = array("d", (door[2] for door in doors))
        self.lons = array("d", (door[3] for door in doors))
        self.wijken = array("b", (door[4] for door in doors))
        self.split = split  # wijk number → positioned addresses of the street in it

    def _positioned(self, index: int) -> bool:
        return not math.isnan(self.lats[index])

    def _point(self, index: int) -> tuple[float, float, int]:
        return self.lats[index], self.lons[index], self.wijken[index]

    def exact(self, number: int, suffix: str) -> tuple[float, float, int] | None:
        """The point of exactly this number and suffix, when the file gives one."""
        index = bisect_left(self.numbers, number)
        while index < len(self.numbers) and self.numbers[index] == number:
            if self.suffixes[index] == suffix and self._positioned(index):
                return self._point(index)
            index += 1
        return None

    def _nearest(self, number: int, start: int, step: int) -> int | None:
        """From `start`, the first positioned door on the side of `number` going `step`."""
        index = start
        while 0 <= index < len(self.numbers):
            if self.numbers[index] % 2 == number % 2 and self._positioned(index):
                return index
            index += step
        return None

    def estimate(self, number: int) -> tuple[float, float, int, int, int | None] | None:
        """(lat, lon, low, high, wijk both share) between the neighbours on the same side."""
        first = bisect_left(self.numbers, number)
        same = self._nearest(number, first, 1)
        if same is not None and self.numbers[same] == number:
            lat, lon, wijk = self._point(same)  # "12A" or "12 bus 3" where only 12 has a point
            return lat, lon, number, number, wijk
        below = self._nearest(number, first - 1, -1)
        above = same
        if below is not None and above is not None:
            low, high = self.numbers[below], self.numbers[above]
            share = (number - low) / (high - low)
            lat = self.lats[below] + share * (self.lats[above] - self.lats[below])
            lon = self.lons[below] + share * (self.lons[above] - self.lons[below])
            both = self.wijken[below] if self.wijken[below] == self.wijken[above] else None
            return lat, lon, low, high, both
        nearest = below if below is not None else above
        if nearest is None or abs(self.numbers[nearest] - number) > MAX_NUMBER_GAP:
            return None
        lat, lon, wijk = self._point(nearest)
        return lat, lon, self.numbers[nearest], self.numbers[nearest], wijk

    def main_wijk(self) -> int | None:
        """The wijk the street lies in, when (almost) all of it lies in one."""
        total = sum(self.split.values())
        if not total:
            return None
        wijk, count = max(self.split.items(), key=lambda item: (item[1], -item[0]))
        return wijk if count / total >= STREET_WIJK_SHARE else None


def _crab_number(text: str) -> tuple[int, str] | None:
    if text.isdigit():
        return int(text), ""  # 9 rows in 10: no regular expression needed
    match = _CRAB_NUMBER_RE.match(text.strip())
    if match is None:
        return None  # "B110", "A": block names, not house numbers a household can have
    return int(match.group(1)), match.group(2).strip().upper()


def _wanted_number(number: str | None) -> tuple[int, str] | None:
    """The number part of what was typed ("12 bus 3" → (12, ""), "12a" → (12, "A"))."""
    number_part, _box = split_box(number or "")
    parsed = parse_house_number(number_part)
    if isinstance(parsed, HouseNumber):
        return parsed.sort_key
    return _crab_number(number_part) if number_part else None  # "63_1" as CRAB writes it


def _split(text: str) -> dict[int, int]:
    """ "18:192|15:72" → {18: 192, 15: 72}."""
    pairs = (part.split(":") for part in text.split("|") if ":" in part)
    return {int(wijk): int(count) for wijk, count in pairs}


class CrabIndex:
    """The embedded addresses, per street; build it from rows (tests leave some out)."""

    def __init__(self, addresses: Iterable[Sequence[str]], streets: Iterable[dict]):
        splits = {
            (row["postcode"], street_match_key(row["straatnaam"])): _split(row["wijken_verdeling"])
            for row in streets
        }
        grouped: dict[tuple[str, str], tuple[str, list[tuple]]] = {}
        keys: dict[str, str] = {}  # 2,469 names for 136,152 rows: normalise each name once
        for postcode, name, number_text, lat, lon, wijk in addresses:
            number = _crab_number(number_text)
            if number is None:
                continue
            if name not in keys:
                keys[name] = street_match_key(name)
            doors = grouped.setdefault((postcode, keys[name]), (name, []))[1]
            point = (float(lat), float(lon), int(wijk)) if lat else (_NO_POINT, _NO_POINT, 0)
            doors.append((*number, *point))
        self.streets: dict[tuple[str, str], Street] = {
            key: Street(name, key[0], doors, splits.get(key, {}))
            for key, (name, doors) in grouped.items()
        }
        self.postcodes_by_key: dict[str, list[str]] = {}
        self.keys_by_postcode: dict[str, list[str]] = {}
        self._closest: dict[tuple[str, str], str | None] = {}
        for postcode, key in sorted(self.streets):
            self.postcodes_by_key.setdefault(key, []).append(postcode)
            self.keys_by_postcode.setdefault(postcode, []).append(key)

    @classmethod
    def from_files(cls, addresses: Path = ADDRESSES_FILE, streets: Path = STREETS_FILE):
        with open(streets, encoding="utf-8", newline="") as street_file:
            street_rows = list(csv.DictReader(street_file))
        with open(addresses, encoding="utf-8", newline="") as address_file:
            reader = csv.reader(address_file)
            if next(reader) != ADDRESS_COLUMNS:
                raise ValueError(f"{addresses} does not have the columns {ADDRESS_COLUMNS}")
            return cls((row[:6] for row in reader), street_rows)

    # --- looking up ------------------------------------------------------------------------

    def street(self, name: str, postcode: str | None) -> Street | Location:
        """The street meant by a typed name in a postcode, or a Location saying why not."""
        key = street_match_key(name or "")
        if not key:
            return nowhere(why.NO_STREET)
        code = normalise_postcode(postcode or "")
        postcodes = self.postcodes_by_key.get(key) or []
        if not postcodes:
            key = self._closest_key(key, code)
            if key is None:
                return nowhere(why.NO_STREET)
            postcodes = self.postcodes_by_key[key]
        if code in postcodes:
            return self.streets[(code, key)]
        if len(postcodes) == 1:  # "9000" written for a street of Gentbrugge: one such street
            return self.streets[(postcodes[0], key)]
        return nowhere(why.STREET_IN_SEVERAL_POSTCODES)

    def _closest_key(self, key: str, postcode: str) -> str | None:
        """A known street one or two typos away ("Hundelgemstesteenweg"), when only one is.

        Remembered per (key, postcode): an import repeats its unknown streets row after row.
        """
        if (key, postcode) not in self._closest:
            if len(self._closest) > 10_000:
                self._closest.clear()
            self._closest[(key, postcode)] = self._search_closest(key, postcode)
        return self._closest[(key, postcode)]

    def _search_closest(self, key: str, postcode: str) -> str | None:
        keys = self.keys_by_postcode.get(postcode) or list(self.postcodes_by_key)
        best: dict[int, set[str]] = {}
        for known in keys:
            if abs(len(known) - len(key)) > 2:
                continue  # more than two letters apart can never be within the limit
            limit = street_typo_limit(key, known)
            distance = levenshtein(key, known, limit)
            if distance <= limit:
                best.setdefault(distance, set()).add(known)
        if not best:
            return None
        closest = best[min(best)]
        return next(iter(closest)) if len(closest) == 1 else None

    def find(self, street: str, number: str | None, postcode: str | None) -> Location:
        """Where the embedded data puts this address (the box does not matter here).

        A street found under another spelling or another postcode than the one written is
        marked `corrected`: a likely answer, never a firm one.
        """
        found = self.street(street, postcode)
        if isinstance(found, Location):
            return found
        code = normalise_postcode(postcode or "")
        located = self._find_number(found, number)
        corrected = street_match_key(street) != street_match_key(found.name) or (
            bool(code) and code != found.postcode
        )
        return replace(located, corrected=True) if corrected else located

    def _find_number(self, found: Street, number: str | None) -> Location:
        wanted = _wanted_number(number)
        if wanted is None:
            return self._street_level(found, why.NO_NUMBER, why.NO_NUMBER_STREET_SPLIT)
        exact = found.exact(*wanted)
        if exact is not None:
            lat, lon, wijk = exact
            return Location(lat, lon, wijk, "crab", street=found.name, postcode=found.postcode)
        estimate = found.estimate(wanted[0])
        if estimate is None:
            return self._street_level(found, why.STREET_ONLY, why.NUMBER_UNKNOWN_STREET_SPLIT)
        lat, lon, low, high, neighbours_wijk = estimate
        reason = (
            _l("Positie van nummer %(number)s.", number=low)
            if low == high
            else _l("Positie geschat tussen nummer %(low)s en %(high)s.", low=low, high=high)
        )
        return Location(
            lat,
            lon,
            wijk_at(lat, lon) or neighbours_wijk,
            "crab-interpolated",
            reason,
            street=found.name,
            postcode=found.postcode,
        )

    def _street_level(self, street: Street, reason, split_reason) -> Location:
        """The street's wijk without a position, when the street lies in one wijk."""
        wijk = street.main_wijk()
        return Location(
            None,
            None,
            wijk,
            "none" if wijk is None else "street",
            split_reason if wijk is None else reason,
            street=street.name,
            postcode=street.postcode,
        )


_index: CrabIndex | None = None
_lock = threading.Lock()


def index() -> CrabIndex:
    """The process's index of the embedded files, read on first use (thread-safe)."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = CrabIndex.from_files()
    return _index
