"""Importing households from CSV or XLSX: read the file, check every row.

Reading the file (safely, within HOUSEHOLD_IMPORT_MAX_ROWS) is app/spreadsheets.py's job.

The good rows are imported; the bad ones are listed by line with the reason, to be fixed and
uploaded again. Between the preview and the confirmation the raw rows wait in
app/households/previews.py (after the import, only the rows still to fix).
"""

import csv
import io
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font

from app import spreadsheets
from app.addresses.belgian import address_key
from app.addresses.lookup import remember_for
from app.households.duplicates import near_keys
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


def read_table(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The data rows of the file as (line number, {column: text}); blank rows are skipped."""
    limit = current_app.config["HOUSEHOLD_IMPORT_MAX_ROWS"]
    try:
        table = spreadsheets.read_rows(filename, data, max_rows=limit)
    except spreadsheets.TooManyRows as error:
        raise ImportFileError(
            _l(
                "Dit bestand heeft meer dan %(n)s huishoudens; een import leest er hoogstens "
                "%(n)s. Splits het op in kleinere bestanden.",
                n=limit,
            )
        ) from error
    except spreadsheets.SpreadsheetError as error:
        raise ImportFileError(str(error)) from error
    table = [(line, [_cell(value) for value in values]) for line, values in table]
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
    def good(self) -> list[RowCheck]:
        return [row for row in self.rows if not row.errors]

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
    # Each address's key is made once (making one normalises the street: most of the time here).
    keys = {id(check): _key(check.values) for check in good}
    seen: list[RowCheck] = []
    seen_by_door: dict[str, list[RowCheck]] = {}
    for check in good:
        key = keys[id(check)]
        bucket = seen_by_door.setdefault(_door(key), [])
        twin = next((s for s in bucket if near_keys(keys[id(s)], key)), None)
        if twin is not None:
            check.errors.append(
                str(_l("Zelfde adres als regel %(line)s in dit bestand.", line=twin.line))
            )
        else:
            bucket.append(check)
            seen.append(check)
    existing_by_door: dict[str, list] = {}
    for household in existing_candidates([c.values for c in seen]):
        key = _key(_fields(household))
        existing_by_door.setdefault(_door(key), []).append((key, household))
    for check in seen:
        key = keys[id(check)]
        check.duplicates = [h for k, h in existing_by_door.get(_door(key), []) if near_keys(k, key)]
    return Preview(checks)


def _key(values: dict) -> str:
    return address_key(values["street"], values["number"], values["box"], values["postcode"])


def _door(key: str) -> str:
    """The number, box and postcode part of an address key: what a near-duplicate shares."""
    return key.split("|", 1)[1]


def _fields(household) -> dict:
    return {key: getattr(household, key) for key in ("street", "number", "box", "postcode")}


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
