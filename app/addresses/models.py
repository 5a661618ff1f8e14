"""The one cache of address answers: what Flanders' address register said, and when."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

FOUND = "register"
UNKNOWN = "register-unknown"  # the register answered, and knows no such address


class AddressLookup(db.Model):
    """A remembered answer of the register for one address key (app.addresses.belgian)."""

    __tablename__ = "address_lookup"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    wijk_number: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(20))  # FOUND or UNKNOWN
    looked_up_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"<AddressLookup {self.key!r} {self.source}>"
