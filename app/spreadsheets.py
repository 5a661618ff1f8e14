"""Reading an uploaded spreadsheet (CSV or XLSX) into rows, within limits, trusting nothing in it.

One reader for the household import and the offer spreadsheet. An XLSX file is a zip of XML
files, and a hostile one can declare a sheet of 16,384 columns (`<dimension ref="A1:XFD3000"/>`),
pack hundreds of megabytes into a few kilobytes, or simply hold more rows than an import takes.
So, before anything is unpacked, the zip's table of contents is checked: how many members, and
the uncompressed size declared by each member we need, against MAX_UNPACKED_BYTES. While reading,
every byte that comes out of the zip is counted against the same cap (and zipfile itself stops a
member at its declared size and then fails its checksum, so a lying header gets nowhere). The
sheet is parsed element by element with defusedxml (no DTDs, no entities), its declared
dimension is never read, a row keeps at most `max_columns` cells, and reading stops at the first
row past the limit. Shared strings are looked up afterwards, and only for the cells kept.

Cell values come out as openpyxl gives them (str, int, float, bool, datetime, time, None); the
value conversions are openpyxl's own.
"""

import csv
import io
import posixpath
import zipfile
from collections.abc import Iterator

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse
from flask_babel import gettext as _
from openpyxl.cell.text import Text
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)
from openpyxl.worksheet._reader import _cast_number

# A season's offer or a partner's address list unpacks to a few MB; ten times that is plenty.
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
MAX_MEMBERS = 1000  # an XLSX file has a few dozen parts, a few hundred with images
MAX_COLUMNS = 100  # cells further right are not read (both imports know fewer columns)

_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_SHARED_STRINGS = "/sharedStrings"
_STYLES = "/styles"


class SpreadsheetError(ValueError):
    """The file cannot be read; the message says why, in words for the person who uploaded it."""


class TooManyRows(SpreadsheetError):
    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(
            _(
                "Dit bestand heeft meer dan %(n)s rijen onder de kolomtitels; een import leest "
                "er hoogstens %(n)s. Splits het op in kleinere bestanden.",
                n=limit,
            )
        )


def read_rows(
    filename: str, data: bytes, *, max_rows: int, max_columns: int = MAX_COLUMNS
) -> list[tuple[int, list]]:
    """The non-blank rows of a CSV file, or of an XLSX file's first sheet: (line, values).

    The first non-blank row is the header; at most `max_rows` rows may follow it, and reading
    stops (TooManyRows) as soon as one more is found.
    """
    if not (filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04"):
        return _kept(_csv_rows(data, max_columns), max_rows)
    try:
        book = _Workbook(data)
        return _resolve_shared_strings(book, _kept(_sheet_rows(book, max_columns), max_rows))
    except SpreadsheetError:
        raise
    except Exception as error:  # noqa: BLE001  a damaged zip or XML fails in many ways
        raise _unreadable() from error


def _kept(rows, max_rows: int) -> list[tuple[int, list]]:
    kept: list[tuple[int, list]] = []
    for line, values in rows:
        if not any(_filled(value) for value in values):
            continue
        if len(kept) > max_rows:  # the header and max_rows rows are in
            raise TooManyRows(max_rows)
        kept.append((line, values))
    if not kept:
        raise SpreadsheetError(_("Het bestand is leeg."))
    return kept


def _filled(value) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


# --- CSV ---------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in Belgium saves "CSV" as Windows-1252 unless asked for UTF-8.
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes, max_columns: int) -> Iterator[tuple[int, list]]:
    text = _decode(data)
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, [cell.strip() for cell in cells[:max_columns]]
    except csv.Error as error:  # e.g. one cell longer than the csv module accepts
        raise SpreadsheetError(_("Dit is geen leesbaar CSV-bestand.")) from error


# --- XLSX --------------------------------------------------------------------------------------


def _unreadable() -> SpreadsheetError:
    return SpreadsheetError(_("Dit is geen leesbaar XLSX-bestand."))


