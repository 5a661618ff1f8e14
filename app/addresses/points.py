"""Which of Ghent's 25 wijken holds a point: point in polygon over the official boundaries."""

from functools import cache

from app.geo import find_feature, with_bboxes
from app.wijken.services import geojson_features


@cache
def wijk_features() -> list[dict]:
    """The wijk polygons with bounding boxes, prepared once per process."""
    return with_bboxes(geojson_features())


def wijk_at(lat: float | None, lon: float | None) -> int | None:
    """The wijk number (1–25) at a WGS84 point, or None outside Ghent (or without a point)."""
    if lat is None or lon is None:
        return None
    feature = find_feature(lon, lat, wijk_features())
    return None if feature is None else int(feature["properties"]["wijknr"])
