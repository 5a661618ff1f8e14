"""On a phone without signal: visits are kept on the phone and arrive exactly once.

Each test has a server and a freshly seeded database of its own (`own_live_server`), so that it
can count the visits the server stored without the other browser tests' visits in the way.
"""

from playwright.sync_api import expect

from app.extensions import db
from app.rounds.models import Stop
from app.rounds.services import move_stop
from tests.browser.phone import (
    ALL_SENT,
    agree,
    back_from_the_familys_offer,
    open_route,
    other_outcome,
    pending,
    queued_on_phone,
    shot,
    stop,
    stored_visits,
    visits_api_down,
)


def test_five_visits_offline_reload_and_all_arrive_once(page, own_live_server, request):
    base_url, app = own_live_server
    open_route(page, base_url)
    total = page.locator("li.stop").count()
    page.context.set_offline(True)

    stop(page, 0).get_by_role("button", name="Niet thuis", exact=True).click()  # one tap
    other_outcome(page, 1, "Niet thuis + flyer")
    other_outcome(page, 2, "Geweigerd")
    other_outcome(page, 3, "Verhuisd / fout adres")
    address = stop(page, 4).locator(".stop-address").inner_text().split(". ", 1)[1]
    stop(page, 4).get_by_role("link", name="Contact").click()  # the kept contact form
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Contact: {address}")
    package = page.locator("fieldset.packages input[type=checkbox]").first
    package.check()
    page.locator("fieldset.packages input.qty").first.fill("2")
    agree(page)
    page.get_by_label("Zwemmen").check()
    page.get_by_label("Kamp").check()
    shot(page, request, "contact-offline")
    page.get_by_role("button", name="Bewaren").click()
    back_from_the_familys_offer(page)

    expect(page.locator("#sync-count")).to_have_text(pending(5))
    expect(page.locator("#sync-problem")).to_contain_text("Geen verbinding")
    expect(stop(page, 0).locator(".stop-status")).to_have_text("Niet thuis · nog niet verzonden")
    expect(stop(page, 4).locator(".stop-status")).to_have_text("Contact · nog niet verzonden")
    expect(page.locator("#progress")).to_have_text(f"5 / {total}")
    assert stored_visits(app) == []

    page.reload()  # still no signal: the kept page, with the queue over it
    expect(page.locator("#sync-count")).to_have_text(pending(5))
    expect(stop(page, 1).locator(".stop-status")).to_have_text("Niet thuis · nog niet verzonden")
    expect(stop(page, 2).locator(".stop-status")).to_have_text("Geweigerd · nog niet verzonden")
    expect(stop(page, 3).locator(".stop-status")).to_have_text(
        "Verhuisd / fout adres · nog niet verzonden"
    )
    # Refused and moved close the stop: no second visit by mistake.
    expect(stop(page, 2).get_by_role("button", name="Niet thuis", exact=True)).to_be_hidden()
    expect(page.locator("#progress")).to_have_text(f"5 / {total}")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, request, "offline-reloaded")
    assert len(queued_on_phone(page)) == 5

    page.context.set_offline(False)  # the signal returns
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    expect(page.locator("#sync-when")).to_contain_text("Laatst verzonden om")
    expect(stop(page, 2).locator(".stop-status")).to_contain_text("afgerond")
    shot(page, request, "back-online")
    visits = stored_visits(app)
    assert sorted(v.outcome for v in visits) == [
        "contact",
        "moved",
        "not_home",
        "not_home",
        "refused",
    ]
    assert len({v.id for v in visits}) == 5
    # One not-home with the flyer, one without (the route's flyer default is off).
    assert sorted(v.flyer_left for v in visits if v.outcome == "not_home") == [False, True]
    contact = next(v for v in visits if v.outcome == "contact")
    assert sorted(contact.interest_codes) == ["camp", "swimming"]
    assert queued_on_phone(page) == []


