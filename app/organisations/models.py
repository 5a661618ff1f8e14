"""The Organisation model and its kinds."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

ORGANISATION_KINDS = {
    "huis_van_het_kind": _l("Huis van het Kind"),
    "childcare": _l("Kinderopvang"),
    "school": _l("School"),
    "youth_work": _l("Jeugdwerk"),
    "sport": _l("Sport"),
    "arts": _l("Kunst en cultuur"),
    "welfare": _l("Welzijn"),
    "neighbourhood_work": _l("Buurtwerk"),
    "other": _l("Andere"),
}


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(30), default="other")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    @property
    def kind_label(self) -> str:
        return str(ORGANISATION_KINDS.get(self.kind, self.kind))

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"
