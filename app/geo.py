"""Small GeoJSON geometry helpers: which wijk holds a point, and drawing wijken as SVG.

Pure standard-library code so that it runs in tests, in the CLI seeder and in a
request alike. Coordinates are GeoJSON order: (lon, lat) in WGS84 degrees.
The wijken of Ghent are a few kilometres across, so planar maths on degrees
(with a cos(lat) correction where distances or shapes matter) is exact enough.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Position = Sequence[float]
Ring = Sequence[Position]
PolygonCoords = Sequence[Ring]
Geometry = Mapping[str, Any]
Feature = Mapping[str, Any]


@dataclass(frozen=True)
class BBox:
    """Bounding box in degrees, GeoJSON order (west, south, east, north)."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lon: float, lat: float) -> bool:
        return self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.min_lon, other.min_lon),
            min(self.min_lat, other.min_lat),
            max(self.max_lon, other.max_lon),
            max(self.max_lat, other.max_lat),
        )

    def as_list(self) -> list[float]:
        """The GeoJSON `bbox` member form."""
        return [self.min_lon, self.min_lat, self.max_lon, self.max_lat]


# --- geometry access -----------------------------------------------------------


def polygons_of(geometry: Geometry) -> list[PolygonCoords]:
    """The polygons of a Polygon or MultiPolygon geometry, each as a list of rings."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"Unsupported geometry type: {kind!r}")


def _positions(geometry: Geometry) -> Iterator[Position]:
    for polygon in polygons_of(geometry):
        for ring in polygon:
            yield from ring


def bbox(geometry: Geometry) -> BBox:
    """Bounding box of a Polygon or MultiPolygon geometry."""
    lons: list[float] = []
    lats: list[float] = []
    for position in _positions(geometry):
        lons.append(position[0])
        lats.append(position[1])
    if not lons:
        raise ValueError("Empty geometry has no bounding box")
    return BBox(min(lons), min(lats), max(lons), max(lats))


def feature_bbox(feature: Feature) -> BBox:
    """The feature's own GeoJSON `bbox` member if present, else computed."""
    stored = feature.get("bbox")
    if stored and len(stored) == 4:
        return BBox(*(float(value) for value in stored))
    return bbox(feature["geometry"])


def features_bbox(features: Iterable[Feature]) -> BBox:
    """One box around all features, e.g. to size a map of all wijken."""
    boxes = [feature_bbox(feature) for feature in features]
    if not boxes:
        raise ValueError("No features")
    result = boxes[0]
    for box in boxes[1:]:
        result = result.union(box)
    return result


def with_bboxes(features: Iterable[Feature]) -> list[dict[str, Any]]:
    """Copies of the features with a `bbox` member, so find_feature can skip most polygons.

    Compute this once when loading the wijken, not per lookup.
    """
    return [{**feature, "bbox": bbox(feature["geometry"]).as_list()} for feature in features]


# --- point in polygon --------------------------------------------------------


