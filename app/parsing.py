"""Reading dates and times that arrive as text (JSON from phones and from UiTdatabank)."""

from datetime import date, datetime, time
from typing import TypeVar

Parsed = TypeVar("Parsed", date, datetime, time)


def parse_iso(value: object, kind: type[Parsed]) -> Parsed | None:
    """`value` read with `kind.fromisoformat` (kind: date, datetime or time), white space around
    it left out; None when it is not a string, or not such a value in ISO 8601."""
    if not isinstance(value, str):
        return None
    try:
        return kind.fromisoformat(value.strip())
    except ValueError:
        return None
