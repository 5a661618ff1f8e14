"""Loading Ghent's wijken from the reference data kept in app/data/ghent/."""

import csv
import json
from functools import cache
from pathlib import Path

from app.extensions import db
from app.wijken.models import Wijk

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "ghent"


@cache
def geojson_features() -> tuple[dict, ...]:
    with open(DATA_DIR / "stadswijken-gent.geojson", encoding="utf-8") as fh:
        return tuple(json.load(fh)["features"])


def _csv_rows() -> list[dict]:
    with open(DATA_DIR / "wijken.csv", encoding="utf-8") as fh:
        return [
            {
                "number": int(row["wijknr"]),
                "name": row["wijk"],
                "district": row["stadsdeel"],
                "centre_lat": float(row["lat"]),
                "centre_lon": float(row["lon"]),
                "postcode": row["postcode_approx"],
            }
            for row in csv.DictReader(fh)
        ]


def load_wijken() -> int:
    """Create or update the 25 wijken; returns how many were created. Does not commit."""
    boundaries = {f["properties"]["wijknr"]: f["geometry"] for f in geojson_features()}
    existing = {w.number: w for w in db.session.scalars(db.select(Wijk))}
    created = 0
    for row in _csv_rows():
        wijk = existing.get(row["number"])
        if wijk is None:
            wijk = Wijk(number=row["number"])
            db.session.add(wijk)
            created += 1
        for key, value in row.items():
            setattr(wijk, key, value)
        wijk.boundary = boundaries[row["number"]]
    return created
