"""Which wijk an activity's place lies in: the point on the map, else the street, else the postcode.

Used by the importers, and by the forms when a provider leaves the wijk open. An answer of None
means "we don't know" and the activity then shows without a wijk (never in a wrong one).
"""

from collections import Counter
from functools import cache

from app.geo import find_feature, with_bboxes
from app.wijken.services import _csv_rows, geojson_features, known_streets


@cache
def _features() -> list[dict]:
    return with_bboxes(geojson_features())


@cache
def _streets_lower() -> dict[str, int]:
    return {name.lower(): number for name, number in known_streets().items()}


@cache
def _postcode_wijken() -> dict[str, int]:
    """Postcodes that belong to one wijk only (9000 and 9050 are shared, so they are left out)."""
    rows = _csv_rows()
    counts = Counter(row["postcode"] for row in rows)
    return {row["postcode"]: row["number"] for row in rows if counts[row["postcode"]] == 1}


def wijk_of_point(lat: float | None, lon: float | None) -> int | None:
    if lat is None or lon is None:
        return None
    feature = find_feature(lon, lat, _features())
    return int(feature["properties"]["wijknr"]) if feature else None


def guess_wijk(street=None, postcode=None, lat=None, lon=None) -> int | None:
    number = wijk_of_point(lat, lon)
    if number is None and street:
        number = _streets_lower().get(street.strip().lower())
    if number is None and postcode:
        number = _postcode_wijken().get(postcode.strip())
    return number