def point_in_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Ray casting (even-odd rule) towards +lon; works for open or closed rings."""
    inside = False
    count = len(ring)
    if count < 3:
        return False
    previous = ring[-1]
    for current in ring:
        x1, y1 = previous[0], previous[1]
        x2, y2 = current[0], current[1]
        # Half-open test on lat so a vertex exactly on the ray is counted once.
        if (y1 > lat) != (y2 > lat):
            x_cross = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x_cross:
                inside = not inside
        previous = current
    return inside


def point_in_polygon(lon: float, lat: float, polygon: PolygonCoords) -> bool:
    """True if the point is in the outer ring (first) and in none of the holes."""
    if not polygon or not point_in_ring(lon, lat, polygon[0]):
        return False
    return not any(point_in_ring(lon, lat, hole) for hole in polygon[1:])


def point_in_geometry(lon: float, lat: float, geometry: Geometry) -> bool:
    """Point in a Polygon or MultiPolygon geometry."""
    return any(point_in_polygon(lon, lat, polygon) for polygon in polygons_of(geometry))


def find_feature(lon: float, lat: float, features: Iterable[Feature]) -> Feature | None:
    """The first feature whose (Multi)Polygon contains the point, or None.

    A bounding-box check comes first; pass features from `with_bboxes` to make
    that check free.
    """
    for feature in features:
        geometry = feature.get("geometry")
        if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        if not feature_bbox(feature).contains(lon, lat):
            continue
        if point_in_geometry(lon, lat, geometry):
            return feature
    return None


# --- centroid ------------------------------------------------------------------


def _ring_area_and_moment(ring: Ring) -> tuple[float, float, float]:
    """Signed area and first moments of a ring (shoelace formula)."""
    area = moment_x = moment_y = 0.0
    previous = ring[-1]
    for current in ring:
        cross = previous[0] * current[1] - current[0] * previous[1]
        area += cross
        moment_x += (previous[0] + current[0]) * cross
        moment_y += (previous[1] + current[1]) * cross
        previous = current
    return area / 2.0, moment_x / 6.0, moment_y / 6.0


def centroid(geometry: Geometry) -> tuple[float, float]:
    """Area-weighted centroid (lon, lat) of a (Multi)Polygon, holes subtracted.

    Note: the centroid of a concave wijk can lie outside it; to place a label
    or to test membership prefer the data's `geo_point_2d` or check with
    point_in_geometry.
    """
    total = sum_x = sum_y = 0.0
    for polygon in polygons_of(geometry):
        for index, ring in enumerate(polygon):
            area, moment_x, moment_y = _ring_area_and_moment(ring)
            # Outer rings add, holes subtract, whatever their winding order.
            sign = 1.0 if index == 0 else -1.0
            if area < 0:
                area, moment_x, moment_y = -area, -moment_x, -moment_y
            total += sign * area
            sum_x += sign * moment_x
            sum_y += sign * moment_y
    if total == 0:
        return _vertex_average(geometry)
    return sum_x / total, sum_y / total


def _vertex_average(geometry: Geometry) -> tuple[float, float]:
    positions = list(_positions(geometry))
    return (
        sum(position[0] for position in positions) / len(positions),
        sum(position[1] for position in positions) / len(positions),
    )


# --- SVG -------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection of a bounding box onto an SVG canvas `width` wide.

    Longitude degrees are shrunk by cos(mid latitude) so that Ghent is not
    drawn 1.6 times too wide; y is flipped because SVG y grows downwards.
    """

    min_lon: float
    max_lat: float
    scale: float  # SVG units per (corrected) degree
    lon_factor: float  # cos(mid latitude)
    width: float
    height: float
    padding: float = 0.0

    @classmethod
    def for_bbox(cls, box: BBox, width: float, padding: float = 0.0) -> Projection:
        """Fit the box into `width` (minus padding on both sides); height follows."""
        lon_factor = math.cos(math.radians((box.min_lat + box.max_lat) / 2.0))
        span_x = (box.max_lon - box.min_lon) * lon_factor
        span_y = box.max_lat - box.min_lat
        inner_width = width - 2 * padding
        if inner_width <= 0:
            raise ValueError("Width must be larger than twice the padding")
        scale = inner_width / span_x if span_x > 0 else inner_width / max(span_y, 1e-9)
        height = span_y * scale + 2 * padding
        return cls(box.min_lon, box.max_lat, scale, lon_factor, width, height, padding)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.padding + (lon - self.min_lon) * self.lon_factor * self.scale
        y = self.padding + (self.max_lat - lat) * self.scale
        return x, y

    def view_box(self, precision: int = 1) -> str:
        """Value for the `<svg viewBox>` attribute."""
        return f"0 0 {_fmt(self.width, precision)} {_fmt(self.height, precision)}"


def _fmt(value: float, precision: int) -> str:
    text = f"{value:.{precision}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _ring_to_path(ring: Ring, projection: Projection, precision: int) -> str:
    points: list[str] = []
    for position in ring:
        x, y = projection.project(position[0], position[1])
        point = f"{_fmt(x, precision)} {_fmt(y, precision)}"
        # After rounding, neighbouring vertices often coincide: drop them to keep pages light.
        if not points or points[-1] != point:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()  # "Z" closes the ring
    if len(points) < 3:
        return ""
    return "M" + "L".join(points) + "Z"


def polygon_to_svg_path(geometry: Geometry, projection: Projection, precision: int = 1) -> str:
    """SVG path `d` for a Polygon or MultiPolygon; draw it with fill-rule="evenodd" for holes."""
    parts = (
        _ring_to_path(ring, projection, precision)
        for polygon in polygons_of(geometry)
        for ring in polygon
    )
    return "".join(part for part in parts if part)
