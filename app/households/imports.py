"""Importing households from CSV or XLSX: read the file, check every row, keep the preview.

Nothing is imported until every row is good. Between the preview and the confirmation the raw
rows are kept in a JSON file under `instance/imports/`, named by a random token and tied to the
user who uploaded it: a preview of hundreds of rows does not fit in the 4 kB session cookie, and
the raw text (not the verdicts) is stored so that confirming checks every row again against the
households as they are then.
"""

import csv
import io
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from app.addresses.belgian import address_key
from app.addresses.lookup import remember_for
from app.households.duplicates import is_near_duplicate
from app.households.imports_rows import check_row, existing_candidates, lookups
from app.households.rules import Placement

COLUMNS = {
    "street": "straat",
    "number": "huisnummer",
    "box": "bus",
    "postcode": "postcode",
    "wijk": "wijk",
    "lat": "breedtegraad",
    "lon": "lengtegraad",
    "languages": "talen",
    "children_0_2": "kinderen 0-2",
    "children_3_5": "kinderen 3-5",
    "children_6_8": "kinderen 6-8",
    "children_9_12": "kinderen 9-12",
    "children_13_17": "kinderen 13-17",
    "partner": "partnerorganisatie",
    "consent": "toestemming",
    "do_not_visit": "niet bezoeken",
    "note": "notitie",
}
REQUIRED = ("street", "number", "postcode")
EXPLANATIONS = {
    "wijk": _l("nummer (1-25) of naam; leeg: uit het adres of de coördinaten"),
    "lat": _l("optioneel, bv. 51.0543"),
    "lon": _l("optioneel, bv. 3.7174"),
    "languages": _l("taalcodes gescheiden door komma's, bv. nl, ar"),
    "partner": _l("naam zoals in de app, of leeg"),
    "consent": _l("ja, nee of leeg (nog niet gevraagd)"),
    "do_not_visit": _l("ja of leeg"),
    "note": _l("optioneel, hoogstens 280 tekens; geen namen"),
}
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
_KEEP_SECONDS = 24 * 3600


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why in plain Dutch."""


# --- reading -------------------------------------------------------------------------------


def _header_key(text) -> str:
    return " ".join(str(text or "").replace("–", "-").casefold().split())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in Belgium saves "CSV" as Windows-1252 unless asked for UTF-8.
        return data.decode("cp1252", errors="replace")


def _csv_table(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as error:  # e.g. one cell longer than the csv module accepts
        raise ImportFileError(_l("Dit is geen leesbaar CSV-bestand.")) from error
    return rows


def _xlsx_table(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_l("Dit is geen leesbaar XLSX-bestand.")) from error
    try:
        sheet = workbook.worksheets[0]
        return [
            (index, [_cell(value) for value in values])
            for index, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def read_table(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The data rows of the file as (line number, {column: text}); blank rows are skipped."""
    is_xlsx = filename.lower().endswith(".xlsx") or data[:2] == b"PK"
    table = _xlsx_table(data) if is_xlsx else _csv_table(data)
    table = [(line, cells) for line, cells in table if any(cells)]
    if not table:
        raise ImportFileError(_l("Het bestand is leeg."))
    header_line, header = table[0]
    by_header = {title: key for key, title in COLUMNS.items()}
    positions = {
        by_header[_header_key(title)]: index
        for index, title in enumerate(header)
        if _header_key(title) in by_header
    }
    missing = [COLUMNS[key] for key in REQUIRED if key not in positions]
    if missing:
        raise ImportFileError(
            _l(
                "Regel %(line)s mist de kolom(men): %(columns)s. Gebruik het sjabloon.",
                line=header_line,
                columns=", ".join(missing),
            )
        )
    rows = []
    for line, cells in table[1:]:
        rows.append(
            (line, {key: cells[i] if i < len(cells) else "" for key, i in positions.items()})
        )
    if not rows:
        raise ImportFileError(_l("Het bestand bevat geen huishoudens onder de kolomtitels."))
    if len(rows) > current_app.config["HOUSEHOLD_IMPORT_MAX_ROWS"]:
        raise ImportFileError(
            _l(
                "Hoogstens %(n)s huishoudens per bestand.",
                n=current_app.config["HOUSEHOLD_IMPORT_MAX_ROWS"],
            )
        )
    return rows


# --- checking ------------------------------------------------------------------------------


@dataclass
class RowCheck:
    line: int
    raw: dict
    values: dict | None = None
    placement: Placement | None = None  # how the address was placed (wijk, position, source)
    errors: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)  # existing households: a warning


