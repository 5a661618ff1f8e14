"""Visit and VisitInterest: one doorstep contact, identified by the UUID the phone gave it; and
UnplacedVisit: a visit the server could not put at its stop, kept until someone places it."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.visits.codes import NOTE_MAX_LENGTH


class Visit(db.Model):
    __tablename__ = "visit"
    __table_args__ = (
        # The round dashboard: a round's visits per stop in time order, read from the index alone
        # (also serves every lookup by round_id, so round_id needs no index of its own).
        Index("ix_visit_round_stop", "round_id", "stop_id", "occurred_at"),
        # Coverage: the visits of a demand window with their household and id, from the index
        # alone (also serves every lookup by occurred_at).
        Index("ix_visit_occurred_household", "occurred_at", "household_id", "id"),
    )

    # The client's UUID: the primary key makes a resent or concurrent duplicate impossible.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    stop_id: Mapped[int] = mapped_column(ForeignKey("stop.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("visit_round.id", ondelete="CASCADE"))
    worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    occurred_at: Mapped[datetime]  # when it happened at the door, on the server's clock
    # Seconds added to the time the phone gave, because the phone's clock was off (app/visits/
    # clock.py); 0 when it was right or the server made the time itself.
    clock_offset_s: Mapped[int] = mapped_column(default=0, server_default="0")
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())
    outcome: Mapped[str] = mapped_column(String(12), index=True)
    flyer_left: Mapped[bool] = mapped_column(default=False)
    info_given: Mapped[list] = mapped_column(JSON, default=list)
    language_used: Mapped[str] = mapped_column(String(8), default="")
    notes: Mapped[str] = mapped_column(String(NOTE_MAX_LENGTH), default="")
    # The household's consent before this visit changed it (app/visits/consent.py), so that
    # undoing the visit puts it back; None when the visit left the consent as it was.
    consent_before: Mapped[str | None] = mapped_column(String(10))

    interests: Mapped[list["VisitInterest"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def interest_codes(self) -> list[str]:
        return [i.code for i in self.interests]


class VisitInterest(db.Model):
    """What the children would like to do, one row per code, so reports can count in SQL."""

    __tablename__ = "visit_interest"

    visit_id: Mapped[str] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class UnplacedVisit(db.Model):
    """A visit refused at its stop although the worker had that stop: it was taken off their
    route, moved to another route, or its round closed. What the family said is kept here until
    the coordinator (or the worker, at one of their own stops) attaches it to the household's
    stop, or discards it (app/visits/unplaced.py). The id is the phone's UUID, so resending it
    keeps one copy, and attaching it makes the visit with that same id.
    """

    __tablename__ = "unplaced_visit"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # An erased household takes its unplaced visits with it.
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(ForeignKey("visit_round.id", ondelete="CASCADE"))
    stop_id: Mapped[int]  # the stop it was meant for; it may no longer exist
    worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(20))  # a key of app.visits.rejections.REASONS
    occurred_at: Mapped[datetime]
    clock_offset_s: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[str] = mapped_column(String(12))
    flyer_left: Mapped[bool] = mapped_column(default=False)
    consent: Mapped[bool | None]
    # packages, interests, info_given, follow_up, notes, language_used, as the phone sent them
    # (what needs the family's consent is already left out).
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())

    household = relationship("Household", lazy="joined", viewonly=True)
    worker = relationship("User", viewonly=True)


class UndoneVisit(db.Model):
    """A visit its worker took back within minutes of a wrong tap (app/visits/undo.py). The id
    stays known, so that a phone sending that visit again hears "already stored" and the visit
    does not come back: every visit id is stored at most once, even after an undo."""

    __tablename__ = "undone_visit"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    stop_id: Mapped[int]  # no foreign key: the stop may be deleted later, the id must stay known
    worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    undone_at: Mapped[datetime] = mapped_column(server_default=func.now())
