"""Household import previews: the uploaded rows, kept between the preview and the confirmation.

A preview of hundreds of rows does not fit in the 4 kB session cookie, so the raw rows wait in
a JSON file under `instance/imports/` (or HOUSEHOLD_IMPORT_FOLDER), named by a random token and
tied to the user who uploaded it. The raw text (not the verdicts) is kept so that confirming
checks every row again against the households as they are then.

The files hold addresses and notes about families, so they are owner-only (0600, in a 0700
folder), they last a day (an older one is not opened any more, and `flask purge` removes what
is left), and erasing a household takes its address out of every waiting preview.
"""

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app

from app.households.duplicates import is_near_duplicate
from app.private_files import private_folder, write_private

KEEP_SECONDS = 24 * 3600
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


class PreviewExpired(LookupError):
    """The preview is gone: older than a day, or imported or removed since."""


def _folder() -> Path:
    configured = current_app.config.get("HOUSEHOLD_IMPORT_FOLDER")
    return private_folder(configured or Path(current_app.instance_path) / "imports")


def _is_old(path: Path, now: float) -> bool:
    try:
        return path.stat().st_mtime < now - KEEP_SECONDS
    except FileNotFoundError:
        return True


def _waiting(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def store(
    rows: list[tuple[int, dict]], *, user_id: int, filename: str, round_id: int | None = None
) -> str:
    """Keep the rows; `round_id`: the round the import was started from (it returns there)."""
    folder = _folder()
    remove_expired()
    token = secrets.token_urlsafe(18)
    payload = {"user_id": user_id, "filename": filename, "rows": rows, "round_id": round_id}
    write_private(folder / f"{token}.json", json.dumps(payload).encode("utf-8"))
    return token


def keep_left_over(token: str, stored: dict, rows: list[tuple[int, dict]], imported: int) -> None:
    """After the good rows are in: only the rows still to fix wait, with how many went in."""
    if not _TOKEN_RE.match(token or ""):
        return
    payload = {**stored, "rows": rows, "imported": stored.get("imported", 0) + imported}
    write_private(_folder() / f"{token}.json", json.dumps(payload).encode("utf-8"))


def load(token: str, *, user_id: int) -> dict | None:
    """The stored upload; None if the token is malformed or the upload someone else's.

    Raises PreviewExpired when it is gone or older than a day (and then removes it).
    """
    if not _TOKEN_RE.match(token or ""):
        return None
    path = _folder() / f"{token}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PreviewExpired(token) from None
    if payload.get("user_id") != user_id:
        return None
    if _is_old(path, time.time()):
        path.unlink(missing_ok=True)
        raise PreviewExpired(token)
    payload["rows"] = [(line, raw) for line, raw in payload["rows"]]
    return payload


def discard(token: str) -> None:
    if _TOKEN_RE.match(token or ""):
        (_folder() / f"{token}.json").unlink(missing_ok=True)


def remove_expired(*, dry_run: bool = False, now: float | None = None) -> int:
    """Remove the previews older than a day; return how many there were."""
    now = time.time() if now is None else now
    old = [path for path in _waiting(_folder()) if _is_old(path, now)]
    if not dry_run:
        for path in old:
            path.unlink(missing_ok=True)
    return len(old)


class _Raw:
    """A preview row's address, in the shape the near-duplicate check reads."""

    def __init__(self, raw: dict):
        self.street, self.number = str(raw.get("street", "")), str(raw.get("number", ""))
        self.box, self.postcode = str(raw.get("box", "")), str(raw.get("postcode", ""))


def _is_address_of(raw: dict, household) -> bool:
    try:
        return is_near_duplicate(_Raw(raw), household)
    except (TypeError, ValueError):
        return False


def erase_address(household) -> int:
    """Take the household's address out of every waiting preview; return the rows removed.

    A family that asked to be erased must not come back when a coordinator confirms an upload
    made before the erasure. The preview keeps the count, so the coordinator is told.
    """
    if not household.street:
        return 0  # anonymised: no address left to find
    removed = 0
    for path in _waiting(_folder()):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            continue
        rows = payload.get("rows", [])
        kept = [row for row in rows if not _is_address_of(row[1], household)]
        if len(kept) == len(rows):
            continue
        removed += len(rows) - len(kept)
        if not kept:
            path.unlink(missing_ok=True)
            continue
        payload["rows"] = kept
        payload["erased_rows"] = payload.get("erased_rows", 0) + len(rows) - len(kept)
        stored = path.stat()
        write_private(path, json.dumps(payload).encode("utf-8"))
        os.utime(path, (stored.st_atime, stored.st_mtime))  # still expires a day after upload
    return removed
