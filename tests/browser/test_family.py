"""The family's side, on an iPhone 13 (390 × 664): what a parent sees after a scan.

Each test acts as a parent would: scan a flyer's code, read, tap. The demo data has offer in
wijken 1–16 only, none for four-year-olds in Sint-Amandsberg, and none at all in Ledeberg.
"""

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests import factories
from tests.browser.conftest import ARTIFACTS

SINT_AMANDSBERG, LEDEBERG = 14, 18
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "fr": "Français",
    "tr": "Türkçe",
    "bg": "Български",
    "ar": "العربية",
    "uk": "Українська",
}


def flyer(live_app, wijk: int, lang: str) -> str:
    """A printed code of a wijk in a language, as coordinators make them; its code."""
    with live_app.app_context():
        link = factories.short_link(wijk_number=wijk, lang=lang, label=f"Browser {wijk} {lang}")
        db.session.commit()
        return link.code


@pytest.fixture
def arabic_page(browser, browser_context_args):
    """A phone set to Arabic: its browser asks for Arabic pages (Accept-Language: ar)."""
    context = browser.new_context(**{**browser_context_args, "locale": "ar"})
    page = context.new_page()
    yield page
    context.close()


def shot(page, request, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{request.node.name}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found, locator
    return found


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_after_a_scan_the_wijks_activities_come_first(page, live_app, live_server, screenshot):
    code = flyer(live_app, 4, "nl")
    page.goto(f"{live_server}/q/{code}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Zomeraanbod in Brugse Poort - Rooigem"
    )
    height = page.viewport_size["height"]
    assert height == 664
    # The first activity is on the first screen, its title and its day with it, unscrolled.
    first = page.locator(".act").first
    assert box(first.locator("h3"))["y"] + box(first.locator("h3"))["height"] <= height
    assert box(first.locator("dd").first)["y"] + 24 <= height
    assert page.evaluate("window.scrollY") == 0
    # The language choice is at the top, each language in its own name and marked with it.
    languages = page.locator(".lang-bar .languages")
    assert box(languages)["y"] < box(page.locator("h1"))["y"]
    for code_, name in LANGUAGE_NAMES.items():
        expect(languages.locator(f'a[lang="{code_}"]')).to_have_text(name)
    # The choices are one line: what is chosen, and "wijzig".
    summary = page.locator("details.choices > summary")
    expect(summary).to_have_text(re.compile(r"alle leeftijden · heel de zomer\s+wijzig$"))
    assert box(summary)["height"] < 2 * 44
    expect(page.get_by_label("Leeftijd")).to_be_hidden()
    assert fits_the_screen(page)
    screenshot("first-screen")
    # One tap opens them; the flyer's language and wijk stay while the family changes them.
    summary.get_by_text("wijzig").click()
    page.get_by_label("Leeftijd").select_option("8")
    page.get_by_role("button", name="Toon aanbod").click()
    expect(page).to_have_url(re.compile(r"lang=nl.*wijk=4.*age=8"))
    expect(page.locator("details.choices > summary")).to_contain_text("8 jaar")
    for text in page.locator(".act").all_inner_texts():
        low, high = map(int, re.search(r"(\d+) tot (\d+) jaar", text).groups())
        assert "Brugse Poort - Rooigem" in text and low <= 8 <= high


def test_a_wijk_without_offer_is_no_dead_end(page, live_app, live_server, screenshot):
    code = flyer(live_app, LEDEBERG, "nl")
    page.goto(f"{live_server}/q/{code}")
    status = page.locator(".nothing")
    expect(status).to_have_text("In Ledeberg is er nog geen aanbod deze zomer.")
    expect(page.get_by_text("0 activiteiten")).to_have_count(0)
    nearby = page.locator("section.nearby")
    expect(nearby.get_by_role("heading", name="Aanbod in de buurt")).to_be_visible()
    # The nearest wijk with offer first (by the wijk centres): Moscou - Vogelhoek, 1,4 km.
    first = nearby.locator("h3.near").first
    expect(first).to_have_text(re.compile(r"^Moscou - Vogelhoek\s+1,4 km van Ledeberg$"))
    assert nearby.locator(".act").count() >= 3
    assert box(nearby.locator(".act").first)["y"] < 2 * page.viewport_size["height"]
    everywhere = re.compile(r"^Heel Gent: \d+ activiteiten$")
    expect(page.get_by_role("link", name=everywhere)).to_be_visible()
    tips = "Tips om buiten te spelen en voor als het regent"
    expect(page.get_by_role("link", name=tips)).to_be_visible()
    expect(page.locator("section.ideas").get_by_role("link", name="UiTinGent")).to_have_attribute(
        "href", "https://uitin.gent"
    )
    assert fits_the_screen(page)
    screenshot("zero-result")
    # One tap to the nearest wijk's whole offer, in the flyer's language still.
    nearby.get_by_role("link", name=re.compile(r"activiteiten in Moscou - Vogelhoek")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zomeraanbod in Moscou - Vogelhoek")
    expect(page).to_have_url(re.compile(r"wijk=15"))
    assert page.locator(".act").count() > 0


def test_age_four_in_sint_amandsberg_leads_to_other_ages_and_wijken(page, live_server, screenshot):
    page.goto(f"{live_server}/aanbod?wijk={SINT_AMANDSBERG}&age=4")
    expect(page.locator(".nothing")).to_have_text(
        "In Sint-Amandsberg vonden we niets met deze keuzes."
    )
    nearby = page.locator("section.nearby")
    for text in nearby.locator(".act").all_inner_texts():
        low, high = map(int, re.search(r"(\d+) tot (\d+) jaar", text).groups())
        assert low <= 4 <= high and "Sint-Amandsberg" not in text.split("Waar")[1]
    screenshot("age-4")
    page.get_by_role("link", name=re.compile(r"^Alle leeftijden: \d+ activiteiten?$")).click()
    expect(page).to_have_url(f"{live_server}/aanbod?wijk={SINT_AMANDSBERG}")
    assert page.locator(".act").count() > 0


def test_the_way_back_keeps_the_wijk_and_the_choices(page, live_server, screenshot):
    page.goto(f"{live_server}/aanbod?wijk=4&age=8")
    card = page.locator(".act").nth(1)
    card_id = card.get_attribute("id")
    card.get_by_role("link").first.click()
    back = page.get_by_role("link", name="Alle activiteiten")
    size = box(back)
    assert size["height"] >= 44 and size["width"] >= 44  # was 98 × 20
    screenshot("activity")
    back.click()
    expect(page).to_have_url(f"{live_server}/aanbod?wijk=4&age=8#{card_id}")
    expect(page.locator("details.choices > summary")).to_contain_text("8 jaar")
    expect(page.locator(f"#{card_id}")).to_be_in_viewport()


def test_a_dutch_flyer_opens_in_the_phones_arabic_and_the_switch_is_one_tap(
    arabic_page, live_app, live_server, request
):
    page = arabic_page
    dutch, french = flyer(live_app, 4, "nl"), flyer(live_app, 4, "fr")
    page.goto(f"{live_server}/q/{dutch}")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("أنشطة صيفية في Brugse Poort - Rooigem")
    # A flyer printed in French is for a French-reading family: it wins over the phone.
    page.goto(f"{live_server}/q/{french}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # The switch: one tap on the top of the page, and it is remembered for the next scans.
    page.goto(f"{live_server}/q/{dutch}")
    switch = page.locator('.lang-bar a[lang="nl"]')
    assert box(switch)["y"] < 100
    switch.click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    for code in (dutch, french):
        page.goto(f"{live_server}/q/{code}")
        expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_arabic_tips_are_arabic_or_marked_as_dutch(arabic_page, live_app, live_server, request):
    with live_app.app_context():
        factories.tip(
            title="Schaduwtekenen",
            text="Teken elkaars schaduw met krijt.",
            title_i18n={"ar": "رسم الظلال"},
            text_i18n={"ar": "ارسموا ظلال بعضكم بالطباشير."},
        )
        db.session.commit()
    page = arabic_page
    page.goto(f"{live_server}/tips")
    expect(page.get_by_role("heading", name="رسم الظلال")).to_be_visible()
    # A demo tip without Arabic: the Dutch, marked for the reader and for the browser.
    dutch = page.locator('h3:has(span[lang="nl"])').first
    expect(dutch.locator(".in-dutch")).to_have_text("(باللغة الهولندية)")
    expect(dutch.locator('span[lang="nl"]')).to_have_attribute("dir", "ltr")
    shot(page, request, "tips-ar")


def test_arabic_keeps_numbers_times_and_names_in_their_order(
    arabic_page, live_app, live_server, request
):
    with live_app.app_context():
        from datetime import time

        item = factories.activity(
            title="Bidi-kamp",
            title_i18n={"ar": "مخيم الاتجاهات"},
            wijk_number=SINT_AMANDSBERG,
            location_name="Buurthuis De Vonk",
            street="Kortrijksesteenweg",
            number="12",
            postcode="9040",
            start_time=time(9),
            end_time=time(16),
            age_min=6,
            age_max=12,
        )
        db.session.commit()
        activity_id = item.id
    page = arabic_page
    page.goto(f"{live_server}/aanbod/{activity_id}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    def left(text: str) -> float:
        """Where a piece of the page's text is drawn, from the left edge."""
        return page.evaluate(
            """(text) => {
              const walker = document.createTreeWalker(document.querySelector('main'),
                                                       NodeFilter.SHOW_TEXT);
              while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf(text);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + text.length);
                return range.getBoundingClientRect().left;
              }
              return null;
            }""",
            text,
        )

    # The hours read 09:00–16:00 in right-to-left text too (not "16:00–09:00").
    assert left("09:00") < left("16:00")
    # The street keeps its number after it ("Kortrijksesteenweg 12", not "12 Kortrijksesteenweg").
    assert left("Kortrijksesteenweg") < left("12, 9040")
    # Two names side by side read right to left: the place first (at the right), then the wijk.
    facts = page.locator(".facts")
    place, wijk = (
        box(facts.locator("bdi", has_text=t).first)
        for t in ("Buurthuis De Vonk", "Sint-Amandsberg")
    )
    assert place["x"] > wijk["x"]
    # The price keeps its euro sign before the amount.
    page.goto(f"{live_server}/aanbod?wijk={SINT_AMANDSBERG}")
    card = page.locator(".act", has_text="مخيم الاتجاهات")
    expect(card).to_be_visible()
    euro = card.locator('bdi[dir="ltr"]', has_text="€")
    assert euro.inner_text() == "€ 10"
    assert fits_the_screen(page)
    shot(page, request, "offer-ar")


def test_arabic_reads_whole_sentences_in_the_glossarys_words(
    arabic_page, live_app, live_server, request
):
    with live_app.app_context():
        item = factories.activity(
            title="Volzet kamp",
            title_i18n={"ar": "مخيم مكتمل"},
            wijk_number=5,
            full=True,
            kansentarief=True,
            kansentarief_price_eur=3,
            weekdays="135",
            age_min=3,
            age_max=8,
            categories=["play", "camp"],
        )
        db.session.commit()
        activity_id = item.id
    page = arabic_page
    page.goto(f"{live_server}/aanbod/{activity_id}")
    facts = page.locator(".facts")
    # Full is "the places are taken", not "crowded"; the UiTPAS and its rate explained once.
    expect(facts).to_contain_text("اكتمل العدد.")
    uitpas = "مع بطاقة الترفيه UiTPAS بالتعريفة المخفَّضة (kansentarief) تدفع أقل."
    expect(facts).to_contain_text(uitpas)
    # The days as one sentence, joined the Arabic way; the ages in the plural of 3 to 10.
    expect(facts).to_contain_text("الأيام: الاثنين والأربعاء والجمعة.")
    expect(facts).to_contain_text("من 3 إلى 8 سنوات")
    expect(facts).to_contain_text("اللعب وأنشطة اللعب الصيفية بإشراف مربّين")
    # Wheelchair access not known: "we do not know", not "maybe not".
    expect(facts).to_contain_text("لا نعرف إن كان المكان مناسبًا للكرسي المتحرك")
    # The calendar file the phone downloads carries the Arabic title.
    with page.expect_download() as download:
        page.get_by_role("link", name="أضف إلى تقويمك").click()
    calendar = download.value.path().read_text(encoding="utf-8").replace("\r\n ", "")
    assert "SUMMARY:مخيم مكتمل" in calendar
    shot(page, request, "activity-ar")


@pytest.mark.parametrize("lang", list(LANGUAGE_NAMES))
def test_the_first_activity_is_on_the_first_screen_in_every_language(page, live_server, lang):
    # The longest wijk name of Ghent, in each public language's own heading and choices line.
    page.goto(f"{live_server}/aanbod?wijk=6&lang={lang}")
    title = page.locator(".act h3").first
    bottom = box(title)["y"] + box(title)["height"]
    assert bottom <= page.viewport_size["height"], (lang, bottom)
    assert fits_the_screen(page)
