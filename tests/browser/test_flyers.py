"""A coordinator prints a flyer on a phone; a worker shows the wijk's QR code full-screen."""

import re

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from app.auth.models import User
from app.extensions import db
from app.wijken.models import Wijk
from tests import factories
from tests.browser.conftest import sign_in


def test_coordinator_makes_a_short_link_and_gets_its_flyer(page, live_server, screenshot):
    sign_in(page, live_server, "coordinator@demo.gent")
    page.get_by_role("link", name="Flyers", exact=True).click()
    page.get_by_role("link", name="Nieuwe korte link").click()
    page.get_by_label("Naam").fill("Flyer Brugse Poort (browser)")
    page.get_by_label("Wijk").select_option(label="4. Brugse Poort - Rooigem")
    page.get_by_label("Taal van de flyer").select_option("nl")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flyer Brugse Poort (browser)")
    code = re.search(r"/flyers/([a-z0-9]+)$", page.url).group(1)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("detail")

    page.get_by_label("4 flyers A6 op een A4-blad, met snijlijnen").check()
    page.get_by_role("button", name="Bekijk afdrukversie").click()
    expect(page.locator("svg.qr")).to_have_count(4)
    expect(page.locator(".short-url").first).to_have_text(
        f"127.0.0.1:{_port(live_server)}/q/{code}"
    )
    screenshot("print-view")

    pdf_link = page.get_by_role("link", name="Download als PDF")
    response = page.request.get(live_server + pdf_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    document = pdfium.PdfDocument(response.body())
    image = document[0].render(scale=150 / 72).to_pil()
    document.close()
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    assert decoded == [f"{live_server}/q/{code}"] * 4


def test_worker_shows_the_wijk_qr_code_full_screen(page, live_app, live_server, screenshot):
    with live_app.app_context():
        worker = db.session.scalar(db.select(User).where(User.email == "worker@demo.gent"))
        factories.flyer_round([7], worker=worker, name="Ronde QR-test")
        factories.short_link(wijk_number=7, lang="nl", label="Flyer browser-test")
        db.session.commit()
        wijk_name = db.session.get(Wijk, 7).name
    sign_in(page, live_server, "worker@demo.gent")
    page.locator(".site-menu > summary").click()  # the phone pages fold the menu
    page.get_by_role("link", name="QR tonen").click()
    page.get_by_role("link", name=re.compile(re.escape(wijk_name))).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(wijk_name)
    address = page.locator(".qr-address").inner_text()
    path = screenshot("qr-full-screen")
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(path))]
    assert decoded == [f"http://{address}"]
    assert address.startswith(f"127.0.0.1:{_port(live_server)}/q/")
    # The code on the screen is a working short link: it leads to the wijk's offer.
    response = page.request.get(f"http://{address}", max_redirects=0)
    assert response.status == 302 and response.headers["location"].startswith("/aanbod?wijk=7")


def _port(base_url: str) -> str:
    return base_url.rsplit(":", 1)[1]
