"""The summer offer: activities with their categories and season weeks, calls for offer, tips."""

import hashlib
from datetime import date, datetime, time
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.offers.codes import CATEGORIES
from app.offers.sessions import Session, days_of, season_days
from app.organisations.models import Organisation
from app.wijken.models import Wijk

STATUSES = {
    "submitted": _l("Ingediend"),
    "published": _l("Gepubliceerd"),
    "rejected": _l("Afgewezen"),
    "withdrawn": _l("Ingetrokken"),
}
TIP_KINDS = {"outdoor": _l("Buiten spelen"), "rainy_day": _l("Regenweer")}
# Why an activity waits for a coordinator although nothing was wrong with the submission itself
# (UiTdatabank imports): codes kept on the activity, shown in the staff's language.
REVIEW_REASONS = {
    "age_unknown": _l("De leeftijd staat niet in UiTdatabank: vul ze in voor je publiceert."),
    "wijk_unknown": _l("We vonden de wijk van dit adres niet: kies ze voor je publiceert."),
    "category_unknown": _l("Geen soort activiteit af te leiden uit UiTdatabank: kies er een."),
    "no_dates": _l("Vast aanbod zonder data in UiTdatabank: kijk na of het in de zomer loopt."),
    "coordinator_edits": _l(
        "UiTdatabank wijzigde velden die een coördinator had aangepast: kies wat blijft."
    ),
}
# A question that must be answered before the activity can be published.
BLOCKING_REASONS = frozenset({"age_unknown"})


def hash_token(token: str) -> str:
    """Edit tokens are stored as a hash: a leaked database must not open every edit link."""
    return hashlib.sha256(token.encode()).hexdigest()


class Activity(db.Model):
    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    # Other languages than the main text ({"fr": "…"}); UiTdatabank sends them.
    title_i18n: Mapped[dict] = mapped_column(JSON, default=dict)
    description_i18n: Mapped[dict] = mapped_column(JSON, default=dict)
    provider_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    provider_name: Mapped[str] = mapped_column(String(160))  # shown to the public
    # Private: only coordinators and the provider see these.
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    age_min: Mapped[int] = mapped_column(default=0)
    age_max: Mapped[int] = mapped_column(default=12)
    start_date: Mapped[date] = mapped_column(index=True)
    end_date: Mapped[date]
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    weekdays: Mapped[str] = mapped_column(String(7), default="12345")  # ISO weekday digits
    overnight: Mapped[bool] = mapped_column(default=False, index=True)
    location_name: Mapped[str] = mapped_column(String(160), default="")
    street: Mapped[str] = mapped_column(String(120), default="")
    number: Mapped[str] = mapped_column(String(20), default="")
    postcode: Mapped[str] = mapped_column(String(4), default="")
    wijk_number: Mapped[int | None] = mapped_column(ForeignKey("wijk.number"), index=True)
    mobile: Mapped[bool] = mapped_column(default=False)  # in several wijken / on the move
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    price_eur: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    free: Mapped[bool] = mapped_column(default=False, index=True)
    kansentarief: Mapped[bool] = mapped_column(default=False)
    kansentarief_price_eur: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    registration_url: Mapped[str] = mapped_column(String(500), default="")
    registration_phone: Mapped[str] = mapped_column(String(40), default="")
    registration_email: Mapped[str] = mapped_column(String(254), default="")
    registration_deadline: Mapped[date | None]
    places: Mapped[int | None]
    full: Mapped[bool] = mapped_column(default=False)
    # Children take part for free (a children's tariff of 0), even when others pay `price_eur`.
    children_free: Mapped[bool] = mapped_column(default=False)
    childcare_before: Mapped[bool] = mapped_column(default=False)
    childcare_after: Mapped[bool] = mapped_column(default=False)
    staff_languages: Mapped[str] = mapped_column(String(120), default="")  # "nl, fr, tr"
    wheelchair_access: Mapped[bool] = mapped_column(default=False)
    taalstimulering: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(12), default="submitted", index=True)
    rejection_reason: Mapped[str] = mapped_column(String(500), default="")
    # Changes to a published activity wait here ({field: new value, JSON-safe}) until a
    # coordinator approves them; the public keeps seeing the published columns meanwhile.
    pending_changes: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    external_id: Mapped[str | None] = mapped_column(String(300), unique=True)  # UiTdatabank @id
    # What the last UiTdatabank import wrote ({field: JSON value}): a field that differs from it
    # now was changed here since, and a new import must not overwrite that change unasked.
    imported_values: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    review_reasons: Mapped[list] = mapped_column(JSON, default=list)  # REVIEW_REASONS codes
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("offer_call.id", ondelete="SET NULL"), index=True
    )
    edit_token_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
    published_at: Mapped[datetime | None]

    provider_organisation: Mapped[Organisation | None] = relationship()
    wijk: Mapped[Wijk | None] = relationship()
    category_rows: Mapped[list["ActivityCategory"]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityCategory.code"
    )
    week_rows: Mapped[list["ActivityWeek"]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityWeek.week"
    )
    session_rows: Mapped[list["ActivitySession"]] = relationship(
        cascade="all, delete-orphan",
        order_by="(ActivitySession.day, ActivitySession.start_time, ActivitySession.id)",
    )

    @property
    def categories(self) -> list[str]:
        return [row.code for row in self.category_rows]

    @property
    def weeks(self) -> list[str]:
        return [row.week for row in self.week_rows]

    @property
    def category_labels(self) -> list[str]:
        return [str(CATEGORIES[c]) for c in self.categories if c in CATEGORIES]

    @property
    def status_label(self) -> str:
        return str(STATUSES.get(self.status, self.status))

    @property
    def sessions(self) -> list[Session]:
        return [row.as_session() for row in self.session_rows]

    @property
    def days(self) -> list[date]:
        """Every date with a session, within the season or not."""
        return days_of(self.sessions)

    def days_in_season(self, start_mmdd: tuple[int, int], end_mmdd: tuple[int, int]) -> list[date]:
        return season_days(self.sessions, start_mmdd, end_mmdd)

    @property
    def review_reason_labels(self) -> list[str]:
        return [str(REVIEW_REASONS[c]) for c in self.review_reasons or [] if c in REVIEW_REASONS]

    @property
    def publishable(self) -> bool:
        """No question is open that must be answered before families may see it."""
        return not BLOCKING_REASONS & set(self.review_reasons or [])

    @property
    def is_camp(self) -> bool:
        return "camp" in self.categories

    def title_in(self, lang: str) -> str:
        return (self.title_i18n or {}).get(lang) or self.title

    def description_in(self, lang: str) -> str:
        return (self.description_i18n or {}).get(lang) or self.description

    def check_edit_token(self, token: str) -> bool:
        import hmac

        return bool(self.edit_token_hash) and hmac.compare_digest(
            self.edit_token_hash, hash_token(token)
        )

    def __repr__(self) -> str:
        return f"<Activity {self.id} {self.title!r} {self.status}>"


