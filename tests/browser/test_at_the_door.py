"""At the door, on an iPhone 13 (issue 16, the worker): the route's first screen, one sentence
for the sync state, what to know before ringing, few and unmistakable taps, and taking back a
wrong tap."""

import datetime as dt
import io
import re
from urllib.parse import parse_qsl, urlsplit

import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from app.audit.models import AuditEvent
from app.extensions import db
from app.households.models import Household
from app.rounds.models import Round, Stop
from app.visits.models import UndoneVisit
from tests.browser.conftest import ARTIFACTS
from tests.browser.phone import (
    ALL_SENT,
    in_server,
    open_route,
    pending,
    queued_on_phone,
    shot,
    stop,
    stop_id,
    visits_at,
)

NOTHING_WAITING = "Er wacht niets om te verzenden."


class Taps:
    """Counts the worker's taps, so a test can say how many a visit took."""

    def __init__(self):
        self.count = 0

    def __call__(self, target):
        self.count += 1
        target.click()


def close_stops(app, stop_ids, outcome="refused"):
    """Stops finished earlier (by a coordinator's import, another day): no visit of today."""

    def work(session):
        for closed in stop_ids:
            row = session.get(Stop, closed)
            row.status, row.attempts, row.closed = outcome, 1, True
        session.commit()

    in_server(app, work)


def known_family(app, stop_id, *, consent="given", earlier=None):
    """The household at this stop: two children (3–5 and 6–8), Turkish and Dutch at home,
    consent as given; `earlier` adds a closed round that ended with that outcome at its door."""

    def work(session):
        row = session.get(Stop, stop_id)
        household = session.get(Household, row.household_id)
        household.children_0_2 = household.children_9_12 = household.children_13_17 = 0
        household.children_3_5 = household.children_6_8 = 1
        household.languages = ["tr", "nl"]
        household.consent = consent
        if earlier:
            start = dt.date.today() - dt.timedelta(days=70)
            autumn = Round(
                name="Herfstronde 2026",
                start_date=start,
                end_date=start + dt.timedelta(days=10),
                status="closed",
            )
            session.add(autumn)
            session.flush()
            session.add(
                Stop(
                    round_id=autumn.id,
                    household_id=household.id,
                    status=earlier,
                    attempts=1,
                    closed=True,
                )
            )
        session.commit()

    in_server(app, work)


