"""Flyer PDFs: every QR code on every layout decodes to its short link, printed large enough."""

import io
import re
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from app.flyers import pdf
from app.flyers.models import ShortLink
from tests import factories

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
DPI = 150
MIN_QR_MM = 25
EXPECTED_CODES = {"a6x4": 4, "a5x2": 2, "a4": 1, "doorhanger": 1}
WIJK_4 = "Brugse Poort - Rooigem"


def rasterise(body: bytes):
    document = pdfium.PdfDocument(body)
    try:
        return [page.render(scale=DPI / 72).to_pil() for page in document]
    finally:
        document.close()


def decode(image):
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def width_mm(barcode) -> float:
    """The symbol's printed width (without its quiet zone), from its corners at the known dpi."""
    pos = barcode.position
    pixels = max(abs(pos.top_right.x - pos.top_left.x), abs(pos.bottom_right.x - pos.bottom_left.x))
    return pixels / DPI * 25.4


def save_artifact(image, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / name)


def page_texts(body: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(body))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


@pytest.mark.parametrize("layout", list(pdf.LAYOUTS))
def test_every_qr_code_on_every_layout_reads_the_short_link(client, db, coordinator, layout):
    # The widest letters: the printed address must still fit on one line.
    link = factories.short_link(wijk_number=4, code="wmwmwm")
    db.session.commit()
    response = client.get(f"/flyers/{link.code}.pdf?layout={layout}&lang=nl")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    body = response.data
    expected = f"https://stoep.example/q/{link.code}"
    pages = rasterise(body)
    assert len(pages) == 1
    for image in pages:
        save_artifact(image, f"flyer-{layout}.png")  # to look at: are they good to print?
        codes = decode(image)
        assert [c.text for c in codes] == [expected] * EXPECTED_CODES[layout]
        for code in codes:
            assert width_mm(code) >= MIN_QR_MM, (layout, width_mm(code))
    for text in page_texts(body):
        assert f"stoep.example/q/{link.code}" in text
        assert WIJK_4 in text
        assert "09 323 56 00" in text and "huisvanhetkind@stad.gent" in text
        assert "juli" in text  # the season's dates, in Dutch


def test_qr_code_is_vector_and_sized_in_the_print_view(client, db, coordinator):
    link = factories.short_link(wijk_number=4)
    db.session.commit()
    body = client.get(f"/flyers/{link.code}.pdf?layout=a6x4").data
    for page in pypdf.PdfReader(io.BytesIO(body)).pages:
        # No raster images at all: the QR codes are drawn as paths.
        assert not page["/Resources"].get("/XObject"), "the PDF holds a bitmap"
    html = client.get(f"/flyers/{link.code}/print?layout=a6x4&lang=nl").get_data(as_text=True)
    sizes = re.findall(r'<svg class="qr"[^>]*width="([0-9.]+)mm"', html)
    assert len(sizes) == 4 and all(float(size) >= 30 for size in sizes)
    assert f"stoep.example/q/{link.code}" in html
    assert "style=" not in html and "<script" not in html and "<style" not in html
    assert "https://" not in re.sub(r'aria-label="[^"]*"', "", html)  # nothing remote


def test_a_forged_host_is_never_printed(client, db, coordinator):
    # PUBLIC_BASE_URL is the only origin a flyer carries (issue 14 §1): not the request's Host.
    link = factories.short_link(wijk_number=4)
    db.session.commit()
    forged = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    # The test client keeps cookies per host: the session goes along to the forged one.
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    response = client.get(f"/flyers/{link.code}.pdf?layout=a4", headers=forged)
    assert response.status_code == 200
    body = response.data
    (image,) = rasterise(body)
    assert [c.text for c in decode(image)] == [f"https://stoep.example/q/{link.code}"]
    assert f"stoep.example/q/{link.code}" in page_texts(body)[0]
    assert "evil" not in page_texts(body)[0]


def test_bad_layout_language_or_role_is_refused(client, db, login_as):
    link = factories.short_link()
    retired = factories.short_link(active=False)
    login_as("coordinator")
    assert client.get(f"/flyers/{link.code}.pdf?layout=a3").status_code == 400
    assert client.get(f"/flyers/{link.code}/print?layout=poster").status_code == 400
    assert client.get(f"/flyers/{link.code}.pdf?layout=a4&lang=xx").status_code == 400
    assert client.get(f"/flyers/{retired.code}.pdf?layout=a4").status_code == 400
    assert client.get("/flyers/zzzzzz.pdf?layout=a4").status_code == 404
    login_as("worker")
    assert client.get(f"/flyers/{link.code}.pdf?layout=a4").status_code == 403


