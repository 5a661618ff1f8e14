"""Round, Route and Stop: a campaign of visits, cut into walkable routes of ordered stops."""

import datetime as dt
import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Index, String, Table, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.extensions import db
from app.households.models import Household
from app.stock.models import PackageType
from app.wijken.models import Wijk

ROUND_STATUSES = {"draft": _l("Ontwerp"), "active": _l("Lopend"), "closed": _l("Afgesloten")}

round_wijk = Table(
    "round_wijk",
    db.metadata,
    Column("round_id", ForeignKey("visit_round.id", ondelete="CASCADE"), primary_key=True),
    Column("wijk_number", ForeignKey("wijk.number"), primary_key=True),
)
round_package_type = Table(
    "round_package_type",
    db.metadata,
    Column("round_id", ForeignKey("visit_round.id", ondelete="CASCADE"), primary_key=True),
    Column("package_type_id", ForeignKey("package_type.id"), primary_key=True),
)
route_worker = Table(
    "route_worker",
    db.metadata,
    Column("route_id", ForeignKey("route.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id"), primary_key=True, index=True),
)


def route_order(name: str, route_id: int) -> tuple:
    """Routes in the order a person counts them: "Route 2" before "Route 10", then by creation.

    The one place this rule lives: the round page, its planning screen and its dashboard use it.
    """
    parts = re.split(r"(\d+)", name.casefold())
    return (tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p), route_id)


class Round(db.Model):
    __tablename__ = "visit_round"  # "round" is an SQL function name

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    max_attempts: Mapped[int] = mapped_column(default=3)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
    closed_at: Mapped[dt.datetime | None]  # the retention period counts from here

    wijken: Mapped[list[Wijk]] = relationship(secondary=round_wijk, order_by=Wijk.number)
    package_types: Mapped[list[PackageType]] = relationship(secondary=round_package_type)
    routes: Mapped[list["Route"]] = relationship(
        back_populates="round", order_by="Route.id", cascade="all, delete-orphan"
    )

    @property
    def status_label(self) -> str:
        return str(ROUND_STATUSES.get(self.status, self.status))

    @property
    def routes_in_order(self) -> list["Route"]:
        """Route 1, 2, … 10: the order people count them in (see Route.order_key)."""
        return sorted(self.routes, key=lambda route: route.order_key)


class Route(db.Model):
    __tablename__ = "route"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("visit_round.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    date: Mapped[dt.date | None] = mapped_column(index=True)

    round: Mapped[Round] = relationship(back_populates="routes")
    workers: Mapped[list[User]] = relationship(secondary=route_worker, order_by=User.name)
    stops: Mapped[list["Stop"]] = relationship(back_populates="route", order_by="Stop.position")

    @property
    def order_key(self) -> tuple:
        return route_order(self.name, self.id)


class Stop(db.Model):
    """A household in a round; on a route once the round is cut. Status mirrors the last visit."""

    __tablename__ = "stop"
    __table_args__ = (
        UniqueConstraint("round_id", "household_id"),
        # The round dashboard counts a round's stops per route and status from this index alone.
        Index("ix_stop_round_route_status", "round_id", "route_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("visit_round.id", ondelete="CASCADE"), index=True
    )
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    route_id: Mapped[int | None] = mapped_column(
        ForeignKey("route.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    # "open" until a visit is logged, then the last visit's outcome (contract §6).
    status: Mapped[str] = mapped_column(String(12), default="open")
    attempts: Mapped[int] = mapped_column(default=0)
    # Closed: no further attempt (contact made, refused, moved, or attempts used up).
    closed: Mapped[bool] = mapped_column(default=False)

    round: Mapped[Round] = relationship()
    route: Mapped[Route | None] = relationship(back_populates="stops")
    household: Mapped[Household] = relationship()

    @property
    def last_attempt(self) -> bool:
        """The next visit is the round's last try at this door: a "niet thuis" then leaves a
        flyer. The route page and the one-tap form read it here (issue 18)."""
        return self.attempts + 1 >= self.round.max_attempts


class StopDeparture(db.Model):
    """A stop that left one worker's route: taken off it, moved to another route, removed from
    the round, or the worker taken off the route. Kept so that a visit the worker logged before
    they knew can be answered with what happened (app/visits/rejections.py), while a stop the
    worker never had answers exactly like one that does not exist (contract §6).
    """

    __tablename__ = "stop_departure"
    __table_args__ = (Index("ix_stop_departure_stop_worker", "stop_id", "worker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stop_id: Mapped[int]  # no foreign key: the stop may have been deleted since
    route_id: Mapped[int]  # the route it left; no foreign key either
    round_id: Mapped[int] = mapped_column(ForeignKey("visit_round.id", ondelete="CASCADE"))
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    worker_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    left_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
