"""Tests for app.geo: point-in-polygon on Ghent's 25 wijken and SVG path drawing."""

import csv
import json
from pathlib import Path

from app.geo import (
    BBox,
    Projection,
    bbox,
    centroid,
    feature_bbox,
    features_bbox,
    find_feature,
    point_in_geometry,
    point_in_polygon,
    polygon_to_svg_path,
    with_bboxes,
)

# The project's own copy first (it ships with the app), the shared reference data otherwise.
_CANDIDATES = (
    Path(__file__).resolve().parents[1] / "app" / "data" / "ghent",
    Path("/work/shared/data/ghent"),
)
DATA = next(path for path in _CANDIDATES if (path / "stadswijken-gent.geojson").exists())

SQUARE = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]
HOLE = [[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0], [4.0, 4.0]]


def _wijken() -> list[dict]:
    with open(DATA / "stadswijken-gent.geojson", encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _wijknr(feature: dict | None) -> int | None:
    return None if feature is None else int(feature["properties"]["wijknr"])


def test_point_in_polygon_with_hole():
    polygon = [SQUARE, HOLE]
    assert point_in_polygon(1.0, 1.0, polygon)
    assert not point_in_polygon(5.0, 5.0, polygon)  # in the hole
    assert point_in_polygon(5.0, 3.0, polygon)
    assert not point_in_polygon(11.0, 5.0, polygon)
    assert not point_in_polygon(-0.1, 5.0, polygon)


def test_concave_polygon():
    # A "U" shape: the notch between the arms is outside.
    u_shape = [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]]
    assert point_in_polygon(0.5, 2.5, u_shape)
    assert point_in_polygon(2.5, 2.5, u_shape)
    assert not point_in_polygon(1.5, 2.5, u_shape)
    assert point_in_polygon(1.5, 0.5, u_shape)


def test_multipolygon_and_find_feature():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [[SQUARE], [[[20, 0], [30, 0], [30, 10], [20, 0]]]],
    }
    assert point_in_geometry(25.0, 2.0, multi)
    assert not point_in_geometry(15.0, 2.0, multi)
    features = [
        {
            "type": "Feature",
            "properties": {"id": "a"},
            "geometry": {"type": "Polygon", "coordinates": [HOLE]},
        },
        {"type": "Feature", "properties": {"id": "b"}, "geometry": multi},
        {
            "type": "Feature",
            "properties": {"id": "c"},
            "geometry": {"type": "Point", "coordinates": [5, 5]},
        },
    ]
    assert find_feature(5.0, 5.0, features)["properties"]["id"] == "a"
    assert find_feature(1.0, 1.0, features)["properties"]["id"] == "b"
    assert find_feature(25.0, 2.0, with_bboxes(features[:2]))["properties"]["id"] == "b"
    assert find_feature(100.0, 100.0, features) is None


def test_bbox():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [[SQUARE], [[[20, -1], [30, 0], [30, 12], [20, -1]]]],
    }
    assert bbox(multi) == BBox(0.0, -1.0, 30.0, 12.0)
    # A stored GeoJSON bbox member wins over computing one.
    assert feature_bbox({"bbox": [1, 2, 3, 4], "geometry": multi}) == BBox(1, 2, 3, 4)


def test_every_wijk_centre_is_in_its_own_wijk():
    # Checked: every geo_point_2d lies inside its own (sometimes concave) polygon,
    # so no substitute points were needed.
    features = with_bboxes(_wijken())
    assert len(features) == 25
    for feature in features:
        centre = feature["properties"]["geo_point_2d"]
        assert _wijknr(find_feature(centre["lon"], centre["lat"], features)) == _wijknr(feature)


def test_wijken_csv_points_find_their_wijk():
    features = with_bboxes(_wijken())
    with open(DATA / "wijken.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 25
    for row in rows:
        found = find_feature(float(row["lon"]), float(row["lat"]), features)
        assert _wijknr(found) == int(row["wijknr"]), row["wijk"]


def test_brussels_is_in_no_wijk():
    assert find_feature(4.35, 50.85, _wijken()) is None
    assert find_feature(4.35, 50.85, with_bboxes(_wijken())) is None


def test_centroid_of_square_with_hole():
    assert centroid({"type": "Polygon", "coordinates": [SQUARE]}) == (5.0, 5.0)
    # An off-centre hole pushes the centroid away from it.
    off_hole = [[1.0, 1.0], [3.0, 1.0], [3.0, 3.0], [1.0, 3.0], [1.0, 1.0]]
    x, y = centroid({"type": "Polygon", "coordinates": [SQUARE, off_hole]})
    assert x > 5.0 and y > 5.0


def test_projection_flips_y_and_corrects_longitude():
    box = BBox(3.6, 51.0, 3.8, 51.2)
    projection = Projection.for_bbox(box, width=400)
    assert projection.project(3.6, 51.2) == (0.0, 0.0)  # north-west corner at the origin
    x, y = projection.project(3.8, 51.0)
    assert round(x, 6) == 400.0
    # 0.2 degrees of latitude are longer than 0.2 degrees of longitude at 51° N.
    assert y > x
    assert projection.height == y
    assert projection.view_box().startswith("0 0 400 ")


def test_polygon_to_svg_path_square():
    projection = Projection.for_bbox(BBox(0.0, 0.0, 10.0, 10.0), width=100)
    path = polygon_to_svg_path({"type": "Polygon", "coordinates": [SQUARE, HOLE]}, projection)
    assert path.count("M") == 2 and path.count("Z") == 2
    # y spans 100.4: the longitude correction cos(5°) makes the box a bit narrower than tall.
    assert path.startswith("M0 100.4L100 100.4L100 0L0 0Z")


def test_svg_paths_for_all_wijken_fit_the_canvas():
    features = _wijken()
    projection = Projection.for_bbox(features_bbox(features), width=600, padding=10)
    for feature in features:
        path = polygon_to_svg_path(feature["geometry"], projection)
        assert path.startswith("M") and path.endswith("Z")
        numbers = [
            float(value)
            for value in path.replace("M", " ").replace("L", " ").replace("Z", " ").split()
        ]
        xs, ys = numbers[0::2], numbers[1::2]
        assert min(xs) >= 0 and max(xs) <= 600
        assert min(ys) >= 0 and max(ys) <= projection.height
