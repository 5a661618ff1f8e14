"""The Household model: an address with a family, and the least that serves it (DOMAIN.md)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.organisations.models import Organisation
from app.wijken.models import Wijk

CONSENT = {
    "unknown": _l("Nog niet gevraagd"),
    "given": _l("Toestemming gegeven"),
    "refused": _l("Geen toestemming"),
}
AGE_BANDS = {
    "children_0_2": _l("0–2 jaar"),
    "children_3_5": _l("3–5 jaar"),
    "children_6_8": _l("6–8 jaar"),
    "children_9_12": _l("9–12 jaar"),
    "children_13_17": _l("13–17 jaar"),
}


class Household(db.Model):
    __tablename__ = "household"

    id: Mapped[int] = mapped_column(primary_key=True)
    street: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(12))
    number_sort: Mapped[int] = mapped_column(default=0)  # first number, for walking order
    box: Mapped[str] = mapped_column(String(10), default="")
    postcode: Mapped[str] = mapped_column(String(4))
    # Normalised address for near-duplicate detection (app.addresses.belgian.address_key).
    address_key: Mapped[str] = mapped_column(String(200), index=True)
    wijk_number: Mapped[int] = mapped_column(ForeignKey("wijk.number"), index=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    # Where lat/lon came from: "typed", or a source of app.addresses (register, crab, …).
    position_source: Mapped[str | None] = mapped_column(String(20))
    languages: Mapped[list] = mapped_column(JSON, default=list)  # language codes spoken at home
    children_0_2: Mapped[int] = mapped_column(default=0)
    children_3_5: Mapped[int] = mapped_column(default=0)
    children_6_8: Mapped[int] = mapped_column(default=0)
    children_9_12: Mapped[int] = mapped_column(default=0)
    children_13_17: Mapped[int] = mapped_column(default=0)
    # The partner that knows the family: the trusted face who rings the bell.
    partner_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), index=True
    )
    consent: Mapped[str] = mapped_column(String(10), default="unknown")
    do_not_visit: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(280), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
    # Set by the retention purge: the address is then reduced to its wijk.
    anonymised_at: Mapped[datetime | None]

    wijk: Mapped[Wijk] = relationship(lazy="joined")
    partner_organisation: Mapped[Organisation | None] = relationship()

    @property
    def address_line(self) -> str:
        box = f" bus {self.box}" if self.box else ""
        return f"{self.street} {self.number}{box}"

    @property
    def children_total(self) -> int:
        return sum(getattr(self, band) for band in AGE_BANDS)

    def __repr__(self) -> str:
        return f"<Household {self.id} {self.address_line}, {self.postcode}>"
