"""Hostile spreadsheets: read streaming, declared dimensions ignored, unpacking capped, row limits
hit while reading, in bounded memory, with a message that says which limit was hit.

The hostile files are built here: a tiny XLSX that declares `A1:XFD3000`, zip bombs of a few
tens of KB with 150,000 rows, one of 150 KB that unpacks to more than the cap, and one whose
header lies about its size, 25 MB of column widths before the cells, a CSV of a million lines
(2 MB), and an offer sheet of 8,000 rows.
Peak memory is measured in a child process (the growth of its peak resident size while reading),
as a gunicorn worker would feel it.
"""

import csv
import functools
import io
import json
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.models import Activity, Household
from app.offers.spreadsheet import HEADERS, template_rows

ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLD_HEADER = ["straat", "huisnummer", "postcode", "wijk"]
# Growth of a worker's peak memory while reading one upload. Generous: a legitimate file of
# 5,000 rows stays far below it; the files below took today's reader to hundreds of MB.
MEMORY_BOUND_MB = 60


def workbook_bytes(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The same XLSX with its first sheet's XML changed by `change(xml) -> xml`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def dimension_bomb() -> bytes:
    """A few KB: a header, two households, and a declared size of 16,384 × 3,000 cells.

    The declared corner holds an empty cell, so the sheet really reaches row 3,000.
    """
    data = workbook_bytes([HOUSEHOLD_HEADER, ["Sleepstraat", 3, 9000, 2],
                           ["Kerkstraat", 5, 9000, 2]])  # fmt: skip
    corner = b'<row r="3000"><c r="XFD3000" t="inlineStr"><is><t></t></is></c></row>'

    def declare(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD3000"', xml)
        return xml.replace(b"</sheetData>", corner + b"</sheetData>")

    return rewrite_sheet(data, declare)


def zip_bomb(rows: int) -> bytes:
    """A header and `rows` identical rows, with no declared dimension: a few tens of KB."""
    row = (b'<row><c t="inlineStr"><is><t>Sleepstraat</t></is></c><c><v>12</v></c>'
           b"<c><v>9000</v></c><c><v>2</v></c></row>")  # fmt: skip

    def fill(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension [^>]*/>", b"", xml)
        head, _, tail = xml.partition(b"</row>")  # keep the header row as written
        rest = tail.split(b"</sheetData>", 1)[1]
        return head + b"</row>" + row * rows + b"</sheetData>" + rest

    return rewrite_sheet(workbook_bytes([HOUSEHOLD_HEADER, ["Sleepstraat", 1, 9000, 2]]), fill)


def column_bomb() -> bytes:
    """25 MB of column widths before the cells (a few tens of KB packed), then two households."""

    def widen(xml: bytes) -> bytes:
        cols = b'<col min="1" max="1" width="9" customWidth="1"/>' * 500_000
        xml = re.sub(rb"<cols>.*?</cols>", b"", xml)
        return xml.replace(b"<sheetData>", b"<cols>" + cols + b"</cols><sheetData>", 1)

    data = workbook_bytes([HOUSEHOLD_HEADER, ["Sleepstraat", 3, 9000, 2],
                           ["Kerkstraat", 5, 9000, 2]])  # fmt: skip
    return rewrite_sheet(data, widen)


def lying_sizes(data: bytes, declared: int = 2000) -> bytes:
    """The zip with every member's uncompressed size in the central directory set to `declared`."""
    out = bytearray(data)
    position = out.find(b"PK\x01\x02")
    while position != -1:
        struct.pack_into("<I", out, position + 24, declared)
        position = out.find(b"PK\x01\x02", position + 4)
    return bytes(out)


def million_lines_csv() -> bytes:
    """Just under the 2 MB upload limit: a header and a million one-cell rows."""
    return ("straat;huisnummer;postcode\n" + "1\n" * 1_000_000).encode()


def offer_rows(n: int) -> list[list]:
    example = template_rows()[1]
    return [HEADERS] + [[f"{example[0]} {i}", *example[1:]] for i in range(n)]


@functools.cache
def offer_workbook(n: int) -> bytes:
    return workbook_bytes(offer_rows(n))


def offer_csv(n: int) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(offer_rows(n))
    return buffer.getvalue().encode()


# --- what a coordinator sees -------------------------------------------------------------------


def upload_households(client, data: bytes, name: str):
    return client.post(
        "/huishoudens/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def upload_offer(client, data: bytes, name: str):
    return client.post(
        "/beheer-aanbod/import/spreadsheet",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


@pytest.fixture
def coordinator(client, login_as, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "HOUSEHOLD_IMPORT_FOLDER", str(tmp_path / "imports"))
    return login_as("coordinator")


def test_the_declared_dimension_is_ignored(client, coordinator, db):
    data = dimension_bomb()
    assert len(data) < 8 * 1024 and b"A1:XFD3000" in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml"
    )
    response = upload_households(client, data, "lijst.xlsx")
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Importeer 2 huishoudens" in page
    assert "Sleepstraat 3" in page and "Kerkstraat 5" in page


def test_a_zip_bomb_over_the_unpacking_cap_is_refused_before_it_is_unpacked(client, coordinator):
    data = zip_bomb(400_000)
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert len(data) < 200 * 1024 and declared > 32 * 1024 * 1024
    response = upload_households(client, data, "lijst.xlsx")
    assert response.status_code == 422
    assert "uitgepakt groter dan 32 MB" in response.get_data(as_text=True)


def test_a_zip_whose_header_lies_about_its_size_gets_nowhere(client, coordinator):
    response = upload_households(client, lying_sizes(zip_bomb(400_000)), "lijst.xlsx")
    assert response.status_code == 422
    assert "geen leesbaar XLSX-bestand" in response.get_data(as_text=True)


def test_reading_stops_at_the_row_limit(client, coordinator, app, monkeypatch, db):
    data = zip_bomb(150_000)  # 18 MB of rows in a 60 KB file
    assert len(data) < 64 * 1024
    response = upload_households(client, data, "lijst.xlsx")
    assert response.status_code == 422
    assert "meer dan 5000 huishoudens" in response.get_data(as_text=True)
    monkeypatch.setitem(app.config, "HOUSEHOLD_IMPORT_MAX_ROWS", 3)
    rows = [HOUSEHOLD_HEADER] + [["Sleepstraat", n, 9000, 2] for n in (1, 2, 3)]
    assert upload_households(client, workbook_bytes(rows), "lijst.xlsx").status_code == 302
    refused = upload_households(client, workbook_bytes([*rows, ["Sleepstraat", 4, 9000, 2]]),
                                "lijst.xlsx")  # fmt: skip
    assert refused.status_code == 422
    assert "meer dan 3 huishoudens" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Household.id))) == 0


def test_the_offer_spreadsheet_has_a_row_limit(client, coordinator, db):
    for data, name in ((offer_csv(8000), "aanbod.csv"),
                       (offer_workbook(8000), "aanbod.xlsx")):  # fmt: skip
        response = upload_offer(client, data, name)
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "meer dan 2000 activiteiten" in page
        assert "Speelweek in het park 1999" not in page  # no preview of the rows
    assert db.session.scalar(db.select(db.func.count(Activity.id))) == 0
    small = upload_offer(client, offer_csv(3), "aanbod.csv")
    assert small.status_code == 200 and "Speelweek in het park 2" in small.get_data(as_text=True)


def test_xml_with_a_dtd_is_refused(client, coordinator):
    def add_entities(xml: bytes) -> bytes:
        doctype = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        return xml.replace(b"?>", b"?>" + doctype, 1).replace(b"Kerkstraat", b"&b;")

    data = rewrite_sheet(workbook_bytes([HOUSEHOLD_HEADER, ["Kerkstraat", 5, 9000, 2]]),
                         add_entities)  # fmt: skip
    response = upload_households(client, data, "lijst.xlsx")
    assert response.status_code == 422
    assert "geen leesbaar XLSX-bestand" in response.get_data(as_text=True)


# --- what a worker process pays ----------------------------------------------------------------

CHILD = """
import json, resource, sys
from app import create_app
from tests.conftest import make_test_config

kind, path, name = sys.argv[1:4]
app = create_app(make_test_config("sqlite:///" + sys.argv[4]))
data = open(path, "rb").read()
if kind == "households":
    from app.households.imports import read_table as read
else:
    from app.offers.spreadsheet import read_rows as read
with app.test_request_context():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        outcome = "%d rows" % len(read(name, data))
    except ValueError as error:
        outcome = str(error)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"grown_mb": (after - before) / 1024, "outcome": outcome}))
"""


def read_in_a_child(tmp_path, kind: str, data: bytes, name: str) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path), name, str(tmp_path / "child.sqlite")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "kind,build,name,outcome",
    [
        ("households", dimension_bomb, "lijst.xlsx", "2 rows"),
        ("households", lambda: zip_bomb(150_000), "lijst.xlsx", "meer dan 5000 huishoudens"),
        ("households", lambda: zip_bomb(400_000), "lijst.xlsx", "uitgepakt groter dan 32 MB"),
        ("households", million_lines_csv, "lijst.csv", "meer dan 5000 huishoudens"),
        ("households", column_bomb, "lijst.xlsx", "2 rows"),
        ("offers", lambda: offer_workbook(8000), "aanbod.xlsx", "meer dan 2000"),
    ],
    ids=[
        "dimension-XFD3000",
        "zip-bomb-rows",
        "zip-bomb-size",
        "csv-million-lines",
        "columns-before-cells",
        "offers-8000",
    ],
)
def test_peak_memory_while_reading_a_hostile_file_stays_bounded(
    tmp_path, kind, build, name, outcome
):
    result = read_in_a_child(tmp_path, kind, build(), name)
    assert outcome in result["outcome"]
    assert result["grown_mb"] < MEMORY_BOUND_MB, result


def test_a_damaged_xlsx_file_is_refused_in_words_never_with_a_crash(app):
    """Bytes flipped at random in a real workbook (packed and stored): refused or read, no 500."""
    import random

    from app.spreadsheets import SpreadsheetError, read_rows

    packed = workbook_bytes([HOUSEHOLD_HEADER] + [["Sleepstraat", n, 9000, 2] for n in range(20)])
    source, stored = zipfile.ZipFile(io.BytesIO(packed)), io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    draw = random.Random(14)
    with app.test_request_context():
        for attempt in range(600):
            data = bytearray(stored.getvalue() if attempt % 2 else packed)
            for _ in range(draw.randint(1, 8)):
                data[draw.randrange(len(data))] = draw.randrange(256)
            try:
                read_rows("lijst.xlsx", bytes(data), max_rows=100)
            except SpreadsheetError as error:
                assert str(error)