def _too_big() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "Dit XLSX-bestand is uitgepakt groter dan %(mb)s MB; zoveel leest een import niet. "
            "Sla het op als CSV, of splits het op in kleinere bestanden.",
            mb=MAX_UNPACKED_BYTES // (1024 * 1024),
        )
    )


class _Budget:
    """What may still be unpacked, shared by every part of one file."""

    def __init__(self, limit: int):
        self.left = limit


class _CappedReader(io.RawIOBase):
    """A zip member read as a stream, stopped once the file's unpacking budget is spent."""

    def __init__(self, member, budget: _Budget):
        self.member, self.budget = member, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self.member.read(min(len(buffer), 64 * 1024))
        self.budget.left -= len(chunk)
        if self.budget.left < 0:
            raise _too_big()
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Workbook:
    """The parts of an XLSX file that the first sheet's values depend on."""

    def __init__(self, data: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise SpreadsheetError(
                _("Dit XLSX-bestand bestaat uit meer dan %(n)s onderdelen; zo'n bestand leest "
                  "een import niet.", n=MAX_MEMBERS)
            )  # fmt: skip
        self.sizes = {info.filename: info.file_size for info in infos}
        self.budget = _Budget(MAX_UNPACKED_BYTES)
        workbook = self._target("", "_rels/.rels", _OFFICE_DOCUMENT) or "xl/workbook.xml"
        folder = posixpath.dirname(workbook)
        rels = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
        self.parts = self._relationships(folder, rels)
        self.sheet, self.epoch = self._first_sheet(workbook)
        self.shared_strings = self._by_type(_SHARED_STRINGS)
        self.styles = self._by_type(_STYLES)
        needed = [p for p in (workbook, rels, self.sheet, self.shared_strings, self.styles) if p]
        # Checked before any of them is unpacked: what they declare must fit in the budget.
        if sum(self.sizes.get(part, 0) for part in set(needed)) > MAX_UNPACKED_BYTES:
            raise _too_big()

    def open(self, part: str):
        if part not in self.sizes or self.sizes[part] > MAX_UNPACKED_BYTES:
            raise _too_big() if part in self.sizes else _unreadable()
        return io.BufferedReader(_CappedReader(self.zip.open(part), self.budget))

    def elements(self, part: str, keep=frozenset()):
        """(element, its parent) for each element of an XML part, when it ends.

        Once the caller has seen an element it is let go of (taken from its parent), so memory
        stays flat however many elements the part holds; the children of an element named in
        `keep` stay until that element itself has been seen.
        """
        open_elements: list = []
        keeping = 0
        try:
            with self.open(part) as stream:
                for event, element in iterparse(stream, ("start", "end"), forbid_dtd=True):
                    kept = _local(element.tag) in keep
                    if event == "start":
                        open_elements.append(element)
                        keeping += kept
                        continue
                    open_elements.pop()
                    parent = open_elements[-1] if open_elements else None
                    yield element, parent
                    keeping -= kept
                    if not keeping and parent is not None:
                        parent.remove(element)
        except (ParseError, DefusedXmlException) as error:  # XML with a DTD counts as broken
            raise _unreadable() from error

    def _relationships(self, folder: str, rels: str) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        if rels not in self.sizes:
            return found
        for element, _parent in self.elements(rels):
            if _local(element.tag) == "Relationship":
                target = element.get("Target", "")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
                found[element.get("Id", "")] = (element.get("Type", ""), path)
        return found

    def _target(self, folder: str, rels: str, kind: str) -> str | None:
        parts = self._relationships(folder, rels)
        return next((path for t, path in parts.values() if t.endswith(kind)), None)

    def _by_type(self, kind: str) -> str | None:
        return next((path for t, path in self.parts.values() if t.endswith(kind)), None)

    def _first_sheet(self, workbook: str) -> tuple[str, object]:
        if workbook not in self.sizes:
            raise _unreadable()
        sheet, epoch = None, CALENDAR_WINDOWS_1900
        for element, _parent in self.elements(workbook):
            name = _local(element.tag)
            if name == "workbookPr" and element.get("date1904") in ("1", "true"):
                epoch = CALENDAR_MAC_1904
            elif name == "sheet" and sheet is None:
                rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
                sheet = self.parts.get(rid, (None, None))[1]
        if sheet is None or sheet not in self.sizes:
            raise _unreadable()
        return sheet, epoch

    def date_styles(self) -> tuple[set[int], set[int]]:
        """The style numbers whose cells hold dates (and those that hold durations)."""
        if not self.styles or self.styles not in self.sizes:
            return set(), set()
        custom, formats = {}, []
        for element, parent in self.elements(self.styles):
            name = _local(element.tag)
            if name == "numFmt":
                custom[element.get("numFmtId")] = element.get("formatCode", "")
            elif name == "xf" and parent is not None and _local(parent.tag) == "cellXfs":
                formats.append(element.get("numFmtId", "0"))
        dates, durations = set(), set()
        for style, number in enumerate(formats):
            builtin = BUILTIN_FORMATS.get(int(number)) if number.isdigit() else None
            code = custom.get(number) or builtin
            if code and is_date_format(code):
                dates.add(style)
                if is_timedelta_format(code):
                    durations.add(style)
        return dates, durations


class _Shared(int):
    """A cell that points into the shared strings, looked up once the sheet has been read."""


def _sheet_rows(book: _Workbook, max_columns: int) -> Iterator[tuple[int, list]]:
    dates, durations = book.date_styles()
    row_number = 0
    for element, _parent in book.elements(book.sheet, keep={"row"}):
        name = _local(element.tag)
        if name == "sheetData":
            return  # nothing after the cells matters
        if name == "row":
            row_number = _row_number(element, row_number)
            yield row_number, _row_values(element, book.epoch, dates, durations, max_columns)


def _row_number(row, previous: int) -> int:
    try:
        return int(row.get("r", previous + 1))
    except ValueError:
        return previous + 1


def _row_values(row, epoch, dates, durations, max_columns) -> list:
    values: list = []
    column = 0
    for cell in row:
        if _local(cell.tag) != "c":
            continue
        reference = cell.get("r")
        try:
            column = coordinate_to_tuple(reference)[1] if reference else column + 1
        except (ValueError, TypeError):
            column += 1
        if column > max_columns:
            continue
        value = _cell_value(cell, epoch, dates, durations)
        if value is None:
            continue
        values.extend([None] * (column - len(values)))
        values[column - 1] = value
    return values


def _cell_value(cell, epoch, dates, durations):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next((c for c in cell if _local(c.tag) == "is"), None)
        return None if inline is None else Text.from_tree(inline).content
    raw = next((c.text for c in cell if _local(c.tag) == "v"), None)
    if raw is None or raw == "":
        return None
    try:
        if kind == "s":
            return _Shared(int(raw))
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind in ("str", "e"):
            return raw
        if kind == "d":
            return from_ISO8601(raw)
        number = _cast_number(raw)
        style = int(cell.get("s", "0") or 0)
        if style in dates:
            return from_excel(number, epoch, timedelta=style in durations)
        return number
    except (ValueError, OverflowError, TypeError):
        return raw  # shown to the user as typed, and the row's check says what is wrong


def _resolve_shared_strings(book: _Workbook, rows: list) -> list[tuple[int, list]]:
    wanted = {value for _line, values in rows for value in values if isinstance(value, _Shared)}
    if not wanted:
        return rows
    if not book.shared_strings or book.shared_strings not in book.sizes:
        raise _unreadable()
    last, found, index = max(wanted), {}, 0
    for element, _parent in book.elements(book.shared_strings, keep={"si"}):
        if _local(element.tag) != "si":
            continue
        if index in wanted:
            found[index] = Text.from_tree(element).content.replace("x005F_", "")
        index += 1
        if index > last:
            break
    if len(found) < len(wanted):
        raise _unreadable()  # a cell points past the end of the shared strings
    return [
        (line, [found[v] if isinstance(v, _Shared) else v for v in values]) for line, values in rows
    ]
