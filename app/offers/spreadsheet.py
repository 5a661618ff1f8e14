"""The shared spreadsheet: a template to fill in, reading it back row by row, and the export.

The file itself is read by app/spreadsheets.py (safely, within OFFER_IMPORT_MAX_ROWS).

Files are CSV (semicolon, UTF-8 with BOM: what Excel in Belgium opens and saves) or XLSX. Every
cell we write is neutralised so that a spreadsheet never runs it as a formula.
"""

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from app import spreadsheets
from app.offers.codes import CATEGORIES, WEEKDAYS
from app.offers.fields import SHEET_FIELDS as FIELDS
from app.offers.fields import is_web_address, to_json

HEADERS = [f.header for f in FIELDS]
REQUIRED = {
    "titel",
    "aanbieder",
    "soorten",
    "leeftijd_van",
    "leeftijd_tot",
    "eerste_dag",
    "laatste_dag",
}
EXAMPLE = {
    "titel": "Speelweek in het park",
    "beschrijving": "Elke dag spelen, knutselen en sport.",
    "aanbieder": "Speelpleinwerking Gent",
    "contactpersoon": "An Voorbeeld",
    "contact_email": "an@example.org",
    "soorten": "play, arts",
    "leeftijd_van": "4",
    "leeftijd_tot": "12",
    "eerste_dag": "2027-07-05",
    "laatste_dag": "2027-07-09",
    "beginuur": "09:00",
    "einduur": "16:00",
    "dagen": "ma, di, wo, do, vr",
    "overnachting": "nee",
    "plaats": "Speelplein Rabot",
    "straat": "Wondelgemstraat",
    "nummer": "12",
    "postcode": "9000",
    "wijk": "7",
    "mobiel": "nee",
    "prijs": "0",
    "gratis": "ja",
    "kansentarief": "nee",
    "inschrijven_website": "https://example.org/inschrijven",
}
_TRUE = {"ja", "j", "yes", "y", "true", "1", "x", "waar"}
_FALSE = {"nee", "n", "no", "false", "0", "", "onwaar"}
# The spreadsheet is Dutch whatever the page language: fixed day abbreviations.
_DAY_CODES = {"ma": "1", "di": "2", "wo": "3", "do": "4", "vr": "5", "za": "6", "zo": "7"}
_DAY_NAMES = {code: name for name, code in _DAY_CODES.items()}


def template_rows() -> list[list]:
    return [HEADERS, [EXAMPLE.get(h, "") for h in HEADERS]]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(filename: str, data: bytes) -> list[tuple[int, dict]]:
    """(line number, {header: text}) for each non-empty row; ValueError for an unreadable file.

    At most OFFER_IMPORT_MAX_ROWS activities: the preview shows every row, and the confirmation
    carries them all back in one signed form field.
    """
    limit = current_app.config["OFFER_IMPORT_MAX_ROWS"]
    try:
        table = spreadsheets.read_rows(filename, data, max_rows=limit)
    except spreadsheets.TooManyRows as exc:
        raise ValueError(
            _("Dit bestand heeft meer dan %(n)s activiteiten; een import leest er hoogstens "
              "%(n)s. Splits het op in kleinere bestanden.", n=limit)
        ) from exc  # fmt: skip
    table = [(line, [_cell_text(v) for v in values]) for line, values in table]
    headers = [h.strip().lower() for h in table[0][1]]
    missing = [h for h in HEADERS if h in REQUIRED and h not in headers]
    if missing:
        raise ValueError(_("Deze kolommen ontbreken: %(names)s.", names=", ".join(missing)))
    return [
        (line, {h: (row[i] if i < len(row) else "") for i, h in enumerate(headers)})
        for line, row in table[1:]
    ]


