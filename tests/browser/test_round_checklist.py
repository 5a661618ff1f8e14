"""A coordinator gets a new round ready on a phone, guided by the round page's checklist:
addresses from an import started on the round (good rows in, bad lines back to fix), routes, and
dates and workers for every route on one screen."""

import datetime as dt
import re

from playwright.sync_api import expect

from app import clock
from tests.browser.conftest import ARTIFACTS, sign_in

HEADER = "straat;huisnummer;bus;postcode;wijk\n"
GOOD = ["Acaciastraat;3;;9000;", "Acaciastraat;5;;9000;", "Wielewaalstraat;8;;9000;",
        "Wielewaalstraat;10;;9000;"]  # fmt: skip
BAD = ["Acaciastraat;zeven;;9000;", "Sleepstraat;4;;1000;"]  # lines 6 and 7


def step(page, key: str):
    return page.locator(f"#step-{key}")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_round_is_made_ready_from_its_checklist(page, own_live_server, tmp_path):
    base_url, _app = own_live_server
    sign_in(page, base_url, "coordinator@demo.gent")
    page.goto(f"{base_url}/rondes/nieuw")
    today = clock.today()
    page.get_by_label("Naam").fill("Najaarsronde Brugse Poort")
    page.get_by_label("Van").fill(today.isoformat())
    page.get_by_label("Tot en met").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_label(re.compile(r"^4\. ")).check()
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Najaarsronde Brugse Poort")

    # An empty round: the first step is now, and its one action is the import.
    expect(step(page, "adressen")).to_contain_text("nu")
    expect(step(page, "adressen")).to_contain_text("Nog geen adressen")
    step(page, "adressen").get_by_role("link", name="Huishoudens importeren").click()
    expect(page.get_by_text("Voor de ronde Najaarsronde Brugse Poort")).to_be_visible()

    upload = tmp_path / "gezinnen.csv"
    upload.write_text(HEADER + "\n".join(GOOD + BAD) + "\n", encoding="utf-8")
    page.get_by_label("Bestand").set_input_files(str(upload))
    page.get_by_role("button", name="Opladen en nakijken").click()
    summary = page.locator("#bad-lines")
    expect(summary).to_contain_text("2 regels zijn niet in orde en worden niet ingelezen")
    expect(summary).to_contain_text("Regel 6: Een huisnummer begint met een cijfer")
    expect(summary).to_contain_text("Regel 7: Deze postcode ligt niet in Gent")
    page.get_by_role("button", name="Importeer 4 huishoudens").click()

    # The good rows are in; the bad lines stay listed to fix; the way back leads to the round.
    expect(page.get_by_text("4 adressen zijn aan de ronde toegevoegd.")).to_be_visible()
    expect(summary).to_contain_text("Deze 2 regels nog niet")
    expect(summary).to_contain_text("Regel 6:")
    assert fits(page)
    page.get_by_role("link", name="Terug naar de ronde").click()
    expect(step(page, "adressen")).to_contain_text("4 adressen in de ronde.")
    expect(step(page, "routes")).to_contain_text("nu")

    page.locator("#verdelen").get_by_label("Aantal routes").fill("2")
    page.get_by_role("button", name="Verdelen", exact=True).click()
    expect(step(page, "routes")).to_contain_text("klaar")
    expect(step(page, "planning")).to_contain_text("nu")
    step(page, "planning").get_by_role("link", name="Data en stoepbezoekers kiezen").click()

    # Every route on one screen; a mistake on one keeps what was typed on all.
    routes = page.locator("fieldset.plan-route")
    expect(routes).to_have_count(2)
    for index in range(2):
        routes.nth(index).get_by_label("Datum").fill(today.isoformat())
        routes.nth(index).get_by_label("Stoepbezoeker", exact=True).select_option(index=1)
    routes.nth(1).get_by_label("Tweede stoepbezoeker (optioneel)").select_option(index=1)
    page.get_by_role("button", name="Alles bewaren").click()
    expect(page.get_by_role("alert")).to_contain_text("Kijk de routes in het rood na.")
    expect(routes.nth(1)).to_contain_text("Kies twee verschillende mensen.")
    expect(routes.nth(0).get_by_label("Datum")).to_have_value(today.isoformat())
    assert fits(page)
    routes.nth(1).get_by_label("Tweede stoepbezoeker (optioneel)").select_option(index=2)
    page.get_by_role("button", name="Alles bewaren").click()
    expect(page.get_by_text("2 routes bewaard.")).to_be_visible()
    expect(step(page, "planning")).to_contain_text("klaar")
    expect(step(page, "starten")).to_contain_text("nu")
    # The routes are listed in route order.
    names = page.locator(".routes-table td[data-label=Route]").all_inner_texts()
    assert [n.split(":")[0] for n in names] == ["Route 1", "Route 2"]
    assert fits(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".round-checklist-panel").screenshot(path=str(ARTIFACTS / "round-checklist.png"))
