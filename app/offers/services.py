"""Changes to activities: submit, edit, moderate, withdraw. Each commits once and is audited.

Who changes a published activity matters: a coordinator's edit applies at once; a provider's (or
an anonymous submitter's) edit is kept in `pending_changes` and the public keeps seeing the
published version until a coordinator approves it.
"""

import secrets
from datetime import datetime
from decimal import Decimal

from flask import current_app

from app.audit.services import record
from app.extensions import db
from app.offers import places
from app.offers.fields import BY_NAME, FIELD_NAMES, from_json, to_json
from app.offers.models import (
    Activity,
    ActivityCategory,
    ActivitySession,
    ActivityWeek,
    hash_token,
)
from app.offers.sessions import from_schedule, ordered, season_days, weeks_of

# The fields that describe when a day activity takes place; a change to any of them makes its
# sessions anew (an import gives its sessions itself).
SCHEDULE_FIELDS = ("start_date", "end_date", "weekdays", "start_time", "end_time", "overnight")


def season_weeks_of(sessions) -> list[str]:
    """The ISO weeks of the days with a session within the season (contract §8)."""
    config = current_app.config
    return weeks_of(season_days(sessions, config["SEASON_START"], config["SEASON_END"]))


def now() -> datetime:
    return datetime.now()


def money(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def values_of(activity: Activity) -> dict:
    """The editable fields of an activity as they are stored now."""
    return {name: getattr(activity, name) for name in FIELD_NAMES}


def apply_values(activity: Activity, values: dict) -> None:
    """Set fields, keep the category, session and week rows in step. Does not commit.

    A new address brings its own map position unless the values carry one (UiTdatabank's).
    """
    schedule_before = {name: getattr(activity, name) for name in SCHEDULE_FIELDS}
    address_before = (activity.street, activity.number, activity.postcode, activity.mobile)
    for name, value in values.items():
        if name == "categories":
            wanted = set(value)
            activity.category_rows = [r for r in activity.category_rows if r.code in wanted]
            have = {r.code for r in activity.category_rows}
            activity.category_rows += [ActivityCategory(code=c) for c in sorted(wanted - have)]
        elif name == "sessions":
            continue
        elif name in BY_NAME or name in ("lat", "lon"):
            setattr(activity, name, value)
    if activity.free:
        activity.price_eur = None if activity.price_eur is None else Decimal(0)
    if activity.mobile:
        activity.wijk_number = None
    moved = (activity.street, activity.number, activity.postcode, activity.mobile) != address_before
    if moved and values.get("lat") is None:
        activity.lat, activity.lon = (
            (None, None)
            if activity.mobile or not activity.street
            else places.position_of(activity.street, activity.number, activity.postcode)
        )
    if values.get("sessions") is not None:
        _set_sessions(activity, values["sessions"])
    elif not activity.session_rows or any(
        getattr(activity, name) != schedule_before[name] for name in SCHEDULE_FIELDS
    ):
        _set_sessions(
            activity,
            from_schedule(
                activity.start_date,
                activity.end_date,
                activity.weekdays,
                activity.start_time,
                activity.end_time,
                activity.overnight,
            ),
        )
    wanted_weeks = set(season_weeks_of(activity.sessions))
    activity.week_rows = [r for r in activity.week_rows if r.week in wanted_weeks]
    have_weeks = {r.week for r in activity.week_rows}
    activity.week_rows += [ActivityWeek(week=w) for w in sorted(wanted_weeks - have_weeks)]


def _set_sessions(activity: Activity, sessions) -> None:
    wanted = ordered(sessions)
    if wanted == ordered(activity.sessions):
        return
    activity.session_rows = [
        ActivitySession(day=s.day, end_day=s.end_day, start_time=s.start_time, end_time=s.end_time)
        for s in wanted
    ]


def differences(activity: Activity, values: dict) -> dict:
    """Fields whose new value differs from the stored one, as JSON-safe values."""
    current = values_of(activity)
    changed = {}
    for name, value in values.items():
        if name not in BY_NAME:
            continue
        kind = BY_NAME[name].kind
        if to_json(kind, current[name]) != to_json(kind, value):
            changed[name] = to_json(kind, value)
    return changed


def pending_values(activity: Activity) -> dict:
    """The waiting changes, back as Python values."""
    return {
        name: from_json(BY_NAME[name].kind, value)
        for name, value in (activity.pending_changes or {}).items()
        if name in BY_NAME
    }


def complete_place(values: dict) -> dict:
    """Fill in the wijk (and position) from the address when the submitter left them open.

    Forms and the spreadsheet resolved the address already (app.offers.places.resolve); this
    only fills gaps, from what is known without asking the register.
    """
    if values.get("mobile") or values.get("wijk_number") is not None:
        return values
    return places.resolve(values, online=False).values


def new_activity(values: dict, *, status="submitted", organisation=None, call=None) -> Activity:
    activity = Activity(
        status=status,
        provider_organisation=organisation,
        call_id=call.id if call else None,
        title_i18n={},
        description_i18n={},
    )
    values = complete_place(values)
    for name in ("title", "provider_name", "start_date", "end_date"):
        setattr(activity, name, values[name])
    apply_values(activity, values)
    if status == "published":
        activity.published_at = datetime.now()
    db.session.add(activity)
    return activity


def create_activity(values: dict, *, organisation=None, call=None, publish=False) -> Activity:
    """A provider's or coordinator's new activity; a coordinator's may be published at once."""
    activity = new_activity(
        values, status="published" if publish else "submitted", organisation=organisation
    )
    db.session.flush()
    record("activity_created", activity, status=activity.status)
    db.session.commit()
    return activity


def submit_through_call(values: dict, call) -> tuple[Activity, str]:
    """An anonymous submission; returns the activity and its private edit token (once)."""
    activity = new_activity(values, call=call)
    token = secrets.token_urlsafe(24)
    activity.edit_token_hash = hash_token(token)
    db.session.flush()
    record("activity_submitted", activity, call_id=call.id)
    db.session.commit()
    return activity, token


def change_activity(activity: Activity, values: dict, *, by_moderator: bool) -> str:
    """Apply or propose a change; returns "applied", "pending" or "unchanged"."""
    changed = differences(activity, complete_place(values))
    if not changed:
        return "unchanged"
    if activity.status == "published" and not by_moderator:
        activity.pending_changes = changed
        record("activity_change_proposed", activity, fields=sorted(changed))
        db.session.commit()
        return "pending"
    apply_values(activity, {n: from_json(BY_NAME[n].kind, v) for n, v in changed.items()})
    if activity.status == "rejected" and not by_moderator:
        activity.status = "submitted"  # edited after a rejection: a coordinator looks again
    if by_moderator:
        _answered(activity, changed)
    record("activity_changed", activity, fields=sorted(changed))
    db.session.commit()
    return "applied"


# A review reason is answered when a coordinator sets the field it is about.
_ANSWERED_BY = {
    "age_unknown": ("age_min", "age_max"),
    "wijk_unknown": ("wijk_number", "mobile"),
    "category_unknown": ("categories",),
}


def _answered(activity: Activity, changed: dict) -> None:
    activity.review_reasons = [
        reason
        for reason in activity.review_reasons or []
        if not set(_ANSWERED_BY.get(reason, ())) & set(changed)
    ]


def publish(activity: Activity, *, wijk: int | None = None) -> bool:
    """Publish, unless a question that must be answered first is still open (returns False).

    `wijk` places an activity that had none (moderation asks for that choice).
    """
    if not activity.publishable:
        return False
    if wijk is not None:
        activity.wijk_number = wijk
    activity.status = "published"
    activity.rejection_reason = ""
    activity.published_at = datetime.now()
    # Publishing is the coordinator's answer to what was still to be looked at.
    activity.review_reasons = ["coordinator_edits"] if activity.pending_changes else []
    record("activity_published", activity, **({"wijk": wijk} if wijk is not None else {}))
    db.session.commit()
    return True


def reject(activity: Activity, reason: str) -> None:
    activity.status = "rejected"
    activity.rejection_reason = reason.strip()
    activity.pending_changes = None
    record("activity_rejected", activity)
    db.session.commit()


def withdraw(activity: Activity) -> None:
    activity.status = "withdrawn"
    activity.pending_changes = None
    record("activity_withdrawn", activity)
    db.session.commit()


def withdraw_imported(activity: Activity) -> None:
    """Cancelled in UiTdatabank: families must no longer see it. The import commits."""
    activity.status = "withdrawn"
    activity.pending_changes = None
    activity.review_reasons = []
    record("activity_withdrawn", activity, source="uitdatabank")


def _changes_decided(activity: Activity) -> None:
    activity.pending_changes = None
    activity.review_reasons = [r for r in activity.review_reasons or [] if r != "coordinator_edits"]


def approve_changes(activity: Activity) -> None:
    changed = activity.pending_changes or {}
    apply_values(activity, pending_values(activity))
    _changes_decided(activity)
    _answered(activity, changed)
    record("activity_changes_approved", activity, fields=sorted(changed))
    db.session.commit()


def discard_changes(activity: Activity) -> None:
    _changes_decided(activity)
    record("activity_changes_discarded", activity)
    db.session.commit()


def import_activities(rows: list[dict], *, publish: bool) -> tuple[int, int]:
    """Store every row of a checked spreadsheet at once: all of them, or (on error) none.

    With `publish`, a row without a wijk still waits for a coordinator's choice in moderation.
    Returns (stored, waiting for a wijk).
    """
    activities, waiting = [], 0
    for values in rows:
        held = publish and places.needs_wijk(values)
        waiting += held
        status = "published" if publish and not held else "submitted"
        activities.append(new_activity(values, status=status))
    db.session.flush()
    record(
        "activities_imported",
        None,
        object_type="activity",
        count=len(activities),
        status="published" if publish else "submitted",
        activity_ids=[a.id for a in activities],
        **({"held_without_wijk": waiting} if waiting else {}),
    )
    db.session.commit()
    return len(activities), waiting
