"""Signing out without signal (issue 14 §2): the phone's copies of pages with addresses go at
once, the worker reads that they are signed out on this phone, the server ends the session as
soon as there is signal, and unsent visits stay for their owner."""

from playwright.sync_api import expect

from app.audit.models import AuditEvent
from app.extensions import db
from tests.browser.phone import (
    ALL_SENT,
    in_server,
    open_route,
    pending,
    queued_on_phone,
    shot,
    stop,
    stored_visits,
)

SIGNED_OUT = "Je bent afgemeld op deze telefoon"
WAITING = "De server wordt verwittigd zodra er bereik is."
TOLD = "De server weet het nu: je sessie is beëindigd."

KEPT_PAGES = """() => caches.keys().then(async (names) => {
  const urls = [];
  for (const name of names) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
})"""


def sign_outs(app) -> int:
    return in_server(
        app,
        lambda session: session.scalar(
            db.select(db.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "sign_out")
        ),
    )


def test_signing_out_without_signal_clears_the_phone_and_tells_the_server_later(
    page, own_live_server, request
):
    base_url, app = own_live_server
    open_route(page, base_url)
    route_url = page.url
    assert any("/routes/" in url for url in page.evaluate(KEPT_PAGES))
    other_tab = page.context.new_page()
    other_tab.goto(route_url)
    expect(other_tab.locator("li.stop").first).to_be_visible()
    page.context.set_offline(True)
    stop(page, 0).get_by_role("button", name="Niet thuis", exact=True).click()
    expect(page.locator("#sync-count")).to_have_text(pending(1))

    warnings = []
    page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Afmelden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(SIGNED_OUT)
    expect(page.locator("#sign-out-status")).to_have_text(WAITING)
    shot(page, request, "signed-out-offline")
    # The other tab's route goes too: no address stays on the screen.
    expect(other_tab.get_by_role("heading", level=1)).to_have_text(SIGNED_OUT)
    expect(other_tab.locator("li.stop")).to_have_count(0)
    other_tab.close()
    assert warnings and warnings[0].startswith("Je hebt 1 bezoek dat nog niet verzonden is.")
    # No page with addresses and no route data stays on the phone; the visit does.
    kept = page.evaluate(KEPT_PAGES)
    assert not [
        u for u in kept if "/routes/" in u or "/stops/" in u or "/vandaag" in u or "/api/v1/" in u
    ], kept
    assert len(queued_on_phone(page)) == 1
    # The server has not heard of it yet: the session still works for the phone's cookie.
    assert page.context.request.get(f"{base_url}/vandaag", max_redirects=0).status == 200
    assert sign_outs(app) == 0

    page.goto(route_url)  # still no signal: the route is not there to be read
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGNED_OUT)
    expect(page.locator("li.stop")).to_have_count(0)

    page.context.set_offline(False)  # signal: the server ends the session

    # At once, or at the page's next try (it asks every 5 s: "online" may come a moment before
    # the network works).
    expect(page.locator("#sign-out-status")).to_have_text(TOLD, timeout=15_000)
    shot(page, request, "signed-out-told")
    assert sign_outs(app) == 1
    answer = page.context.request.get(f"{base_url}/vandaag", max_redirects=0)
    assert answer.status == 302 and "/login" in answer.headers["location"]
    page.goto(route_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")

    open_route(page, base_url)  # the owner signs in again: the kept visit goes out
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    assert [v.outcome for v in stored_visits(app)] == ["not_home"]


def test_a_phone_closed_before_the_signal_returns_tells_the_server_when_the_app_opens(
    page, own_live_server, request
):
    base_url, app = own_live_server
    open_route(page, base_url)
    page.context.set_offline(True)
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGNED_OUT)
    blank = page.context.new_page()  # the worker closes the tab
    page.close()

    blank.context.set_offline(False)
    blank.goto(f"{base_url}/vandaag")  # and opens the app again, with signal

    expect(blank.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    assert sign_outs(app) == 1
