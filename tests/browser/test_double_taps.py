"""A double tap or a double click is one visit (issue 14 §3): the form's visit id is made when it
is shown, its buttons are disabled while the visit is on its way, and the worker reads what
became of it."""

from playwright.sync_api import expect

from app.extensions import db
from app.stock.models import StockMovement
from tests.browser.phone import (
    ALL_SENT,
    address_of,
    agree,
    back_from_the_familys_offer,
    in_server,
    open_route,
    pending,
    queued_on_phone,
    shot,
    stop,
    stop_id,
    tap_twice,
    visits_at,
)


def test_not_home_tapped_twice_150_ms_apart_is_one_attempt(page, own_live_server, request):
    base_url, app = own_live_server
    open_route(page, base_url)
    first = stop_id(page, 0)

    tap_twice(page, stop(page, 0).get_by_role("button", name="Niet thuis", exact=True))

    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    expect(page.locator(f"#stop-{first} .stop-status")).to_contain_text("poging 1 van 3")
    expect(page.get_by_role("status")).to_contain_text(address_of(page, 0))
    page.wait_for_timeout(2500)  # a second attempt would have been sent by now
    shot(page, request, "double-tap")
    assert len(visits_at(app, first)) == 1
    expect(page.locator(f"#stop-{first} .stop-status")).not_to_contain_text("poging 2")
    page.get_by_role("link", name="← Vandaag").click()  # what was said stays with the tap
    expect(page.get_by_role("heading", level=1)).to_have_text("Vandaag")
    expect(page.locator(".flashes")).to_have_count(0)


def test_a_double_tap_without_signal_keeps_one_visit_on_the_phone(page, own_live_server):
    base_url, app = own_live_server
    open_route(page, base_url)
    page.context.set_offline(True)

    tap_twice(page, stop(page, 1).get_by_role("button", name="Niet thuis", exact=True))

    expect(page.locator("#sync-count")).to_have_text(pending(1))
    # The first tap is kept; the second is the same visit, and the worker is told so.
    expect(page.get_by_role("status")).to_contain_text("bewaard")
    page.wait_for_timeout(500)
    assert len(queued_on_phone(page)) == 1
    page.context.set_offline(False)
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    assert len(visits_at(app, stop_id(page, 1))) == 1


def test_a_later_tap_at_the_same_door_is_a_new_attempt(page, own_live_server):
    base_url, app = own_live_server
    open_route(page, base_url)
    door = stop_id(page, 2)
    stop(page, 2).get_by_role("button", name="Niet thuis", exact=True).click()
    expect(page.locator(f"#stop-{door} .stop-status")).to_contain_text("poging 1 van 3")
    page.wait_for_timeout(2500)  # the worker comes back later
    page.locator(f"#stop-{door}").get_by_role("button", name="Niet thuis", exact=True).click()
    expect(page.locator(f"#stop-{door} .stop-status")).to_contain_text("poging 2 van 3")
    assert len(visits_at(app, door)) == 2


def test_a_double_click_on_bewaren_stores_one_contact_and_one_stock_movement(
    page, own_live_server, request
):
    base_url, app = own_live_server
    open_route(page, base_url)
    door = stop_id(page, 3)
    stop(page, 3).get_by_role("link", name="Contact").click()
    page.locator("fieldset.packages input[type=checkbox]").first.check()
    ticked = page.locator("fieldset.packages input[type=checkbox]:checked").count()
    agree(page)
    page.get_by_label("Zwemmen").check()

    page.get_by_role("button", name="Bewaren").dblclick()

    back_from_the_familys_offer(page)  # back on the route, and told
    expect(page.get_by_role("status")).to_contain_text("Contact bewaard")
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    expect(page.locator(f"#stop-{door} .stop-status")).to_contain_text("afgerond")
    shot(page, request, "double-click")
    visits = visits_at(app, door)
    assert [v.outcome for v in visits] == ["contact"]
    handed_out = db.select(StockMovement.package_type_id).where(
        StockMovement.visit_id == visits[0].id
    )
    package_types = in_server(app, lambda session: session.scalars(handed_out).all())
    assert len(package_types) == len(set(package_types)) == ticked  # one movement per package


def test_the_bulk_not_home_clicked_twice_is_one_visit_per_door(page, own_live_server):
    base_url, app = own_live_server
    open_route(page, base_url)
    doors = [stop_id(page, 4), stop_id(page, 5)]
    stop(page, 4).get_by_role("checkbox").check()
    stop(page, 5).get_by_role("checkbox").check()

    page.get_by_role("button", name="Aangevinkte: niet thuis").dblclick()

    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    expect(page.locator(f"#stop-{doors[1]} .stop-status")).to_contain_text("poging 1 van 3")
    page.wait_for_timeout(1000)
    assert [len(visits_at(app, door)) for door in doors] == [1, 1]
