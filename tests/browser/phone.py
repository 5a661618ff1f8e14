"""What the field client's browser tests share: a worker on today's route, the phone's queue,
the server's visits, and a way to take the visits API down for a while."""

import re
from contextlib import contextmanager

from playwright.sync_api import expect

from app.extensions import db
from app.visits.models import Visit
from tests.browser.conftest import ARTIFACTS, sign_in

READY = "Je route van vandaag werkt ook zonder netwerk."
ALL_SENT = "Alle bezoeken zijn verzonden."


def pending(n: int) -> str:
    return "1 bezoek nog niet verzonden." if n == 1 else f"{n} bezoeken nog niet verzonden."


def stored_visits(app) -> list[Visit]:
    """The visits of the running round in the live server's database (the demo data also holds a
    closed, walked round of earlier visits)."""
    from app.rounds.models import Round

    with app.app_context():
        try:
            visits = list(
                db.session.scalars(
                    db.select(Visit)
                    .join(Round, Round.id == Visit.round_id)
                    .where(Round.status == "active")
                    .order_by(Visit.occurred_at)
                )
            )
            for visit in visits:
                visit.interest_codes  # noqa: B018  (load before the session closes)
            return visits
        finally:
            db.session.remove()


def queued_on_phone(page) -> list[dict]:
    """Every entry of the phone's IndexedDB queue, whoever logged it."""
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open('stoepbezoek', 1);
            open.onsuccess = () => {
              const req = open.result.transaction('visits').objectStore('visits').getAll();
              req.onsuccess = () => { open.result.close(); resolve(req.result); };
              req.onerror = () => reject(req.error);
            };
            open.onerror = () => reject(open.error);
        })"""
    )


@contextmanager
def visits_api_down(app):
    """The server answers 503 to POST /api/v1/visits meanwhile (done in the server, not with
    page.route: Chromium aborts navigations through a service worker while routing is on)."""
    inner = app.wsgi_app

    def down(environ, start_response):
        if environ["PATH_INFO"] == "/api/v1/visits":
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"down"]
        return inner(environ, start_response)

    app.wsgi_app = down
    try:
        yield
    finally:
        app.wsgi_app = inner


def shot(page, request, name: str) -> None:
    """What the worker sees on the screen (the viewport, not the whole route)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{name}.png"))


def open_route(page, base_url: str, email: str = "worker@demo.gent") -> None:
    sign_in(page, base_url, email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vandaag")
    page.get_by_role("link", name=re.compile(r"^Route \d+")).click()
    expect(page.locator("li.stop").first).to_be_visible()
    # The service worker has kept today's route and every stop's contact form.
    expect(page.locator("#sync-ready")).to_have_text(READY, timeout=15_000)


def stop(page, index: int):
    return page.locator("li.stop").nth(index)


def other_outcome(page, index: int, name: str) -> None:
    stop(page, index).locator("summary").click()
    stop(page, index).get_by_role("button", name=name, exact=True).click()


def stop_id(page, index: int) -> int:
    return int(stop(page, index).get_attribute("id").removeprefix("stop-"))


def address_of(page, index: int) -> str:
    return stop(page, index).locator(".stop-address").inner_text().split(". ", 1)[1]


def tap_twice(page, target, gap_ms: int = 150) -> None:
    """Two taps of a finger on the same spot, `gap_ms` apart (a double tap by mistake)."""
    # In the middle of the screen, as a finger would find it (not under the sticky bulk bar).
    target.evaluate("button => button.scrollIntoView({block: 'center'})")
    box = target.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y)
    page.wait_for_timeout(gap_ms)
    page.touchscreen.tap(x, y)


def in_server(app, work):
    """work(db.session) in the live server's database; returns what it returns."""
    with app.app_context():
        try:
            return work(db.session)
        finally:
            db.session.remove()


def visits_at(app, stop_id: int) -> list[Visit]:
    return in_server(
        app,
        lambda session: list(session.scalars(db.select(Visit).where(Visit.stop_id == stop_id))),
    )


def agree(page) -> None:
    """The family's consent: ticked now, unless it was given before (the form remembers it)."""
    if not page.locator(".consent-known").count():
        page.get_by_label("Gezin gaat akkoord").check()


def back_from_the_familys_offer(page) -> None:
    """After a contact with interests the phone shows the family's own QR code; the worker
    taps "Klaar" to go back to the route (already there if a double tap did it)."""
    expect(page.locator("li.stop, #family-offer:not([hidden])").first).to_be_visible()
    done = page.get_by_role("button", name="Klaar: terug naar de route")
    if done.is_visible():
        done.click()
    expect(page.locator("li.stop").first).to_be_visible()