def _parse(kind: str, text: str):
    text = text.strip()
    if kind == "text":
        return text
    if kind == "int":
        return int(text) if text else None
    if kind == "date":
        if not text:
            return None
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError
    if kind == "time":
        if not text:
            return None
        return time.fromisoformat(re.sub(r"[.u]", ":", text).zfill(5)[:5])
    if kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError
    if kind == "money":
        if not text:
            return None
        try:
            amount = Decimal(text.replace("€", "").replace(",", ".").strip())
        except InvalidOperation as exc:
            raise ValueError from exc
        if amount < 0:
            raise ValueError
        return amount
    if kind == "weekdays":
        if not text:
            return "12345"
        days = {_DAY_CODES.get(p.strip().lower(), p.strip()) for p in re.split(r"[,; ]+", text)}
        if not days <= set(WEEKDAYS):
            raise ValueError
        return "".join(sorted(days))
    if kind == "categories":
        labels = {str(label).lower(): code for code, label in CATEGORIES.items()}
        codes = {labels.get(p.strip().lower(), p.strip()) for p in re.split(r"[,;]", text)}
        codes.discard("")
        if not codes <= set(CATEGORIES):
            raise ValueError
        return sorted(codes)
    if kind == "wijk":
        if not text:
            return None
        number = int(text.split(".")[0])
        if not 1 <= number <= 25:
            raise ValueError
        return number
    raise AssertionError(kind)


def parse_row(raw: dict) -> tuple[dict, list[str]]:
    """Activity values of one row, and what is wrong with it (in words a provider understands)."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for field in FIELDS:
        try:
            values[field.name] = _parse(field.kind, raw.get(field.header, ""))
        except (ValueError, TypeError):
            errors.append(
                _(
                    "'%(column)s' klopt niet: %(value)s",
                    column=field.header,
                    value=raw.get(field.header, "")[:40],
                )
            )
            values[field.name] = None
    for name in ("title", "provider_name"):
        if not values.get(name):
            errors.append(_("'%(column)s' is leeg.", column=_header(name)))
    for name in ("age_min", "age_max", "start_date", "end_date"):
        if values.get(name) is None and _header(name) not in " ".join(errors):
            errors.append(_("'%(column)s' is leeg.", column=_header(name)))
    if not values.get("categories") and "soorten" not in " ".join(errors):
        errors.append(_("Geef minstens één soort activiteit (bv. sport, play, camp)."))
    ages = (values.get("age_min"), values.get("age_max"))
    if None not in ages and not 0 <= ages[0] <= ages[1] <= 18:
        errors.append(_("De leeftijden moeten tussen 0 en 18 liggen, van laag naar hoog."))
    first, last = values.get("start_date"), values.get("end_date")
    if first and last and last < first:
        errors.append(_("De laatste dag ligt voor de eerste dag."))
    if not values.get("free") and values.get("price_eur") is None:
        errors.append(_("Geef een prijs, of 'ja' bij gratis."))
    url = values.get("registration_url") or ""
    if url and not is_web_address(url):
        errors.append(_("'inschrijven_website' moet beginnen met https://."))
    email = values.get("registration_email") or ""
    if email and ("@" not in email or " " in email):
        errors.append(_("'inschrijven_email' is geen e-mailadres."))
    if not values.get("mobile") and not values.get("street"):
        errors.append(_("Geef een straat, of 'ja' bij mobiel."))
    for field in FIELDS:
        if field.kind == "text" and values.get(field.name) is None:
            values[field.name] = ""
    if values.get("free") and values.get("price_eur") is None:
        values["price_eur"] = Decimal(0)
    return values, errors


def _header(name: str) -> str:
    return next(f.header for f in FIELDS if f.name == name)


def export_rows(activities) -> list[list]:
    rows = [["id", "status", "weken", *HEADERS]]
    for activity in activities:
        row = [activity.id, activity.status, ", ".join(activity.weeks)]
        for field in FIELDS:
            value = to_json(field.kind, getattr(activity, field.name))
            if field.kind == "bool":
                value = "ja" if value else "nee"
            elif field.kind == "categories":
                value = ", ".join(value)
            elif field.kind == "weekdays":
                value = ", ".join(_DAY_NAMES[d] for d in value or "")
            row.append(value)
        rows.append(row)
    return rows
