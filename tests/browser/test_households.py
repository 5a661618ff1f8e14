"""A coordinator adds a household on a phone, meets the near-duplicate check, and saves anyway."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in


def fill_household(page, street: str, number: str):
    page.get_by_label("Straat").fill(street)
    page.get_by_label("Huisnummer").fill(number)
    page.get_by_label("Postcode").fill("9000")
    page.get_by_label("Arabisch").check()
    page.get_by_label("6–8 jaar").fill("2")


def test_coordinator_adds_a_household_and_confirms_a_near_duplicate(page, live_server, screenshot):
    sign_in(page, live_server, "coordinator@demo.gent")
    page.get_by_role("link", name="Huishoudens").click()
    page.get_by_role("link", name="Nieuw huishouden").click()
    fill_household(page, "Wielewaalstraat", "77")  # a street the project knows: wijk 4
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("form")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wielewaalstraat 77, 9000 Gent")
    expect(page.get_by_text("Brugse Poort - Rooigem")).to_be_visible()

    page.get_by_role("link", name="Huishoudens").click()
    page.get_by_role("link", name="Nieuw huishouden").click()
    fill_household(page, "WIELEWAALSTRAAT", "77")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("heading", name="Dit adres lijkt al te bestaan")).to_be_visible()
    expect(page.get_by_label("Straat")).to_have_value("WIELEWAALSTRAAT")
    screenshot("near-duplicate")
    page.get_by_role("button", name="Toch bewaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("WIELEWAALSTRAAT 77, 9000 Gent")
    expect(page.get_by_text("Dit adres lijkt op:")).to_be_visible()
