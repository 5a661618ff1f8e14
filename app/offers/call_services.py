"""Calls for offer and tips: the coordinators' own records. Each change commits once, audited."""

import secrets

from app.audit.services import record
from app.extensions import db
from app.offers.models import Call, CallWijk, Tip


def new_call_token() -> str:
    # 32 random bytes, url-safe: unguessable, and short enough to print or mail.
    return secrets.token_urlsafe(32)


def save_call(
    call: Call | None,
    *,
    title,
    message,
    season_year,
    deadline,
    target_wijken,
    open,
    target_weeks=None,
    target_categories=None,
    user=None,
) -> Call:
    created = call is None
    if created:
        call = Call(
            token=new_call_token(),
            created_by_id=getattr(user, "id", None),
            target_weeks=[],
            target_categories=[],
        )
        db.session.add(call)
    call.title = title.strip()
    call.message = message.strip()
    call.season_year = season_year
    call.deadline = deadline
    call.open = bool(open)
    if target_weeks is not None:
        call.target_weeks = sorted(set(target_weeks))
    if target_categories is not None:
        call.target_categories = sorted(set(target_categories))
    wanted = set(target_wijken or [])
    call.wijk_rows = [r for r in call.wijk_rows if r.wijk_number in wanted]
    have = {r.wijk_number for r in call.wijk_rows}
    call.wijk_rows += [CallWijk(wijk_number=n) for n in sorted(wanted - have)]
    db.session.flush()
    record("call_opened" if created else "call_changed", call, open=call.open)
    db.session.commit()
    return call


def save_tip(tip: Tip | None, **values) -> Tip:
    created = tip is None
    if created:
        tip = Tip()
        db.session.add(tip)
    for name, value in values.items():
        setattr(tip, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    record("tip_created" if created else "tip_changed", tip)
    db.session.commit()
    return tip


def delete_tip(tip: Tip) -> None:
    record("tip_deleted", tip)
    db.session.delete(tip)
    db.session.commit()
