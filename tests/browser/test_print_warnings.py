"""Before printing flyers on a phone, the coordinator is warned of what would leave families with
nothing: a wijk without offer (with the way to a call for offer) and QR codes that point to
this machine."""

from playwright.sync_api import expect

from app.extensions import db
from tests.browser.conftest import sign_in


def a_flyer_for_a_wijk_without_offer(app) -> tuple[str, str, int]:
    from app.flyers.services import create_short_link
    from app.flyers.warnings import offer_per_wijk
    from app.wijken.models import Wijk

    with app.test_request_context():
        try:
            wijken = db.session.scalars(db.select(Wijk).order_by(Wijk.number)).all()
            counts = offer_per_wijk([w.number for w in wijken])
            empty = next(w for w in wijken if not counts.get(w.number))
            link = create_short_link(label=f"Flyer {empty.name}", wijk_number=empty.number,
                                     lang="nl", round_id=None, target=None)  # fmt: skip
            return link.code, empty.name, empty.number
        finally:
            db.session.remove()


def test_printing_flyers_for_a_wijk_without_offer_warns_first(page, own_live_server):
    base_url, app = own_live_server
    code, wijk, number = a_flyer_for_a_wijk_without_offer(app)
    sign_in(page, base_url, "coordinator@demo.gent")
    page.goto(f"{base_url}/flyers/{code}")
    warning = page.locator(".print-warnings")
    expect(warning).to_contain_text(f"{wijk} heeft nog geen aanbod deze zomer")
    expect(warning).to_contain_text(f"De QR-codes wijzen naar {base_url}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    warning.get_by_role("link", name=f"Oproep voor aanbod in {wijk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe oproep")
    expect(page.locator(f'input[name="target_wijken"][value="{number}"]')).to_be_checked()
