"""On a phone: a worker walks today's route and logs visits; a coordinator cuts and assigns."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.phone import back_from_the_familys_offer


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def open_todays_route(page, live_server, email):
    sign_in(page, live_server, email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vandaag")
    link = page.get_by_role("link", name=re.compile(r"^Route \d+"))
    expect(link).to_have_count(1)
    name = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_worker_marks_a_stop_not_home_in_one_tap(page, live_server, screenshot):
    open_todays_route(page, live_server, "worker@demo.gent")
    progress = page.locator("#progress")
    total = int(progress.inner_text().split("/")[1])
    expect(progress).to_have_text(f"0 / {total}")
    assert total >= 10 and fits_the_screen(page)
    screenshot("route")
    first = page.locator("li.stop").first
    first.get_by_role("button", name="Niet thuis", exact=True).click()  # the one tap
    expect(page.locator("#progress")).to_have_text(f"1 / {total}")
    expect(page.locator("li.stop").first.locator(".stop-status")).to_contain_text(
        "Niet thuis · poging 1 van 3"
    )
    expect(page.get_by_role("status")).to_contain_text("Niet thuis bewaard")
    # Still open for the next attempt.
    again = page.locator("li.stop").first.get_by_role("button", name="Niet thuis", exact=True)
    expect(again).to_be_visible()
    screenshot("after-not-home")


def test_worker_marks_several_stops_and_uses_the_other_outcomes(page, live_server, screenshot):
    open_todays_route(page, live_server, "worker@demo.gent")
    stops = page.locator("li.stop")
    stops.nth(2).locator("summary").click()
    screenshot("more-outcomes")
    stops.nth(2).get_by_role("button", name="Geweigerd").click()
    expect(page.locator("li.stop").nth(2)).to_contain_text("afgerond")
    page.locator("li.stop").nth(3).get_by_role("checkbox").check()
    page.locator("li.stop").nth(4).get_by_role("checkbox").check()
    page.get_by_role("button", name="Aangevinkte: niet thuis").click()
    expect(page.get_by_role("status")).to_contain_text("Niet thuis bewaard voor 2 adressen")


def test_worker_logs_a_contact_with_the_package_and_two_interests(page, live_server, screenshot):
    open_todays_route(page, live_server, "worker2@demo.gent")
    stop = page.locator("li.stop").first
    address = stop.locator(".stop-address").inner_text()
    stop.get_by_role("link", name="Contact").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contact")
    # The package that suits the family's children is ticked already, quantity 1.
    packages = page.locator("fieldset.packages input[type=checkbox]:checked")
    expect(packages.first).to_be_checked()
    expect(page.locator("fieldset.packages input.qty").first).to_have_value("1")
    # Known families said yes before (remembered, no box to tick); others are asked now.
    if not page.locator(".consent-known").count():
        page.get_by_label("Gezin gaat akkoord").check()
    screenshot("contact-form")
    assert fits_the_screen(page)
    page.get_by_label("Zwemmen").check()  # tap
    page.get_by_label("Kamp").check()  # tap
    screenshot("contact-filled")
    page.get_by_role("button", name="Bewaren").click()  # tap
    expect(page.get_by_role("status")).to_contain_text("Contact bewaard")
    back_from_the_familys_offer(page)  # after the family scanned its own offer
    first = page.locator("li.stop").first
    expect(first).to_contain_text(address.split(". ", 1)[1])
    expect(first.locator(".stop-status")).to_contain_text("Contact")
    expect(page.locator("#progress")).to_have_text(re.compile(r"^1 / \d+$"))
    screenshot("after-contact")


def test_coordinator_cuts_a_round_into_routes_and_assigns_them(page, live_server, screenshot):
    sign_in(page, live_server, "coordinator@demo.gent")
    page.get_by_role("link", name="Rondes", exact=True).click()
    page.get_by_role("link", name="Nieuwe ronde").click()
    page.get_by_label("Naam").fill("Najaar Muide")
    page.get_by_label("Van").fill("2027-09-01")
    page.get_by_label("Tot en met").fill("2027-09-30")
    page.get_by_label("10. Muide - Meulestede - Afrikalaan").check()
    page.get_by_label("Zomerpakket lagere school").check()
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Najaar Muide")
    page.get_by_role("button", name="Alle adressen van de wijk").click()
    expect(page.get_by_role("status")).to_contain_text("adressen toegevoegd")
    page.get_by_label("Aantal routes").fill("3")
    page.get_by_role("button", name="Verdelen", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Verdeeld in 3 routes")
    screenshot("round-cut")
    page.locator("#route-list").locator("xpath=following-sibling::*[1]").get_by_role(
        "link", name=re.compile(r"^Route 1")
    ).click()
    page.get_by_label("Datum").fill("2027-09-02")
    first = page.get_by_label("Stoepbezoeker", exact=True)
    first.select_option(label="Wout Stoepbezoeker (Kinderopvang De Ballon)")
    second = page.get_by_label("Tweede stoepbezoeker (optioneel)")
    second.select_option(label="Wiet Stoepbezoeker (Buurtwerk Brugse Poort)")
    page.get_by_role("button", name="Route bewaren").click()
    expect(page.get_by_role("status")).to_contain_text("Route bewaard")
    screenshot("route-assigned")
    page.get_by_role("link", name="Najaar Muide").click()
    expect(page.locator("table")).to_contain_text("Wiet Stoepbezoeker, Wout Stoepbezoeker")
    expect(page.locator("table")).to_contain_text("2027-09-02")
