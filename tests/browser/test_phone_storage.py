"""When the phone cannot keep visits (issue 14 §3): IndexedDB closed under the page, switched
off, or full. After a tap the worker always reads "saved on this phone", "saved" or "not saved —
try again"; the page says when offline use is not available, and nothing is lost in silence."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.phone import (
    ALL_SENT,
    READY,
    address_of,
    open_route,
    queued_on_phone,
    shot,
    stop,
    stop_id,
    visits_at,
)

NO_OFFLINE = "Zonder netwerk werken kan niet op deze telefoon"

# What private browsing or a locked-down phone does: IndexedDB answers every open with an error.
SWITCHED_OFF = """
IDBFactory.prototype.open = function () {
  throw new DOMException('IndexedDB is switched off here', 'InvalidStateError');
};
"""
# A full disk: the queue opens, but nothing more can be written.
FULL = """
IDBObjectStore.prototype.put = function () {
  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
};
"""


def not_home(page, index: int):
    return stop(page, index).get_by_role("button", name="Niet thuis", exact=True)


def test_a_queue_closed_under_the_page_is_opened_again_and_the_tap_kept(
    page, own_live_server, request
):
    base_url, app = own_live_server
    open_route(page, base_url)
    door = stop_id(page, 0)
    page.context.set_offline(True)
    page.evaluate("StoepQueue.ready().then(db => db.close())")

    not_home(page, 0).click()

    status = page.get_by_role("status")
    expect(status).to_have_text(f"Niet thuis bewaard op deze telefoon: {address_of(page, 0)}.")
    shot(page, request, "closed-queue")
    assert len(queued_on_phone(page)) == 1
    page.context.set_offline(False)
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    assert len(visits_at(app, door)) == 1


def test_without_indexeddb_the_page_says_so_and_sends_each_visit_at_once(
    page, own_live_server, request
):
    base_url, app = own_live_server
    page.context.add_init_script(SWITCHED_OFF)
    sign_in(page, base_url, "worker@demo.gent")
    page.get_by_role("link", name=re.compile(r"^Route \d+")).click()
    expect(page.locator("#sync-count")).to_contain_text(NO_OFFLINE)
    first, second = stop_id(page, 1), stop_id(page, 2)

    not_home(page, 1).click()  # with signal: sent at once, and said so
    expect(page.get_by_role("status")).to_have_text(f"Niet thuis bewaard: {address_of(page, 1)}.")
    expect(page.locator(f"#stop-{first} .stop-status")).to_contain_text("poging 1 van 3")
    assert len(visits_at(app, first)) == 1

    page.context.set_offline(True)  # without: not saved, try again (never a silent loss)
    not_home(page, 2).click()
    expect(page.get_by_role("status")).to_have_text(
        "Niet bewaard: Geen verbinding. Probeer opnieuw."
    )
    expect(not_home(page, 2)).to_be_enabled()
    shot(page, request, "no-storage-offline")
    assert visits_at(app, second) == []
    # Offline use is never promised on this phone.
    expect(page.locator("#sync-ready")).to_be_hidden()
    expect(page.get_by_text(READY)).to_have_count(0)

    page.context.set_offline(False)
    not_home(page, 2).click()  # the worker tries again
    expect(page.get_by_role("status")).to_contain_text("bewaard")
    expect(page.locator(f"#stop-{second} .stop-status")).to_contain_text("poging 1 van 3")
    assert len(visits_at(app, second)) == 1


def test_a_full_phone_sends_the_visit_at_once_and_says_offline_use_stopped(
    page, own_live_server, request
):
    base_url, app = own_live_server
    page.context.add_init_script(FULL)
    open_route(page, base_url)  # the queue opens: offline use is promised until a write fails
    door = stop_id(page, 3)

    not_home(page, 3).click()

    expect(page.get_by_role("status")).to_have_text(f"Niet thuis bewaard: {address_of(page, 3)}.")
    expect(page.locator("#sync-count")).to_contain_text(NO_OFFLINE)
    expect(page.locator("#sync-ready")).to_be_hidden()
    shot(page, request, "full-phone")
    assert len(visits_at(app, door)) == 1