class ActivityCategory(db.Model):
    """One row per category code, so that SQL can filter and count by category."""

    __tablename__ = "activity_category"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class ActivitySession(db.Model):
    """One real session of an activity (app/offers/sessions.py): its dates and its hours."""

    __tablename__ = "activity_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(index=True)
    end_day: Mapped[date]
    start_time: Mapped[time | None]  # None: whole days
    end_time: Mapped[time | None]

    def as_session(self) -> Session:
        return Session(self.day, self.end_day, self.start_time, self.end_time)


class ActivityWeek(db.Model):
    """The ISO weeks with a session on a day within the season, kept in step by the services."""

    __tablename__ = "activity_week"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    week: Mapped[str] = mapped_column(String(8), primary_key=True, index=True)  # "2027-W28"


class Call(db.Model):
    """A call for offer: anyone with its secret link may submit activities."""

    __tablename__ = "offer_call"

    id: Mapped[int] = mapped_column(primary_key=True)
    season_year: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(160))
    message: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None]
    # Kept in clear on purpose: coordinators must be able to show and resend the link.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    open: Mapped[bool] = mapped_column(default=True)
    target_weeks: Mapped[list] = mapped_column(JSON, default=list)
    target_categories: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    wijk_rows: Mapped[list["CallWijk"]] = relationship(
        cascade="all, delete-orphan", order_by="CallWijk.wijk_number"
    )

    @property
    def target_wijken(self) -> list[int]:
        return [row.wijk_number for row in self.wijk_rows]

    def accepts_on(self, today: date) -> bool:
        return self.open and (self.deadline is None or today <= self.deadline)


class CallSending(db.Model):
    """One provider's copy of a call by e-mail: sent (when), or not (why)."""

    __tablename__ = "offer_call_sending"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("offer_call.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    email: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[datetime | None]  # None: not delivered to the mail server
    error: Mapped[str | None] = mapped_column(String(200))
    attempted_at: Mapped[datetime]


class CallWijk(db.Model):
    __tablename__ = "offer_call_wijk"

    call_id: Mapped[int] = mapped_column(
        ForeignKey("offer_call.id", ondelete="CASCADE"), primary_key=True
    )
    wijk_number: Mapped[int] = mapped_column(ForeignKey("wijk.number"), primary_key=True)


class Tip(db.Model):
    """A tip for families: playing outside or on a rainy day."""

    __tablename__ = "tip"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    text: Mapped[str] = mapped_column(Text)
    # The same in the families' other languages ({"ar": "…"}); a missing one shows the Dutch.
    title_i18n: Mapped[dict] = mapped_column(JSON, default=dict)
    text_i18n: Mapped[dict] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    age_min: Mapped[int] = mapped_column(default=0)
    age_max: Mapped[int] = mapped_column(default=12)
    published: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # So that /tips knows when an edited tip (a new translation) makes it a new page.
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())

    @property
    def kind_label(self) -> str:
        return str(TIP_KINDS.get(self.kind, self.kind))

    def title_in(self, lang: str) -> str | None:
        """The title in `lang`, or None when there is none (the page then shows the Dutch)."""
        return (self.title_i18n or {}).get(lang) or None

    def text_in(self, lang: str) -> str | None:
        return (self.text_i18n or {}).get(lang) or None
