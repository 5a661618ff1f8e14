"""A phone whose clock is wrong (issue 14 §3): ten minutes or a day ahead, a day behind. Its
visits land at the time they happened on the server's clock, the worker is told the clock is
off, and the coordinator sees which visits were corrected."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.browser.phone import ALL_SENT, address_of, open_route, shot, stop, stop_id, visits_at

PHONE_CLOCK = """
(() => {
  const shift = SHIFT_MS;
  const RealDate = Date;
  class PhoneDate extends RealDate {
    constructor(...args) {
      if (args.length) super(...args); else super(RealDate.now() + shift);
    }
    static now() { return RealDate.now() + shift; }
  }
  window.Date = PhoneDate;
})();
"""


def phone_clock(shift: timedelta) -> str:
    """An init script: the page's Date runs `shift` off the real time (like a phone set wrong)."""
    return PHONE_CLOCK.replace("SHIFT_MS", str(int(shift.total_seconds() * 1000)))


@pytest.mark.parametrize(
    "shift",
    [timedelta(minutes=10), timedelta(days=1), timedelta(days=-1)],
    ids=["ten-minutes-ahead", "a-day-ahead", "a-day-behind"],
)
def test_a_wrong_phone_clock_is_corrected_never_refused(page, own_live_server, request, shift):
    base_url, app = own_live_server
    page.context.add_init_script(phone_clock(shift))
    open_route(page, base_url)
    door = stop_id(page, 0)
    phone_off = page.evaluate("Date.now()") / 1000 - datetime.now(UTC).timestamp()
    assert abs(phone_off - shift.total_seconds()) < 60  # the phone's clock is wrong indeed

    stop(page, 0).get_by_role("button", name="Niet thuis", exact=True).click()

    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    expect(page.locator(f"#stop-{door} .stop-status")).to_contain_text("poging 1 van 3")
    (visit,) = visits_at(app, door)
    server_now = datetime.now(UTC).replace(tzinfo=None)
    assert abs(visit.occurred_at - server_now) < timedelta(minutes=1)  # when it happened
    assert abs(visit.clock_offset_s + shift.total_seconds()) < 60
    # The worker is told to set the clock right.
    expect(page.locator("#sync-clock")).to_have_text(
        "De klok van deze telefoon staat verkeerd. De tijden van je bezoeken worden verbeterd; "
        "zet de klok juist als je kan."
    )
    shot(page, request, "clock")


def test_the_coordinator_sees_which_visits_were_corrected(page, own_live_server, request):
    base_url, app = own_live_server
    page.context.add_init_script(phone_clock(timedelta(days=1)))
    open_route(page, base_url)
    address = address_of(page, 1)
    stop(page, 1).get_by_role("button", name="Niet thuis", exact=True).click()
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)

    desk = page.context.browser.new_context(locale="nl-BE")
    coordinator = desk.new_page()
    sign_in(coordinator, base_url, "coordinator@demo.gent")
    coordinator.get_by_role("link", name="Bezoeken nakijken").click()
    row = coordinator.locator("tr", has_text=address)
    expect(row).to_contain_text("de telefoon liep 1 dag voor")
    expect(row).to_contain_text("Niet thuis")
    coordinator.screenshot(path=str(ARTIFACTS / f"{request.node.name}-desk.png"), full_page=True)
    desk.close()
