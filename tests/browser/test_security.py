"""On a phone: the audit trail, changing one's password, and pages the strict CSP doesn't break."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in


def csp_violations(page) -> list[str]:
    found = []
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return found


def test_admin_searches_the_audit_trail(page, live_server, screenshot):
    violations = csp_violations(page)
    sign_in(page, live_server, "admin@demo.gent")
    page.get_by_role("link", name="Audittrail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audittrail")
    page.get_by_label("E-mail van de gebruiker").fill("admin@demo.gent")
    page.get_by_label("Actie").select_option("sign_in")
    page.get_by_role("button", name="Zoeken").click()
    row = page.get_by_role("row").filter(has_text="admin@demo.gent").first
    expect(row.get_by_role("cell").filter(has_text="sign_in")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("audit")
    page.get_by_role("link", name="Bewaartermijn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaartermijn")
    screenshot("retention")
    assert violations == []


def change_password(page, current, new):
    # The worker's phone pages fold the menu into one "Menu" button (the first screen is for
    # the route); it opens like any disclosure.
    page.locator(".site-menu > summary").filter(has_text="Menu").click()
    page.get_by_role("link", name="Wachtwoord").click()
    page.get_by_label("Huidig wachtwoord").fill(current)
    page.get_by_label("Nieuw wachtwoord").fill(new)
    page.get_by_label("Herhaal het nieuwe wachtwoord").fill(new)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()


def test_worker_changes_password_and_stays_signed_in(page, live_server, screenshot):
    violations = csp_violations(page)
    sign_in(page, live_server, "worker2@demo.gent")
    change_password(page, "stoepbezoek-demo", "een nieuw lang wachtwoord")
    expect(page.get_by_text("Je wachtwoord is gewijzigd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vandaag")
    screenshot("changed")
    # Put the demo password back for the other tests of this session.
    change_password(page, "een nieuw lang wachtwoord", "stoepbezoek-demo")
    expect(page.get_by_text("Je wachtwoord is gewijzigd.")).to_be_visible()
    assert violations == []
