"""Visits the server refuses (issue 14 §3): counted apart from "not yet sent", each with what
happened to its stop; what the family said goes to the coordinator, who attaches it to the
household's new stop; "Aanpassen" never opens a 404."""

from playwright.sync_api import expect

from app.auth.models import User
from app.extensions import db
from app.rounds import services as rounds
from app.rounds.models import Round, Stop
from tests.browser.conftest import ARTIFACTS, sign_in
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
    visits_at,
)

TAKEN_OFF = "Dit adres is van je route gehaald."
MOVED = "Dit adres staat nu op een andere route."
HANDED_OVER = "Doorgegeven aan je coördinator, die het aan het gezin koppelt."


def take_off_route(app, door: int) -> None:
    in_server(app, lambda session: rounds.move_stop(session.get(Stop, door), None))


def give_to_colleague(app, door: int) -> None:
    """The coordinator moves the stop to a new route of the same round, walked by worker 2."""

    def work(session):
        stop_ = session.get(Stop, door)
        colleague = session.scalar(db.select(User).where(User.email == "worker2@demo.gent"))
        route = rounds.add_route(stop_.round, "Route van een collega")
        rounds.save_route(route, name=route.name, date=stop_.route.date, worker_ids=[colleague.id])
        rounds.move_stop(session.get(Stop, door), route)

    in_server(app, work)


def log_contact(page, index: int, *, package: bool = False) -> None:
    stop(page, index).get_by_role("link", name="Contact").click()
    boxes = page.locator("fieldset.packages input[type=checkbox]")
    for i in range(boxes.count()):
        boxes.nth(i).set_checked(package and i == 0)
    agree(page)
    page.get_by_label("Zwemmen").check()
    page.get_by_role("button", name="Bewaren").click()
    back_from_the_familys_offer(page)


def test_refused_visits_are_counted_apart_say_why_and_reach_the_coordinator(
    page, own_live_server, request
):
    base_url, app = own_live_server
    open_route(page, base_url)
    taken_off, moved, kept = stop_id(page, 0), stop_id(page, 1), stop_id(page, 2)
    moved_address = address_of(page, 1)
    page.context.set_offline(True)
    stop(page, 0).get_by_role("button", name="Niet thuis", exact=True).click()
    log_contact(page, 1)
    stop(page, 2).get_by_role("button", name="Niet thuis", exact=True).click()
    expect(page.locator("#sync-count")).to_have_text(pending(3))
    take_off_route(app, taken_off)  # meanwhile, at the coordinator's desk
    give_to_colleague(app, moved)

    page.context.set_offline(False)

    # Nothing waits to be sent: the refused not-home is counted apart and says why.
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    expect(page.locator("#sync-rejected-count")).to_have_text(
        "1 bezoek werd niet aanvaard en wordt niet verzonden."
    )
    expect(page.locator("#sync-rejected")).to_contain_text(f"Niet thuis: {TAKEN_OFF}")
    expect(page.locator("#sync-rejected").get_by_role("link", name="Aanpassen")).to_have_count(0)
    # The contact is with the coordinator now, and the worker is told so.
    expect(page.get_by_role("status")).to_contain_text(f"{moved_address} · Contact: {MOVED}")
    expect(page.get_by_role("status")).to_contain_text(HANDED_OVER)
    page.locator("#sync").scroll_into_view_if_needed()
    shot(page, request, "refused")
    assert [(e["payload"]["stop_id"], e["state"]) for e in queued_on_phone(page)] == [
        (taken_off, "rejected")
    ]
    assert len(visits_at(app, kept)) == 1 and visits_at(app, moved) == []

    warnings = []
    page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Afmelden").click()
    for _ in range(100):
        if warnings:
            break
        page.wait_for_timeout(50)
    # Never the promise that a refused visit will still be sent.
    assert warnings == [
        "Niet aanvaard door de server: 1. Die worden niet verzonden en blijven op deze "
        "telefoon tot je ze weggooit. Toch afmelden?"
    ]

    desk = page.context.browser.new_context(locale="nl-BE")
    coordinator = desk.new_page()
    sign_in(coordinator, base_url, "coordinator@demo.gent")
    coordinator.goto(f"{base_url}/bezoeken/niet-geplaatst")
    item = coordinator.locator("li.unplaced", has_text=moved_address)
    expect(item).to_contain_text(MOVED)
    expect(item).to_contain_text("Zwemmen")
    coordinator.screenshot(path=str(ARTIFACTS / f"{request.node.name}-desk.png"), full_page=True)
    item.get_by_role("button", name="Koppelen").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Het bezoek staat nu bij")
    desk.close()

    (visit,) = visits_at(app, moved)
    assert visit.outcome == "contact" and visit.interest_codes == ["swimming"]
    worker_id = in_server(
        app, lambda s: s.scalar(db.select(User.id).where(User.email == "worker@demo.gent"))
    )
    assert visit.worker_id == worker_id


def test_aanpassen_opens_the_form_only_while_the_stop_is_there(page, own_live_server, request):
    base_url, app = own_live_server
    open_route(page, base_url)
    door = stop_id(page, 3)
    address = address_of(page, 3)
    page.context.set_offline(True)
    log_contact(page, 3, package=True)

    def stop_handing_out(session):  # the round no longer hands out that package
        round_ = session.scalar(db.select(Round).join(Stop).where(Stop.id == door))
        round_.package_types = []
        session.commit()

    in_server(app, stop_handing_out)
    page.context.set_offline(False)
    fix = page.locator("#sync-rejected").get_by_role("link", name="Aanpassen")
    expect(fix).to_be_visible()
    rejected = page.locator("#sync-rejected")
    expect(rejected).to_contain_text("Deze ronde deelt dat pakketje niet uit.")

    fix.click()  # the stop is still the worker's: the form opens with what was filled in
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Contact: {address}")
    expect(page.get_by_label("Zwemmen")).to_be_checked()
    page.go_back()
    expect(fix).to_be_visible()

    give_to_colleague(app, door)
    fix.click()  # gone meanwhile: sent again instead of a "not found" page

    expect(page.get_by_role("status")).to_contain_text(f"{address} · Contact: {MOVED}")
    expect(page.locator("#sync-rejected")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Contact")
    assert "/contact" not in page.url
    shot(page, request, "fix-gone")
    assert queued_on_phone(page) == []
