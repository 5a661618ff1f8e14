"""The FollowUp model."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.extensions import db
from app.households.models import Household
from app.organisations.models import Organisation
from app.visits.codes import FOLLOW_UP_KINDS, NOTE_MAX_LENGTH

FOLLOW_UP_STATUSES = {"open": _l("Open"), "closed": _l("Afgerond")}


class FollowUp(db.Model):
    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[str | None] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), unique=True
    )
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    # The worker's organisation: it sees and handles the follow-up with the coordinators.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(NOTE_MAX_LENGTH), default="")
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    outcome: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    closed_at: Mapped[datetime | None]

    household: Mapped[Household] = relationship()
    organisation: Mapped[Organisation] = relationship()
    assigned_to: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        return str(FOLLOW_UP_KINDS.get(self.kind, self.kind))
