"""A parent on a phone opens the summer offer, filters by age and wijk, and opens an activity."""

import re

from playwright.sync_api import expect


def test_parent_filters_the_offer_and_opens_an_activity(page, live_server, screenshot):
    page.goto(f"{live_server}/aanbod")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zomeraanbod voor kinderen")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("offer")

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
    small = page.evaluate(
        """() => [...document.querySelectorAll('main a, main button, main select')]
            .filter(el => el.getBoundingClientRect().height < 44)
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert small == []
