"""ShortLink and ScanCount: the printed QR code's stable address, and an anonymous daily counter."""

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.rounds.models import Round
from app.wijken.models import Wijk


class ShortLink(db.Model):
    """A code printed on paper. The code never changes; the target may (contract §5)."""

    __tablename__ = "short_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    # A path on our own site only (app.http.is_safe_local_url): never an open redirect.
    target: Mapped[str] = mapped_column(String(500))
    wijk_number: Mapped[int | None] = mapped_column(ForeignKey("wijk.number"), index=True)
    lang: Mapped[str] = mapped_column(String(8), default="nl")
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("visit_round.id", ondelete="SET NULL"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())

    wijk: Mapped[Wijk | None] = relationship(lazy="joined")
    round: Mapped[Round | None] = relationship()

    def __repr__(self) -> str:
        return f"<ShortLink {self.code} → {self.target}>"


class ScanCount(db.Model):
    """How often a link was scanned on a day. Only the number: never who, from where or how."""

    __tablename__ = "scan_count"
    __table_args__ = (UniqueConstraint("short_link_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    short_link_id: Mapped[int] = mapped_column(ForeignKey("short_link.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    count: Mapped[int] = mapped_column(default=0)
