"""Writing tables as spreadsheet files (CSV, XLSX) that a spreadsheet can never run as formulas.

One module for every export of the app (the offer, the flyer scan counts, the reports), so that
the neutralisation rule lives in one place. CSV is semicolon-separated UTF-8 with a BOM: what Excel
in Belgium opens without asking; XLSX is written with openpyxl in write-only mode.
"""

import csv
import io

# A cell starting with one of these is run as a formula (or DDE command) by Excel, LibreOffice
# and Google Sheets: "=HYPERLINK(...)" typed as a label must arrive as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading quote.

    Numbers stay numbers (a negative count is not a formula); only strings are touched.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows, *, delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_bytes(fmt: str, rows, title: str) -> bytes:
    """`fmt` is "csv" or "xlsx"."""
    return csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows, title)


def download(rows, fmt: str, name: str):
    """A file download answer; never cached (exports carry data about families)."""
    from flask import current_app

    response = current_app.response_class(table_bytes(fmt, rows, name), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response