@dataclass
class Preview:
    rows: list[RowCheck]

    @property
    def bad(self) -> list[RowCheck]:
        return [row for row in self.rows if row.errors]

    @property
    def warned(self) -> list[RowCheck]:
        return [row for row in self.rows if not row.errors and row.duplicates]

    @property
    def unpositioned(self) -> list[RowCheck]:
        """Good rows whose address got a wijk but no position (walking order guesses them)."""
        return [row for row in self.rows if row.placement and not row.placement.has_position]


def check_rows(rows: list[tuple[int, dict]]) -> Preview:
    """Check every row, then the rows against each other and against existing households."""
    checks = [RowCheck(line, raw) for line, raw in rows]
    wijken, partners = lookups()
    remember_for(  # the register's earlier answers for all rows in a few queries
        (raw.get("street") or "", raw.get("number") or "", raw.get("box"), raw.get("postcode"))
        for _line, raw in rows
    )
    for check in checks:
        result = check_row(check.raw, wijken=wijken, partners=partners)
        if isinstance(result, list):
            check.errors = result
        else:
            check.values, check.placement = result.values, result.placement
    good = [c for c in checks if c.values]
    # Two doors can only match when number, box and postcode agree (see is_near_duplicate), so
    # rows are compared within those buckets only: a 20,000-row file stays linear, not quadratic.
    seen: list[RowCheck] = []
    seen_by_door: dict[str, list[RowCheck]] = {}
    for check in good:
        bucket = seen_by_door.setdefault(_door(check.values), [])
        twin = next((s for s in bucket if _same_door(s.values, check.values)), None)
        if twin is not None:
            check.errors.append(
                str(_l("Zelfde adres als regel %(line)s in dit bestand.", line=twin.line))
            )
        else:
            bucket.append(check)
            seen.append(check)
    existing_by_door: dict[str, list] = {}
    for household in existing_candidates([c.values for c in seen]):
        existing_by_door.setdefault(_door(_fields(household)), []).append(household)
    for check in seen:
        check.duplicates = [
            h
            for h in existing_by_door.get(_door(check.values), [])
            if _same_door(_fields(h), check.values)
        ]
    return Preview(checks)


def _door(values: dict) -> str:
    """The number, box and postcode part of the address key: what a near-duplicate shares."""
    key = address_key(values["street"], values["number"], values["box"], values["postcode"])
    return key.split("|", 1)[1]


def _fields(household) -> dict:
    return {key: getattr(household, key) for key in ("street", "number", "box", "postcode")}


class _Address:
    def __init__(self, values: dict):
        self.street, self.number = values["street"], values["number"]
        self.box, self.postcode = values["box"], values["postcode"]


def _same_door(a: dict, b: dict) -> bool:
    if address_key(a["street"], a["number"], a["box"], a["postcode"]) == address_key(
        b["street"], b["number"], b["box"], b["postcode"]
    ):
        return True
    return is_near_duplicate(_Address(a), _Address(b))


# --- keeping the preview between two requests ------------------------------------------


def _folder() -> Path:
    configured = current_app.config.get("HOUSEHOLD_IMPORT_FOLDER")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_old(folder: Path) -> None:
    limit = time.time() - _KEEP_SECONDS
    for path in folder.glob("*.json"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def store(rows: list[tuple[int, dict]], *, user_id: int, filename: str) -> str:
    folder = _folder()
    _forget_old(folder)
    token = secrets.token_urlsafe(18)
    payload = {"user_id": user_id, "filename": filename, "rows": rows}
    (folder / f"{token}.json").write_text(json.dumps(payload), encoding="utf-8")
    return token


def load(token: str, *, user_id: int) -> dict | None:
    """The stored upload, or None if unknown, expired or someone else's."""
    if not _TOKEN_RE.match(token or ""):
        return None
    path = _folder() / f"{token}.json"
    if not path.exists():
        return None
    payload = json.loads(path.read_text(encoding="utf-8"))
    if payload.get("user_id") != user_id:
        return None
    payload["rows"] = [(line, raw) for line, raw in payload["rows"]]
    return payload


def discard(token: str) -> None:
    if _TOKEN_RE.match(token or ""):
        (_folder() / f"{token}.json").unlink(missing_ok=True)


# --- templates -----------------------------------------------------------------------------


def template_csv() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow(COLUMNS.values())
    # The BOM makes Excel open the file as UTF-8 (accents in street names).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Huishoudens"
    sheet.append(list(COLUMNS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = workbook.create_sheet("Uitleg")
    help_sheet.append([str(_l("kolom")), str(_l("wat"))])
    for key, title in COLUMNS.items():
        default = _l("verplicht") if key in REQUIRED else ""
        help_sheet.append([title, str(EXPLANATIONS.get(key, default))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
