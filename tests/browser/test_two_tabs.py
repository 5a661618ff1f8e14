"""Two tabs of the route on one phone (issue 14 §3): when one sends, keeps or discards visits,
the other shows it at once instead of "nog niet verzonden" until it is reloaded."""

from playwright.sync_api import expect

from tests.browser.phone import ALL_SENT, open_route, pending, shot, stop, stop_id


def test_a_second_tab_shows_the_stops_the_first_tab_sent(page, own_live_server, request):
    base_url, app = own_live_server
    open_route(page, base_url)
    second = page.context.new_page()
    second.goto(page.url)
    expect(second.locator("#sync")).to_be_visible()
    doors = [stop_id(page, 6), stop_id(page, 7)]
    page.context.set_offline(True)

    stop(page, 6).get_by_role("button", name="Niet thuis", exact=True).click()
    stop(second, 7).get_by_role("button", name="Niet thuis", exact=True).click()
    for tab in (page, second):  # each tab shows both, whichever tab logged them
        expect(tab.locator("#sync-count")).to_have_text(pending(2))
        for door in doors:
            expect(tab.locator(f"#stop-{door} .stop-status")).to_have_text(
                "Niet thuis · nog niet verzonden"
            )

    page.context.set_offline(False)  # one tab sends; both must show the server's word

    for tab in (page, second):
        expect(tab.locator("#sync-count")).to_have_text(ALL_SENT)
        for door in doors:
            status = tab.locator(f"#stop-{door} .stop-status")
            expect(status).to_contain_text("poging 1 van 3")
            expect(status).not_to_contain_text("nog niet verzonden")
    second.locator(f"#stop-{doors[0]}").scroll_into_view_if_needed()
    shot(second, request, "second-tab")
    second.close()
