"""The loop on a phone: a provider submits through a call link, a coordinator publishes, a parent
finds the activity under the right week, wijk and age."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from app import clock
from app.season import current_season, iso_week_range
from tests.browser.conftest import sign_in

TITLE = "Buurtkamp met de fiets"


def test_call_submission_to_publication_to_parent(page, live_server, screenshot):
    season = current_season(clock.today())
    week = season.weeks[2]
    monday = iso_week_range(week)[0]

    sign_in(page, live_server, "coordinator@demo.gent")
    page.get_by_role("link", name="Aanbod", exact=True).click()
    page.get_by_role("link", name="Oproepen").click()
    page.locator(".queue a").first.click()
    link = page.get_by_label("Geheime link voor de aanbieders").input_value()
    page.get_by_role("button", name="Afmelden").click()

    page.goto(link)
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Aanbieder").fill("Fietsatelier Gent")
    page.get_by_label("Sport en bewegen").check()
    page.get_by_label("Kamp", exact=True).check()
    page.get_by_label("Vanaf leeftijd").fill("6")
    page.get_by_label("Tot en met leeftijd").fill("10")
    page.get_by_label("Eerste dag").fill(monday.isoformat())
    page.get_by_label("Laatste dag").fill((monday + timedelta(days=4)).isoformat())
    page.get_by_label("Straat").fill("Acaciastraat")
    page.get_by_label("Huisnummer").fill("7")
    page.get_by_label("Gratis", exact=True).check()
    page.get_by_label("Contactpersoon", exact=True).fill("Fien")
    page.get_by_label("E-mail contactpersoon").fill("fien@example.org")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Activiteit indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt!")
    expect(page.locator("a.secret-link")).to_have_text(re.compile(r"/activiteit/\d+/"))
    screenshot("thanks")

    sign_in(page, live_server, "coordinator@demo.gent")
    page.get_by_role("link", name="Aanbod", exact=True).click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text(f"„{TITLE}” is gepubliceerd.")).to_be_visible()
    page.get_by_role("button", name="Afmelden").click()

    page.goto(f"{live_server}/aanbod?wijk=4&age=7")
    section = page.locator(f"section[aria-labelledby='{week}']")
    expect(section.get_by_role("link", name=TITLE)).to_be_visible()
    page.goto(f"{live_server}/aanbod?wijk=5&age=7")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    page.goto(f"{live_server}/aanbod?wijk=4&age=11")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
