"""Changes to activities: submit, edit, moderate, withdraw. Each commits once and is audited.

Who changes a published activity matters: a coordinator's edit applies at once; a provider's (or
an anonymous submitter's) edit is kept in `pending_changes` and the public keeps seeing the
published version until a coordinator approves it.
"""

import secrets
from datetime import datetime

from flask import current_app

from app.audit.services import record
from app.extensions import db
from app.offers import places
from app.offers.fields import BY_NAME, FIELD_NAMES, from_json, to_json
from app.offers.models import Activity, ActivityCategory, ActivityWeek, hash_token
from app.season import season_for_year, weeks_between


def season_weeks_of(start_date, end_date) -> list[str]:
    """The season weeks an activity covers, in the season of its first day's year."""
    season = season_for_year(
        start_date.year, current_app.config["SEASON_START"], current_app.config["SEASON_END"]
    )
    return weeks_between(start_date, end_date, season)


def values_of(activity: Activity) -> dict:
    """The editable fields of an activity as they are stored now."""
    return {name: getattr(activity, name) for name in FIELD_NAMES}


def apply_values(activity: Activity, values: dict) -> None:
    """Set fields, keep the category and week rows in step. Does not commit.

    A new address brings its own map position unless the values carry one (UiTdatabank's).
    """
    address_before = (activity.street, activity.number, activity.postcode, activity.mobile)
    for name, value in values.items():
        if name == "categories":
            wanted = set(value)
            activity.category_rows = [r for r in activity.category_rows if r.code in wanted]
            have = {r.code for r in activity.category_rows}
            activity.category_rows += [ActivityCategory(code=c) for c in sorted(wanted - have)]
        elif name in BY_NAME or name in ("lat", "lon"):
            setattr(activity, name, value)
    if activity.free:
        activity.price_eur = None if activity.price_eur is None else 0
    if activity.mobile:
        activity.wijk_number = None
    moved = (activity.street, activity.number, activity.postcode, activity.mobile) != address_before
    if moved and values.get("lat") is None:
        activity.lat, activity.lon = (
            (None, None) if activity.mobile or not activity.street
            else places.position_of(activity.street, activity.number, activity.postcode)
        )
    wanted_weeks = set(season_weeks_of(activity.start_date, activity.end_date))
    activity.week_rows = [r for r in activity.week_rows if r.week in wanted_weeks]
    have_weeks = {r.week for r in activity.week_rows}
    activity.week_rows += [ActivityWeek(week=w) for w in sorted(wanted_weeks - have_weeks)]


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
    record("activity_changed", activity, fields=sorted(changed))
    db.session.commit()
    return "applied"


def publish(activity: Activity, *, wijk: int | None = None) -> None:
    """Publish; `wijk` places an activity that had none (moderation asks for that choice)."""
    if wijk is not None:
        activity.wijk_number = wijk
    activity.status = "published"
    activity.rejection_reason = ""
    activity.published_at = datetime.now()
    record("activity_published", activity, wijk=activity.wijk_number)
    db.session.commit()


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


def approve_changes(activity: Activity) -> None:
    changed = activity.pending_changes or {}
    apply_values(activity, pending_values(activity))
    activity.pending_changes = None
    record("activity_changes_approved", activity, fields=sorted(changed))
    db.session.commit()


def discard_changes(activity: Activity) -> None:
    activity.pending_changes = None
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
    record("activities_imported", None, object_type="activity", count=len(activities),
           status="published" if publish else "submitted",
           activity_ids=[a.id for a in activities],
           **({"held_without_wijk": waiting} if waiting else {}))
    db.session.commit()
    return len(activities), waiting