def test_pdf_rendering_never_fetches_remote_or_private_files():
    fetcher = pdf._local_only_fetcher()
    for url in ("https://evil.example/x.png", "http://127.0.0.1/", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch((pdf.STATIC_DIR / "css" / "flyers.css").as_uri())


def test_bulk_pdf_for_a_round_with_three_wijken_in_two_languages(client, db, coordinator):
    visit_round = factories.flyer_round([1, 4, 12])
    existing = factories.short_link(wijk_number=4, lang="nl", round_id=visit_round.id)
    db.session.commit()
    form = client.get("/flyers/bulk")
    assert form.status_code == 200
    response = client.post(
        "/flyers/bulk",
        data={"round_id": str(visit_round.id), "languages": ["nl", "en"], "layout": "a5x2"},
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    links = db.session.scalars(
        db.select(ShortLink).where(ShortLink.round_id == visit_round.id)
    ).all()
    assert len(links) == 6 and existing in links  # the existing link is reused
    by_key = {(link.wijk_number, link.lang): link for link in links}
    order = [(w, lang) for w in (1, 4, 12) for lang in ("nl", "en")]
    pages = rasterise(response.data)
    texts = page_texts(response.data)
    assert len(pages) == 6
    for (wijk, lang), image, text in zip(order, pages, texts, strict=True):
        code = by_key[(wijk, lang)].code
        assert [c.text for c in decode(image)] == [f"https://stoep.example/q/{code}"] * 2
        assert f"stoep.example/q/{code}" in text
        assert by_key[(wijk, lang)].wijk.name in text
    # Again: nothing new is created.
    client.post(
        "/flyers/bulk",
        data={"round_id": str(visit_round.id), "languages": ["nl", "en"], "layout": "a4"},
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(ShortLink)) == 6


def test_bulk_needs_a_language(client, db, coordinator):
    visit_round = factories.flyer_round([4])
    db.session.commit()
    response = client.post("/flyers/bulk", data={"round_id": str(visit_round.id), "layout": "a4"})
    assert response.status_code == 422
    assert "Kies minstens één taal." in response.get_data(as_text=True)


# --- Every language on the flyers (issue: every family reads the flyer in its own language) ---
# One layout per language keeps the suite fast; Arabic, the hardest, gets every layout.
FLYER_TITLE = {
    "nl": "Kom mee spelen deze zomer!",
    "en": "Come and play this summer!",
    "fr": "Viens jouer cet été !",
    "tr": "Bu yaz gel, birlikte oynayalım!",
    "bg": "Ела да играем това лято!",
    "ar": "تعال والعب معنا هذا الصيف!",
    "uk": "Приходь гратися цього літа!",
}
LANGUAGE_LAYOUT = {"nl": "a6x4", "en": "a5x2", "fr": "a4", "tr": "a6x4", "bg": "a5x2", "uk": "a4"}
CASES = [(lang, layout) for lang, layout in LANGUAGE_LAYOUT.items()] + [
    ("ar", layout) for layout in pdf.LAYOUTS
]


def pdf_fonts(body: bytes) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(body)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.mark.parametrize(("lang", "layout"), CASES)
def test_every_language_prints_and_its_qr_code_reads(client, db, coordinator, lang, layout):
    link = factories.short_link(wijk_number=4, lang=lang)
    db.session.commit()
    response = client.get(f"/flyers/{link.code}.pdf?layout={layout}&lang={lang}")
    assert response.status_code == 200
    body = response.data
    assert len(body) < 120_000, len(body)  # subset fonts: small enough to mail or print
    print(f"flyer {layout} {lang}: {len(body)} bytes")
    (image,) = rasterise(body)
    save_artifact(image, f"flyer-{layout}-{lang}.png")
    assert [c.text for c in decode(image)] == [
        f"https://stoep.example/q/{link.code}"
    ] * EXPECTED_CODES[layout]
    html = client.get(f"/flyers/{link.code}/print?layout={layout}&lang={lang}").get_data(
        as_text=True
    )
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'lang="{lang}" dir="{direction}"' in html
    if layout != "doorhanger":  # the door hanger has a title of its own
        assert FLYER_TITLE[lang] in html


def ink_width(html_text: str) -> int:
    """Width in pixels of what WeasyPrint draws for one line of Arabic with the flyer styles."""
    from PIL import ImageOps

    line = f'<p class="flyer-title">{html_text}</p>'
    body = pdf.write_pdf(f'<section class="sheet" lang="ar" dir="rtl">{line}</section>')
    (image,) = rasterise(body)
    box = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 60 else 0).getbbox()
    return box[2] - box[0]


def test_arabic_flyer_is_shaped_in_the_arabic_font(client, db, coordinator):
    link = factories.short_link(wijk_number=4, lang="ar")
    db.session.commit()
    body = client.get(f"/flyers/{link.code}.pdf?layout=a4&lang=ar").data
    # The vendored Noto Sans Arabic is embedded (as a subset), not some fallback font.
    assert any("Stoepbezoek-Arabic" in name for name in pdf_fonts(body)), pdf_fonts(body)
    # The text layer holds the words in reading (logical) order, not reversed for display.
    text = page_texts(body)[0]
    for word in ("الصيف", "تعال", "والعب"):
        assert word in text, (word, text)
    # Shaped: letters join into one connected word. The same letters kept apart by zero-width
    # non-joiners must come out in their isolated forms, which are visibly wider.
    word = "الصيف"
    assert ink_width(word) < 0.85 * ink_width("\u200c".join(word))
