"""Checking one visit as a client sends it (contract §6) before anything is stored.

Split in two: what can be checked without the stop (the payload's own shape and codes), and
what needs the stop's round. A stop the caller may not visit is answered before the second
part runs, so that another worker's stop and a stop that does not exist look exactly alike.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.database import is_record_id
from app.visits.clock import parse_moment
from app.visits.codes import (
    CLOSING_OUTCOMES,
    FOLLOW_UP_KINDS,
    INFO_GIVEN,
    INTERESTS,
    NOTE_MAX_LENGTH,
    OUTCOMES,
)

MAX_QUANTITY = 20

NO_STOP = _l("Deze stop bestaat niet of staat niet op een route van jou.")


@dataclass
class CleanVisit:
    """A payload's values once they are known to be well formed."""

    id: str = ""
    stop_id: int | None = None
    occurred_at: datetime | None = None  # naive UTC, as the phone's clock said it
    outcome: str = ""
    flyer_left: bool = False
    packages: list[tuple[int, int]] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    info_given: list[str] = field(default_factory=list)
    follow_up: tuple[str, str] | None = None
    notes: str = ""
    language_used: str = ""
    consent: bool | None = None  # extension of §6: the family's consent, asked at the door
    clock_offset_s: int = 0  # added to the phone's time once the round is known (clock.py)


def canonical_uuid(value) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return None


def _known(value, allowed: dict) -> bool:
    """A code from the list; a list or object sent as a code is simply not one (no TypeError)."""
    return isinstance(value, str) and value in allowed


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_time(value, errors: dict) -> datetime | None:
    # Only the form is checked here: a time off by the phone's clock is corrected, never refused
    # (app/visits/clock.py).
    moment = parse_moment(value)
    if moment is None:
        errors["occurred_at"] = str(_l("Geef het tijdstip als ISO 8601-datum en -tijd."))
    return moment


def _codes(payload: dict, key: str, allowed: dict, errors: dict) -> list[str]:
    value = payload.get(key) or []
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        errors[key] = str(_l("Geef een lijst van codes."))
        return []
    unknown = [code for code in value if code not in allowed]
    if unknown:
        errors[key] = str(_l("Onbekende code: %(codes)s.", codes=", ".join(unknown)))
        return []
    return list(dict.fromkeys(value))


def _packages(payload: dict, errors: dict) -> list[tuple[int, int]]:
    value = payload.get("packages") or []
    message = _l("Geef pakketjes als lijst van {package_type_id, quantity}; 1 tot 20 per soort.")
    if not isinstance(value, list):
        errors["packages"] = str(message)
        return []
    packages: dict[int, int] = {}
    for item in value:
        if not (
            isinstance(item, dict)
            and _is_int(item.get("package_type_id"))
            and _is_int(item.get("quantity"))
            and 1 <= item["quantity"] <= MAX_QUANTITY
            and item["package_type_id"] not in packages
        ):
            errors["packages"] = str(message)
            return []
        packages[item["package_type_id"]] = item["quantity"]
    return list(packages.items())


def _follow_up(payload: dict, errors: dict) -> tuple[str, str] | None:
    value = payload.get("follow_up")
    if value is None:
        return None
    if (
        not isinstance(value, dict)
        or not _known(value.get("kind"), FOLLOW_UP_KINDS)
        or not isinstance(value.get("note", ""), str)
        or len(value.get("note") or "") > NOTE_MAX_LENGTH
    ):
        errors["follow_up"] = str(
            _l(
                "Kies een soort opvolging; de notitie is hoogstens %(max)d tekens.",
                max=NOTE_MAX_LENGTH,
            )
        )
        return None
    return value["kind"], (value.get("note") or "").strip()


def check_payload(payload) -> tuple[CleanVisit, dict]:
    """What a payload says on its own: shape, codes, lengths, time. Returns (visit, errors)."""
    errors: dict[str, str] = {}
    visit = CleanVisit()
    if not isinstance(payload, dict):
        return visit, {"visit": str(_l("Een bezoek is een JSON-object."))}
    visit.id = canonical_uuid(payload.get("id")) or ""
    if not visit.id:
        errors["id"] = str(_l("Geef een UUID als id."))
    if is_record_id(payload.get("stop_id")):
        visit.stop_id = payload["stop_id"]
    else:  # no such stop, whatever the number: the same answer as for another worker's stop
        errors["stop_id"] = str(NO_STOP)
    visit.occurred_at = _parse_time(payload.get("occurred_at"), errors)
    visit.outcome = payload.get("outcome") if _known(payload.get("outcome"), OUTCOMES) else ""
    if not visit.outcome:
        errors["outcome"] = str(_l("Kies een uitkomst: %(codes)s.", codes=", ".join(OUTCOMES)))
    flyer = payload.get("flyer_left", False)
    if not isinstance(flyer, bool):
        errors["flyer_left"] = str(_l("Geef waar of onwaar."))
    visit.flyer_left = flyer is True
    visit.packages = _packages(payload, errors)
    visit.interests = _codes(payload, "interests", INTERESTS, errors)
    visit.info_given = _codes(payload, "info_given", INFO_GIVEN, errors)
    visit.follow_up = _follow_up(payload, errors)
    notes = payload.get("notes") or ""
    if not isinstance(notes, str) or len(notes) > NOTE_MAX_LENGTH:
        errors["notes"] = str(_l("Een notitie is hoogstens %(max)d tekens.", max=NOTE_MAX_LENGTH))
    else:
        visit.notes = notes.strip()
    language = payload.get("language_used") or ""
    if not isinstance(language, str) or len(language) > 8:
        errors["language_used"] = str(_l("Geef een taalcode."))
    else:
        visit.language_used = language
    consent = payload.get("consent")
    if consent is not None and not isinstance(consent, bool):
        errors["consent"] = str(_l("Geef waar of onwaar."))
    visit.consent = consent if isinstance(consent, bool) else None
    if visit.outcome and visit.outcome != "contact":
        # Packages, wishes and promises need someone at the door.
        for key in ("packages", "interests", "follow_up"):
            if getattr(visit, key) and key not in errors:
                errors[key] = str(_l("Alleen bij een contact."))
    return visit, errors


def check_against_round(visit: CleanVisit, round_, errors: dict) -> None:
    """What needs the stop's round: its package types."""
    allowed = {package_type.id for package_type in round_.package_types}
    if any(type_id not in allowed for type_id, _ in visit.packages):
        errors["packages"] = str(_l("Deze ronde deelt dat pakketje niet uit."))


def has_content(visit: CleanVisit) -> bool:
    """Does the visit say more than "nobody opened"? Then it is worth keeping when its stop is
    gone: a door that closed the round, something handed out, or what the family said."""
    return bool(
        visit.outcome in CLOSING_OUTCOMES
        or visit.packages
        or visit.interests
        or visit.follow_up
        or visit.notes
    )
