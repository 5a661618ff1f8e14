"""Where the synthetic data lives: Ghent's wijken, their real street names, and the skew.

Most families the outreach reaches live in the deprived wijken of the 19th-century belt and the
social housing estates; the weights below put most households (and most offer) there, and leave a
few wijken thin so the gap analysis still finds gaps at city scale.
"""

import csv
import random
from collections.abc import Mapping
from dataclasses import dataclass

from app.wijken.services import DATA_DIR

# Relative weight of a wijk in the households: Brugse Poort, Rabot, Sluizeken, Dampoort,
# Nieuw Gent, Muide, Ledeberg and Bloemekenswijk carry most of the families that are visited.
HOUSEHOLD_WEIGHTS = {
    4: 14,
    7: 12,
    2: 11,
    13: 10,
    20: 10,
    10: 9,
    18: 8,
    9: 7,
    3: 4,
    14: 4,
    12: 3,
    5: 3,
    6: 2,
    8: 2,
    16: 2,
    15: 2,
    17: 2,
    21: 2,
    22: 2,
    1: 2,
    24: 1,
    11: 1,
    19: 1,
    23: 1,
    25: 1,
}
# Offer follows the same centres but leaves the outskirts almost empty (thin wijken).
ACTIVITY_WEIGHTS = {
    **HOUSEHOLD_WEIGHTS,
    1: 6,
    5: 4,
    11: 0.2,
    19: 0.3,
    23: 0.2,
    25: 0.3,
    24: 0.5,
    8: 0.8,
}
# Languages spoken at home, roughly as Ghent's schools report them.
LANGUAGES = ["nl", "tr", "bg", "ar", "fr", "en", "uk", "sk", "ro", "pl", "so", "ps"]
LANGUAGE_WEIGHTS = [40, 14, 12, 10, 6, 3, 4, 3, 3, 2, 2, 1]


@dataclass(frozen=True)
class Place:
    number: int
    name: str
    lat: float
    lon: float
    postcode: str
    streets: tuple[str, ...]


def load_places() -> dict[int, Place]:
    with open(DATA_DIR / "street-names-sample.csv", encoding="utf-8") as fh:
        streets: dict[str, list[str]] = {}
        for row in csv.DictReader(fh):
            streets.setdefault(row["wijk"], []).append(row["street_name"])
    with open(DATA_DIR / "wijken.csv", encoding="utf-8") as fh:
        return {
            int(row["wijknr"]): Place(
                number=int(row["wijknr"]),
                name=row["wijk"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                postcode=row["postcode_approx"],
                streets=tuple(streets.get(row["wijk"], ())),
            )
            for row in csv.DictReader(fh)
        }


def weighted_wijken(rng: random.Random, weights: Mapping[int, float], k: int) -> list[int]:
    numbers = sorted(weights)
    return rng.choices(numbers, weights=[weights[n] for n in numbers], k=k)