def bottom_of(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


def test_the_first_screen_shows_three_open_stops_and_folds_the_rest(page, own_live_server, request):
    base_url, app = own_live_server
    open_route(page, base_url)
    close_stops(app, [stop_id(page, 0), stop_id(page, 2)])
    page.reload()
    page.evaluate("window.scrollTo(0, 0)")
    height = page.viewport_size["height"]
    assert (page.viewport_size["width"], height) == (390, 664)
    expect(page.locator("#sync-count")).not_to_be_empty()
    shot(page, request, "route-first-screen")

    # The menu is one button; the header one line; the sync state one line.
    expect(page.locator(".site-menu > summary")).to_have_text("Menu")
    expect(page.locator(".site-menu .nav")).to_be_hidden()
    assert page.locator(".site-header").bounding_box()["height"] <= 56
    assert page.locator(".sync-details > summary").bounding_box()["height"] <= 50
    # The first three open stops, with their buttons, on the first screen.
    open_stops = page.locator("#open-stops > li.stop")
    for index in range(3):
        assert (
            bottom_of(open_stops.nth(index).get_by_role("button", name="Niet thuis", exact=True))
            <= height
        )

    # The two finished stops wait at the end, folded into "Klaar (2)".
    done = page.locator("#done-stops")
    expect(done.locator("summary")).to_have_text("Klaar (2)")
    expect(done.locator("li.stop")).to_have_count(2)
    expect(done.locator("li.stop").first).to_be_hidden()
    done.locator("summary").click()
    expect(done.locator("li.stop").first).to_contain_text(
        "Geweigerd · poging 1 van 3 · afgerond · niet aanbellen"
    )

    page.locator(".site-menu > summary").click()  # the menu is one tap away
    expect(page.locator(".site-menu .nav")).to_be_visible()


def test_the_sync_state_is_one_sentence_with_details_on_a_tap(page, own_live_server, request):
    base_url, app = own_live_server
    page.add_init_script("localStorage.clear()")
    open_route(page, base_url)
    count = page.locator("#sync-count")
    expect(count).to_have_text(NOTHING_WAITING)
    expect(page.locator("#sync-when")).to_be_hidden()

    page.context.set_offline(True)
    stop(page, 0).get_by_role("button", name="Niet thuis", exact=True).click()
    expect(count).to_have_text(pending(1))
    expect(page.get_by_role("button", name="Verzend nu")).to_be_visible()
    page.context.set_offline(False)
    expect(count).to_have_text(ALL_SENT)
    expect(page.get_by_role("button", name="Verzend nu")).to_be_hidden()
    # The time of the last send is a detail, behind a tap; never a second, clashing sentence.
    expect(page.locator("#sync-when")).to_be_hidden()
    page.locator(".sync-details > summary").click()
    expect(page.locator("#sync-when")).to_contain_text("Laatst verzonden om")
    line = page.locator(".sync-details > summary").inner_text()
    assert line.strip() == ALL_SENT
    shot(page, request, "sync-details")


def test_the_stop_card_and_contact_form_say_what_matters_at_the_door(
    page, own_live_server, request
):
    base_url, app = own_live_server
    open_route(page, base_url)
    door = stop_id(page, 0)
    known_family(app, door, earlier="refused")
    page.reload()

    facts = page.locator(f"#stop-{door} .door-facts")
    expect(facts).to_contain_text("Kinderen: 3–5, 6–8 jaar")
    expect(facts).to_contain_text("Taal: Turks, Nederlands")
    expect(facts).to_contain_text("Gaf eerder akkoord")
    expect(facts).to_contain_text("Geweigerd in Herfstronde 2026")

    page.locator(f"#stop-{door}").get_by_role("link", name="Contact").click()
    form_facts = page.locator(".door-facts")
    expect(form_facts).to_contain_text("Kinderen: 3–5, 6–8 jaar")
    expect(form_facts).to_contain_text("Taal: Turks, Nederlands")
    expect(form_facts).to_contain_text("Geweigerd in Herfstronde 2026")
    expect(page.locator(".consent-known")).to_contain_text("Akkoord gegeven bij een eerder bezoek")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, request, "contact-form")