def test_an_answer_lost_on_the_way_back_stores_nothing_twice(page, own_live_server, request):
    base_url, app = own_live_server
    open_route(page, base_url)
    lost = []

    def store_then_drop(route):
        route.fetch()  # the server stores the batch ...
        lost.append(route.request.post_data_json)
        route.abort("connectionreset")  # ... and the phone never hears back

    page.context.set_offline(True)
    stop(page, 5).get_by_role("button", name="Niet thuis", exact=True).click()
    other_outcome(page, 6, "Geen toegang")
    expect(page.locator("#sync-count")).to_have_text(pending(2))
    page.route("**/api/v1/visits", store_then_drop)
    with page.expect_event("requestfailed", lambda r: r.url.endswith("/api/v1/visits")):
        page.context.set_offline(False)  # the signal returns, and the answer is lost
    expect(page.locator("#sync-count")).to_have_text(pending(2))
    expect(page.locator("#sync-problem")).to_contain_text("Geen verbinding")
    assert len(stored_visits(app)) == 2  # stored, but the phone doesn't know
    assert len(lost) == 1 and len(lost[0]["visits"]) == 2
    shot(page, request, "answer-lost")

    page.unroute("**/api/v1/visits")
    page.get_by_role("button", name="Verzend nu").click()
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    visits = stored_visits(app)
    assert sorted(v.outcome for v in visits) == ["no_access", "not_home"]
    sent_ids = {visit["id"] for batch in lost for visit in batch["visits"]}
    assert {v.id for v in visits} == sent_ids


def test_two_tabs_offline_then_online_store_each_visit_once(page, own_live_server, request):
    base_url, app = own_live_server
    open_route(page, base_url)
    second = page.context.new_page()
    second.goto(page.url)
    expect(second.locator("#sync")).to_be_visible()
    page.context.set_offline(True)

    stop(page, 7).get_by_role("button", name="Niet thuis", exact=True).click()
    stop(second, 8).get_by_role("button", name="Niet thuis", exact=True).click()
    other_outcome(second, 9, "Geweigerd")
    # Both tabs share the phone's queue.
    expect(page.locator("#sync-count")).to_have_text(pending(3))
    expect(second.locator("#sync-count")).to_have_text(pending(3))

    page.context.set_offline(False)  # both tabs hear "online" and start sending at once
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    expect(second.locator("#sync-count")).to_have_text(ALL_SENT)
    visits = stored_visits(app)
    assert sorted(v.outcome for v in visits) == ["not_home", "not_home", "refused"]
    assert len({v.stop_id for v in visits}) == 3
    second.close()


