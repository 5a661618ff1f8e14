"""No staff page scrolls sideways on a 360 px phone: every page of the app's URL map, visited as
each staff role with ids from the demo data, must fit the screen's width."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.conftest import sign_in

NARROW = {"width": 360, "height": 740}
ROLES = {
    "coordinator": "coordinator@demo.gent",
    "admin": "admin@demo.gent",
    "worker": "worker@demo.gent",
    "provider": "provider@demo.gent",
}
# Not staff pages, or not pages at all: the public side, the provider's call
# link, the offline shell, and downloads.
NOT_STAFF = ("public.", "shortlinks.", "offline.", "offers.call_", "auth.login")
DOWNLOADS = (".pdf", ".csv", ".json", ".ics", ".js", ".webmanifest", "<any(")


# A box that scrolls sideways inside the page counts too, with one deliberate exception: the
# wijk × week grids of the coverage pages (.matrix-wrap) compare two dimensions at once, so they
# stay grids in a labelled region that the keyboard can scroll (role=region, tabindex=0) and
# whose caption says to scroll; the page around them does not move.
SCROLLING_BOXES = """() => [...document.querySelectorAll('main *')]
  .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
                && el.scrollWidth > el.clientWidth + 1)
  .filter(el => !(el.classList.contains('matrix-wrap') && el.getAttribute('role') === 'region'
                  && el.tabIndex === 0))
  .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} scrolls: `
             + `${el.scrollWidth} px`)"""

# Words in table cells are never broken letter by letter: a word broken over lines gives its
# text range more than one line box. (Words longer than their card, like a URL, may still break.)
BROKEN_WORDS = """() => {
  const broken = [];
  const cells = [...document.querySelectorAll('main td, main th')].slice(0, 300);
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[\\p{L}]{3,20}/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken.slice(0, 5);
}"""


def demo_ids(app, role: str) -> dict:
    """A value for every URL argument of the staff pages, from the demo data, as `role` sees it."""
    from app.auth.models import User
    from app.flyers.models import ShortLink
    from app.followups.models import FollowUp
    from app.households.models import Household
    from app.offers.models import Activity, Call, Tip
    from app.organisations.models import Organisation
    from app.rounds.models import Round, Route, route_worker
    from app.stock.models import PackageType

    with app.app_context():
        try:
            me = db.session.scalar(db.select(User).where(User.email == ROLES[role]))
            round_ = db.session.scalar(db.select(Round).where(Round.status == "active"))
            routes = db.select(Route).where(Route.round_id == round_.id)
            if role == "worker":
                routes = routes.join(route_worker).where(route_worker.c.user_id == me.id)
            route = db.session.scalar(routes.order_by(Route.id))
            activities = db.select(Activity).order_by(Activity.id)
            if role == "provider":
                activities = activities.where(
                    Activity.provider_organisation_id == me.organisation_id
                )
            households = [s.household_id for s in route.stops[:2]]
            worker = db.session.scalar(db.select(User).where(User.role == "worker"))
            followup = db.session.scalar(db.select(FollowUp.id))
            return {
                "round_id": round_.id,
                "route_id": route.id,
                "stop_id": route.stops[0].id,
                "household_id": households[0],
                "other_id": households[1],
                "user_id": worker.id,
                "organisation_id": db.session.scalar(db.select(Organisation.id)),
                "activity_id": db.session.scalar(activities.with_only_columns(Activity.id))
                or db.session.scalar(db.select(Activity.id)),
                "call_id": db.session.scalar(db.select(Call.id)),
                "tip_id": db.session.scalar(db.select(Tip.id)),
                "package_type_id": db.session.scalar(db.select(PackageType.id)),
                "followup_id": followup,
                "code": db.session.scalar(db.select(ShortLink.code)),
                "number": db.session.scalar(db.select(Household.wijk_number)),
                "status": "closed",
            }
        finally:
            db.session.remove()


def staff_pages(app, ids: dict) -> list[tuple[str, str]]:
    """(endpoint, path) of every GET page, its arguments filled; ones without a value left out."""
    pages = []
    with app.test_request_context():
        from flask import url_for

        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.rule.startswith(("/api/", "/static/")):
                continue
            if rule.endpoint.startswith(NOT_STAFF):
                continue
            if any(mark in rule.rule for mark in DOWNLOADS):
                continue
            if any(ids.get(arg) is None for arg in rule.arguments):
                continue  # e.g. an unplaced visit or an import preview: none in the demo data
            values = {arg: ids[arg] for arg in rule.arguments}
            pages.append((rule.endpoint, url_for(rule.endpoint, **values)))
    return pages


@pytest.mark.parametrize("role", list(ROLES))
def test_no_staff_page_scrolls_sideways_at_360_px(page, live_server, live_app, role):
    page.set_viewport_size(NARROW)
    sign_in(page, live_server, ROLES[role])
    expect(page.get_by_role("button", name="Afmelden")).to_be_attached()
    visited, too_wide = [], []
    for endpoint, path in staff_pages(live_app, demo_ids(live_app, role)):
        response = page.goto(live_server + path)
        if response is None or response.status in (403, 404):
            continue  # not this role's page
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited.append(endpoint)
        # Against the phone's 360 px, not innerWidth: a mobile browser widens the layout
        # viewport (and zooms out) for a page that does not fit.
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, innerWidth)")
        if width > NARROW["width"]:
            too_wide.append(f"{path} ({endpoint}): {width} px")
        for inner in page.evaluate(SCROLLING_BOXES):
            too_wide.append(f"{path} ({endpoint}): {inner}")
        if broken := page.evaluate(BROKEN_WORDS):
            too_wide.append(f"{path} ({endpoint}): words broken into pieces: {broken}")
    assert len(visited) > 3, f"{role} saw {visited}"
    assert too_wide == [], f"{role}: pages wider than 360 px:\n" + "\n".join(too_wide)