def test_a_returning_family_takes_three_taps_and_a_new_one_five_at_most(
    page, own_live_server, request
):
    base_url, app = own_live_server
    open_route(page, base_url)
    returning, new, closed_door = stop_id(page, 0), stop_id(page, 1), stop_id(page, 2)
    known_family(app, returning, consent="given")
    known_family(app, new, consent="unknown")
    page.reload()

    # A returning family that agreed before: two interests and save.
    page.locator(f"#stop-{returning}").get_by_role("link", name="Contact").click()
    taps = Taps()
    # The package for the children's ages is chosen, counted, and plainly marked as chosen.
    chosen = page.locator("fieldset.packages label.chip:has(input:checked)")
    expect(chosen).to_have_count(2)  # 3–5 and 6–8: both packages suit
    expect(page.locator("#package-count")).to_have_text(
        "Je geeft: 1 × Zomerpakket kleuter, 1 × Zomerpakket lagere school"
    )
    swim = page.locator("label.chip", has_text="Zwemmen")
    taps(swim)
    taps(page.locator("label.chip", has_text="Kamp"))
    expect(swim.locator("input")).to_be_checked()
    style = swim.evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el, '::after').content]"
    )
    assert style[0] != "rgb(255, 255, 255)" and "✓" in style[1]
    shot(page, request, "contact-returning")
    taps(page.get_by_role("button", name="Bewaren"))
    expect(page.get_by_role("status")).to_contain_text("Contact bewaard")
    assert taps.count <= 3
    # Saved; the family's own offer follows (see the QR test), then back to the route.
    page.get_by_role("button", name="Klaar: terug naar de route").click()
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    (visit,) = visits_at(app, returning)
    assert sorted(in_server(app, lambda s: [i.code for i in s.merge(visit).interests])) == [
        "camp",
        "swimming",
    ]

    # A family seen for the first time: consent is asked, nothing is ticked for them.
    page.locator(f"#stop-{new}").get_by_role("link", name="Contact").click()
    taps = Taps()
    consent = page.get_by_label("Gezin gaat akkoord")
    expect(consent).not_to_be_checked()
    taps(page.locator("label.chip", has_text="Zwemmen"))
    taps(page.locator("label.chip", has_text="Kamp"))
    taps(page.locator("label.chip", has_text="Gezin gaat akkoord"))
    # Unticking a chosen package says so at once: no surprise in the stock.
    taps(page.locator("fieldset.packages label.chip").first)
    expect(page.locator("#package-count")).to_have_text("Je geeft: 1 × Zomerpakket lagere school")
    taps(page.get_by_role("button", name="Bewaren"))
    expect(page.get_by_role("status")).to_contain_text("Contact bewaard")
    assert taps.count <= 5
    page.get_by_role("button", name="Klaar: terug naar de route").click()
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    assert len(visits_at(app, new)) == 1

    # Not home stays one tap.
    taps = Taps()
    taps(page.locator(f"#stop-{closed_door}").get_by_role("button", name="Niet thuis", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Niet thuis bewaard")
    assert taps.count == 1


def test_a_wrong_tap_is_taken_back_offline_and_online(page, own_live_server, request):
    base_url, app = own_live_server
    open_route(page, base_url)
    first, second = stop_id(page, 0), stop_id(page, 1)

    # Offline: the visit never left the phone; it leaves the queue and the card is as before.
    page.context.set_offline(True)
    stop(page, 0).get_by_role("button", name="Niet thuis", exact=True).click()
    card = page.locator(f"#stop-{first}")
    expect(card.locator(".stop-status")).to_have_text("Niet thuis · nog niet verzonden")
    shot(page, request, "undo-offline")
    card.get_by_role("button", name="Ongedaan maken: Niet thuis").click()
    expect(page.get_by_role("status")).to_contain_text("Niet thuis ongedaan gemaakt")
    expect(page.locator(f"#stop-{first} .stop-status")).to_contain_text("Open")
    assert queued_on_phone(page) == []
    page.context.set_offline(False)
    expect(page.locator("#sync-count")).to_have_text(NOTHING_WAITING)
    assert visits_at(app, first) == []

    # Sent: the server takes it back, audited, and the stop is open again.
    page.locator(f"#stop-{second} summary").click()
    page.locator(f"#stop-{second}").get_by_role("button", name="Geweigerd", exact=True).click()
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    (visit,) = visits_at(app, second)
    undo = page.locator(f"#stop-{second}").get_by_role("button", name="Ongedaan maken: Geweigerd")
    expect(undo).to_be_visible()
    undo.click()
    expect(page.get_by_role("status")).to_contain_text("Geweigerd ongedaan gemaakt")
    expect(page.locator(f"#stop-{second} .stop-status")).to_contain_text("Open")
    assert visits_at(app, second) == []

    def trail(session):
        undone = session.get(UndoneVisit, visit.id)
        event = session.scalar(db.select(AuditEvent).where(AuditEvent.action == "visit_undone"))
        return undone is not None, event.object_id, event.detail["outcome"]

    assert in_server(app, trail) == (True, visit.id, "refused")


def test_the_worker_sees_the_coming_week_and_prints_their_own_walk_sheet(
    page, own_live_server, request
):
    base_url, app = own_live_server
    open_route(page, base_url)
    close_stops(app, [stop_id(page, 0)])
    page.goto(f"{base_url}/vandaag")
    coming = page.locator(".coming-list li")
    expect(coming).to_have_count(1)  # the demo worker's route a week from today
    expect(coming.first).to_contain_text(str(dt.date.today() + dt.timedelta(days=7)))

    route_name = page.locator(".route-card").inner_text()
    page.get_by_role("link", name="Looplijst om af te drukken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Looplijst")
    first = page.locator("table.sheet tbody tr").first
    expect(first).to_contain_text("niet aanbellen")
    expect(first.locator("td.box")).to_have_count(0)
    expect(page.locator("table.sheet tbody tr.open").first.locator("td.box")).to_have_count(6)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-walk-sheet.png"), full_page=True)
    # Printed from the phone's browser: every page says which page of how many, and whose.
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages
    assert len(printed) > 1
    for n, sheet in enumerate(printed, 1):
        text = sheet.extract_text()
        assert f"pagina {n} van {len(printed)}" in text
        assert route_name in text


def test_today_and_the_route_page_count_the_same_offline(page, own_live_server, request):
    base_url, app = own_live_server
    open_route(page, base_url)
    total = page.locator("li.stop").count()
    # One visit sent while there was signal: the kept /vandaag is older than it.
    stop(page, 0).get_by_role("button", name="Niet thuis", exact=True).click()
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    page.context.set_offline(True)
    for index in (1, 2):
        stop(page, index).get_by_role("button", name="Niet thuis", exact=True).click()
        expect(stop(page, index).locator(".stop-status")).to_contain_text("nog niet verzonden")
    expect(page.locator("#progress")).to_have_text(f"3 / {total}")

    page.goto(f"{base_url}/vandaag")  # the kept page, without signal
    expect(page.locator(".progress-text")).to_have_text(f"3 / {total} bezocht")
    shot(page, request, "today-offline")
    page.get_by_role("link", name=re.compile(r"^Route \d+")).click()
    expect(page.locator("#progress")).to_have_text(f"3 / {total}")


def test_after_a_contact_the_family_scans_its_own_offer_offline(page, own_live_server, request):
    base_url, app = own_live_server
    open_route(page, base_url)
    door = stop_id(page, 0)
    known_family(app, door, consent="given")
    wijk = in_server(app, lambda s: s.get(Household, s.get(Stop, door).household_id).wijk_number)
    page.reload()
    page.locator(f"#stop-{door}").get_by_role("link", name="Contact").click()
    page.context.set_offline(True)  # drawn on the phone: no signal needed
    page.locator("label.chip", has_text="Zwemmen").click()
    page.locator("label.chip", has_text="Kamp").click()
    page.get_by_role("button", name="Bewaren").click()

    offer = page.locator("#family-offer")
    expect(offer).to_be_visible()
    expect(offer.get_by_role("heading")).to_have_text("Het aanbod voor dit gezin")
    shot(page, request, "family-qr")
    expected = f"{base_url}/aanbod?wijk={wijk}&age=4&age=7&category=swimming&category=camp&lang=tr"
    expect(offer.locator(".qr-link")).to_have_text(expected)
    image = Image.open(io.BytesIO(offer.locator(".qr-code").screenshot()))
    (code,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert code.text == expected
    assert (url := urlsplit(code.text)).path == "/aanbod"
    assert {key for key, _ in parse_qsl(url.query)} == {"wijk", "age", "category", "lang"}

    page.get_by_role("button", name="Klaar: terug naar de route").click()
    expect(page.locator(f"#stop-{door} .stop-status")).to_contain_text("Contact")
    page.context.set_offline(False)
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    # The address opens the families' page in Turkish, on the wijk's offer.
    page.goto(code.text)
    expect(page.locator("html")).to_have_attribute("lang", "tr")