def test_a_rejected_visit_stays_visible_until_the_worker_discards_it(
    page, own_live_server, request
):
    base_url, app = own_live_server
    open_route(page, base_url)
    page.context.set_offline(True)
    taken_off = int(stop(page, 13).get_attribute("id").removeprefix("stop-"))
    kept = int(stop(page, 14).get_attribute("id").removeprefix("stop-"))
    stop(page, 13).get_by_role("button", name="Niet thuis", exact=True).click()
    stop(page, 14).get_by_role("button", name="Niet thuis", exact=True).click()
    with app.app_context():  # meanwhile the coordinator takes a stop off the route
        move_stop(db.session.get(Stop, taken_off), None)
        db.session.remove()

    page.context.set_offline(False)
    reason = "Dit adres is van je route gehaald."
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)  # refused is not "not yet sent"
    expect(page.locator("#sync-rejected")).to_contain_text(reason)
    expect(page.locator(f"#stop-{taken_off} .stop-status")).to_have_text(
        f"Niet thuis · Niet bewaard: {reason}"
    )
    page.locator("#sync-rejected").scroll_into_view_if_needed()
    shot(page, request, "rejected")
    assert [v.stop_id for v in stored_visits(app)] == [kept]

    page.once("dialog", lambda dialog: dialog.dismiss())  # not yet: it stays
    page.locator("#sync-rejected").get_by_role("button", name="Weggooien").click()
    expect(page.locator("#sync-rejected")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#sync-rejected").get_by_role("button", name="Weggooien").click()
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    expect(page.locator("#sync-rejected")).to_be_hidden()
    expect(page.locator(f"#stop-{taken_off}")).to_have_count(0)
    assert queued_on_phone(page) == []


def service_worker_version(page) -> str:
    return page.evaluate(
        """() => new Promise((resolve) => {
            navigator.serviceWorker.addEventListener('message', function answer(event) {
              if (event.data.type !== 'version') return;
              navigator.serviceWorker.removeEventListener('message', answer);
              resolve(event.data.version);
            });
            navigator.serviceWorker.ready.then(r => r.active.postMessage({type: 'version'}));
        })"""
    )


def test_a_new_service_worker_takes_over_and_the_queue_stays(page, own_live_server, request):
    base_url, app = own_live_server
    app.config["SW_VERSION"] = "test-one"
    open_route(page, base_url)
    assert service_worker_version(page) == "test-one"
    page.context.set_offline(True)
    stop(page, 10).get_by_role("button", name="Niet thuis", exact=True).click()
    expect(page.locator("#sync-count")).to_have_text(pending(1))
    with visits_api_down(app):  # the queue must wait while the new version arrives
        page.context.set_offline(False)
        expect(page.locator("#sync-problem")).to_contain_text("De server antwoordt niet")
        update_service_worker(page, app, request)
    page.get_by_role("button", name="Verzend nu").click()
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    assert [v.outcome for v in stored_visits(app)] == ["not_home"]


def update_service_worker(page, app, request):
    app.config["SW_VERSION"] = "test-two"  # a deploy
    page.evaluate(
        """() => {
            window.takenOver = false;
            navigator.serviceWorker.addEventListener('controllerchange', () => {
              window.takenOver = true;
            });
            return navigator.serviceWorker.getRegistration().then(r => r.update());
        }"""
    )
    page.wait_for_function("() => window.takenOver")  # skipWaiting + clients.claim: no reload
    assert service_worker_version(page) == "test-two"
    page.wait_for_function(  # the old version's files are gone, today's pages are kept
        """() => caches.keys().then(names => !names.includes('stoep-static-test-one')
              && names.includes('stoep-static-test-two') && names.includes('stoep-pages-v1'))"""
    )
    page.reload()  # served under the new worker: the queue is still there
    expect(page.locator("#sync-count")).to_have_text(pending(1))
    shot(page, request, "after-update")
    assert len(queued_on_phone(page)) == 1


def test_signing_out_with_unsent_visits_warns_and_keeps_them_for_their_owner(
    page, own_live_server, request
):
    base_url, app = own_live_server
    open_route(page, base_url)
    warnings = []

    def sign_out(accept: bool):
        seen = len(warnings)

        def answer(dialog):
            warnings.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        page.once("dialog", answer)  # answered at once, so the click is never held up
        page.get_by_role("button", name="Afmelden").click()
        for _ in range(100):  # the question comes after reading the queue: wait for it
            if len(warnings) > seen:
                return
            page.wait_for_timeout(50)
        raise AssertionError("no warning before signing out")

    with visits_api_down(app):  # no way through for now
        stop(page, 11).get_by_role("button", name="Niet thuis", exact=True).click()
        other_outcome(page, 12, "Geweigerd")
        expect(page.locator("#sync-count")).to_have_text(pending(2))
        sign_out(accept=False)
        assert warnings[0].startswith("Je hebt 2 bezoeken die nog niet verzonden zijn.")
        assert "blijven op deze telefoon bewaard" in warnings[0]
        expect(page.locator("#sync-count")).to_have_text(pending(2))  # still here, signed in
        page.reload()
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Aanmelden")
        sign_out(accept=True)
        expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    assert len(warnings) == 2 and len(queued_on_phone(page)) == 2
    page.wait_for_function(  # nobody's pages stay readable after signing out
        "() => caches.keys().then(names => !names.some(n => n.startsWith('stoep-pages')))"
    )

    open_route(page, base_url, "worker2@demo.gent")  # someone else on the same phone
    # Worker 2 doesn't see them: nothing of theirs waits, so there is nothing to send either.
    expect(page.locator("#sync-count")).to_have_text("Er wacht niets om te verzenden.")
    expect(page.get_by_role("button", name="Verzend nu")).to_be_hidden()
    shot(page, request, "other-worker")
    assert stored_visits(app) == [] and len(queued_on_phone(page)) == 2
    page.get_by_role("button", name="Afmelden").click()  # nothing of theirs waits: no warning
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    assert len(warnings) == 2

    open_route(page, base_url, "worker@demo.gent")  # the owner is back: they go out
    expect(page.locator("#sync-count")).to_have_text(ALL_SENT)
    visits = stored_visits(app)
    assert sorted(v.outcome for v in visits) == ["not_home", "refused"]
    assert {v.worker_id for v in visits} == {visits[0].worker_id}
    assert queued_on_phone(page) == []
