"""The map of Ghent's 25 wijken, drawn on the server as SVG: no tile server, works offline, prints.

The projected outlines never change, so they are computed once per process and kept in memory;
a request only picks a colour class and a label per wijk.
"""

from dataclasses import dataclass
from functools import cache

from app.geo import Projection, feature_bbox, features_bbox, polygon_to_svg_path
from app.wijken.services import geojson_features

MAP_WIDTH = 800
PADDING = 8
# A number label is drawn only in wijken at least this wide and tall on the canvas (SVG units).
LABEL_MIN_SIZE = 34


@dataclass(frozen=True)
class WijkShape:
    number: int
    path: str
    label_x: float
    label_y: float
    labelled: bool  # big enough to carry a number


@cache
def wijk_shapes() -> dict[int, WijkShape]:
    """wijk number → projected outline and label point; computed once per process."""
    features = geojson_features()
    projection = map_projection()
    shapes = {}
    for feature in features:
        number = int(feature["properties"]["wijknr"])
        point = feature["properties"].get("geo_point_2d") or {}
        box = feature_bbox(feature)
        if point:
            x, y = projection.project(point["lon"], point["lat"])
        else:
            middle = ((box.min_lon + box.max_lon) / 2, (box.min_lat + box.max_lat) / 2)
            x, y = projection.project(*middle)
        left, top = projection.project(box.min_lon, box.max_lat)
        right, bottom = projection.project(box.max_lon, box.min_lat)
        shapes[number] = WijkShape(
            number=number,
            path=polygon_to_svg_path(feature["geometry"], projection),
            label_x=round(x, 1),
            label_y=round(y, 1),
            labelled=(right - left) >= LABEL_MIN_SIZE and (bottom - top) >= LABEL_MIN_SIZE,
        )
    return shapes


@cache
def map_projection() -> Projection:
    return Projection.for_bbox(features_bbox(geojson_features()), MAP_WIDTH, PADDING)


def bucket(value: int, thresholds: tuple[int, ...]) -> int:
    """0 for zero, else 1 + the number of thresholds the value reaches (classes for the legend)."""
    if value <= 0:
        return 0
    return 1 + sum(1 for t in thresholds if value >= t)


def thresholds_for(values: list[int], classes: int = 4) -> tuple[int, ...]:
    """Class breaks for positive values: rounded quantiles, so each colour is used."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return ()
    breaks: list[int] = []
    for i in range(1, classes):
        value = positive[min(len(positive) - 1, (len(positive) * i) // classes)]
        if value > 1 and (not breaks or value > breaks[-1]):
            breaks.append(value)
    return tuple(breaks)


def legend(thresholds: tuple[int, ...], values: list[int]) -> list[tuple[int, int, int]]:
    """[(class, from, to)] for the positive classes that some wijk falls in."""
    maximum = max(values, default=0)
    bounds = [1, *thresholds]
    rows = []
    for index, low in enumerate(bounds):
        high = bounds[index + 1] - 1 if index + 1 < len(bounds) else max(maximum, low)
        used = [v for v in values if low <= v <= high]
        if used:
            # Say the range the wijken actually span, not the class's theoretical one.
            rows.append((index + 1, min(used), max(used)))
    return rows
