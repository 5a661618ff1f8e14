"""PackageType and StockMovement: stock is the sum of a partner's movements, never a counter."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.organisations.models import Organisation

MOVEMENT_KINDS = {
    "received": _l("Ontvangen"),
    "handed_out": _l("Uitgedeeld"),
    "correction": _l("Correctie"),
    "transfer_in": _l("Overdracht ontvangen"),
    "transfer_out": _l("Overdracht gegeven"),
}


class PackageType(db.Model):
    __tablename__ = "package_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    contents: Mapped[str] = mapped_column(String(280), default="")
    age_band: Mapped[str] = mapped_column(String(20), default="")  # e.g. "3-5", "6-12"
    active: Mapped[bool] = mapped_column(default=True)


class StockMovement(db.Model):
    __tablename__ = "stock_movement"
    __table_args__ = (
        # Stock levels (sums per partner and package type) from the index alone; also serves
        # every lookup by organisation_id.
        Index("ix_stock_movement_levels", "organisation_id", "package_type_id", "quantity"),
        # A form sent twice (a double tap, a resend after a lost answer) is stored once.
        UniqueConstraint("form_id", "kind", name="uq_stock_movement_form_id_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    package_type_id: Mapped[int] = mapped_column(ForeignKey("package_type.id"), index=True)
    quantity: Mapped[int]  # positive adds to the stock, negative takes from it
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(200), default="")
    # Set for "handed_out": the visit that handed the packages over.
    visit_id: Mapped[str | None] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), index=True
    )
    # Set for transfers: the other partner.
    other_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # The id the form carried (a UUID made when the form was shown); none for handed-out packages,
    # which the visit's own id already guards.
    form_id: Mapped[str | None] = mapped_column(String(36))

    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    package_type: Mapped[PackageType] = relationship()
