"""A coordinator on a phone: the coverage matrix, the map, a wijk's details, a call from a gap."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import sign_in


def fits_the_screen(page) -> bool:
    # screen.width: on a phone the layout viewport (innerWidth) grows with content that overflows.
    return page.evaluate("document.documentElement.scrollWidth <= screen.width")


def test_coordinator_sees_the_gaps_and_calls_for_offer(page, live_server, screenshot):
    sign_in(page, live_server, "coordinator@demo.gent")
    page.get_by_role("link", name="Dekking", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("aanbod per wijk en week")
    matrix = page.locator("table.matrix")
    expect(matrix.get_by_role("rowheader")).to_have_count(26)  # 25 wijken and the totals
    # The page itself does not scroll sideways; the matrix does, its wijk column stays put.
    assert fits_the_screen(page)
    wrap = page.locator(".matrix-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    first_cell = page.locator("table.matrix tbody th").first
    left_before = first_cell.bounding_box()["x"]
    wrap.evaluate("el => el.scrollLeft = 300")
    assert abs(first_cell.bounding_box()["x"] - left_before) < 1
    expect(page.locator("td.cell-empty").first).to_contain_text("geen aanbod")
    wrap.evaluate("el => el.scrollLeft = 0")
    screenshot("matrix")

    page.get_by_label("Leeftijd").select_option("3-6")
    page.get_by_role("button", name="Toon").click()
    expect(page).to_have_url(re.compile(r"age=3-6"))

    page.get_by_role("link", name="Kaart", exact=True).click()
    expect(page.locator("svg.wijk-map a")).to_have_count(25)
    assert fits_the_screen(page)
    screenshot("map")
    page.get_by_label("Kleur volgens").select_option("gap")
    page.get_by_role("button", name="Toon").click()
    screenshot("map-gaps")
    page.locator("svg.wijk-map a").nth(3).click()  # wijk 4, Brugse Poort - Rooigem
    expect(page.get_by_role("heading", level=1)).to_contain_text("Brugse Poort - Rooigem")
    screenshot("wijk")

    page.get_by_role("link", name="Vraag en aanbod").click()
    gaps = page.locator(".gap-list input[type=checkbox]")
    expect(gaps.first).to_be_visible()
    first_gap = page.locator(".gap-list label").first.inner_text()
    wijk_name = first_gap.split(":", 1)[0]
    gaps.nth(0).check()
    gaps.nth(1).check()
    screenshot("gaps")
    page.get_by_role("button", name="Oproep maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe oproep")
    expect(page.get_by_label("Titel")).to_have_value(re.compile(re.escape(wijk_name)))
    expect(page.get_by_label("Boodschap aan de aanbieders")).to_have_value(
        re.compile("Concreet zoeken we")
    )
    assert page.locator("input[name=target_weeks]:checked").count() >= 1
    assert page.locator("input[name=target_categories]:checked").count() >= 1
    screenshot("call-form")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("Oproep bewaard.")).to_be_visible()
    expect(page.get_by_role("heading", name="Binnengekomen via deze oproep")).to_be_visible()
    screenshot("call-saved")
