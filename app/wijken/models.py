"""The Wijk model: Ghent's 25 official neighbourhoods."""

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Wijk(db.Model):
    __tablename__ = "wijk"

    # The official wijk number (1–25) is the key: names are spelled differently elsewhere.
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(80))
    district: Mapped[str] = mapped_column(String(80))
    centre_lat: Mapped[float]
    centre_lon: Mapped[float]
    postcode: Mapped[str] = mapped_column(String(4))
    # Deferred: the polygons are large and only the map and point-in-polygon need them.
    boundary: Mapped[dict] = mapped_column(
        JSON, deferred=True
    )  # GeoJSON Polygon or MultiPolygon, WGS84

    def __repr__(self) -> str:
        return f"<Wijk {self.number} {self.name!r}>"
