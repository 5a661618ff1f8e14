"""A coordinator answers a family's request on a phone: find the address, see it all, erase it."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_households import fill_household


def test_coordinator_finds_sees_and_erases_a_household(page, live_server, screenshot):
    sign_in(page, live_server, "coordinator@demo.gent")
    page.goto(f"{live_server}/huishoudens/nieuw")
    fill_household(page, "Wielewaalstraat", "311")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wielewaalstraat 311, 9000 Gent")

    page.get_by_role("link", name="Gegevens van een gezin").click()
    page.get_by_label("Adres (straat en huisnummer)").fill("wielewaalstraat 311")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Wielewaalstraat 311").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alles over Wielewaalstraat 311")
    expect(page.get_by_text("household_created")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("everything")

    page.get_by_role("link", name="Wissen").click()
    page.get_by_role("button", name="Ja, definitief wissen").click()
    expect(page.get_by_text("Vink aan dat je dit begrijpt.")).to_be_visible()
    page.get_by_label("Ik begrijp dat alles over dit adres definitief gewist wordt.").check()
    screenshot("confirm")
    page.get_by_role("button", name="Ja, definitief wissen").click()
    expect(page.get_by_text("en alles erover is gewist")).to_be_visible()
    page.get_by_label("Adres (straat en huisnummer)").fill("wielewaalstraat 311")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Geen huishouden gevonden op dit adres.")).to_be_visible()
