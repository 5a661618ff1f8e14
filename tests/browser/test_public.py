"""A parent on a phone opens the summer offer, filters by age and wijk, and opens an activity."""

import re

from playwright.sync_api import expect


def test_parent_filters_the_offer_and_opens_an_activity(page, live_server, screenshot):
    page.goto(f"{live_server}/aanbod")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zomeraanbod voor kinderen")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("offer")

    page.get_by_text("wijzig", exact=True).click()  # the choices open from their one line
    page.get_by_label("Leeftijd").select_option("8")
    page.get_by_label("Wijk").select_option("4")
    page.get_by_role("button", name="Toon aanbod").click()
    expect(page).to_have_url(f"{live_server}/aanbod?wijk=4&age=8&category=&week=&overnight=")
    expect(page.get_by_label("Wijk")).to_have_value("4")
    cards = page.locator(".act")
    assert cards.count() > 0
    # Every card shown is in Brugse Poort and open to an eight-year-old.
    for text in cards.all_inner_texts():
        assert "Brugse Poort - Rooigem" in text
        low, high = map(int, re.search(r"(\d+) tot (\d+) jaar", text).groups())
        assert low <= 8 <= high
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("filtered")

    first = cards.first.get_by_role("link").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("link", name="Bekijk op de kaart (OpenStreetMap)")).to_be_visible()
    expect(page.get_by_role("link", name="Zet in je agenda")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("activity")


def test_tap_targets_on_the_offer_are_large_enough(page, live_server):
    page.goto(f"{live_server}/aanbod?wijk=4")
    page.get_by_text("wijzig", exact=True).click()
    small = page.evaluate(
        """() => [...document.querySelectorAll(
              'main a, main button, main select, summary, .languages a')]
            .filter(el => el.getBoundingClientRect().height < 44)
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert small == []


def test_a_parent_goes_from_a_long_week_to_its_pages_and_back(page, own_live_server, screenshot):
    from app.extensions import db
    from app.public.listing import PAGE_SIZE
    from app.season import iso_week_range
    from tests import factories

    base_url, app = own_live_server
    week = factories.season_week(2)
    number = iso_week_range(week)[0].isocalendar().week
    with app.app_context():
        for i in range(PAGE_SIZE + 10):
            factories.activity(title=f"Speelweek {i:02d}", week=week, wijk_number=7)
        db.session.commit()

    page.goto(f"{base_url}/aanbod?wijk=7")  # the demo data has an activity of its own there
    link = page.get_by_role("link", name=re.compile(rf"^Alle \d+ activiteiten van week {number}$"))
    total = int(re.search(r"\d+", link.inner_text()).group())
    assert total >= PAGE_SIZE + 10
    link.click()
    # The week's list opens at its heading, past the filters, with its place in the list.
    heading = page.get_by_role("heading", name=re.compile(f"^Week {number} "))
    expect(heading).to_be_in_viewport()
    this_week = page.get_by_role("link", name=f"week {number}", exact=True)
    expect(this_week).to_have_attribute("aria-current", "page")
    pager = page.get_by_role("navigation", name=f"Pagina's van week {number}")
    expect(pager).to_contain_text("Pagina 1 van 2")
    expect(page.locator(".act")).to_have_count(PAGE_SIZE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    pager.get_by_role("link", name="Volgende pagina").click()
    expect(pager).to_contain_text("Pagina 2 van 2")
    expect(page.locator(".act")).to_have_count(total - PAGE_SIZE)
    expect(page.get_by_label("Wijk")).to_have_value("7")  # the filter went along
    small = page.evaluate(
        """() => [...document.querySelectorAll('.pager a, .weeknav a')]
            .filter(el => el.getBoundingClientRect().height < 44).map(el => el.outerHTML)"""
    )
    assert small == []
    screenshot("week-page-2")
    pager.get_by_role("link", name="Vorige pagina").click()
    expect(pager).to_contain_text("Pagina 1 van 2")
    page.get_by_role("link", name="Heel de zomer").click()
    expect(page).to_have_url(f"{base_url}/aanbod?wijk=7")
