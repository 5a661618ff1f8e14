"""Each demo account signs in on a phone and sees its own home."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in


@pytest.mark.parametrize(
    "email,heading",
    [
        ("admin@demo.gent", "Beheer"),
        ("coordinator@demo.gent", "Coördinatie"),
        ("worker@demo.gent", "Vandaag"),
        ("worker2@demo.gent", "Vandaag"),
        ("provider@demo.gent", "Mijn aanbod"),
    ],
)
def test_each_role_signs_in_and_sees_its_home(page, live_server, screenshot, email, heading):
    sign_in(page, live_server, email)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    # Readable at phone width: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(email.split("@")[0])
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")


def test_wrong_password_keeps_the_email(page, live_server):
    sign_in(page, live_server, "worker@demo.gent", "not the right one")
    expect(page.get_by_text("Het e-mailadres of het wachtwoord klopt niet.")).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_have_value("worker@demo.gent")


def test_worker_on_admin_page_sees_403(page, live_server):
    sign_in(page, live_server, "worker@demo.gent")
    response = page.goto(f"{live_server}/beheer/gebruikers")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")


def test_a_cookie_copied_from_the_phone_opens_nothing_after_sign_out(
    page, live_server, browser, browser_context_args
):
    """Someone copies the session cookie off a worker's phone; the worker signs out."""
    sign_in(page, live_server, "worker2@demo.gent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vandaag")
    copied = [c for c in page.context.cookies() if c["name"] == "session"]
    assert copied
    elsewhere = browser.new_context(**browser_context_args)  # another phone, same language
    try:
        elsewhere.add_cookies(copied)
        other = elsewhere.new_page()
        other.goto(f"{live_server}/vandaag")
        expect(other.get_by_role("heading", level=1)).to_have_text("Vandaag")  # before: it works

        page.get_by_role("button", name="Afmelden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")

        other.goto(f"{live_server}/vandaag")
        expect(other.get_by_role("heading", level=1)).to_have_text("Aanmelden")
        assert other.request.get(f"{live_server}/api/v1/routes").status == 401
    finally:
        elsewhere.close()
