"""Which endpoints render household data: the declaration tests/test_audit_coverage.py walks.

Every endpoint of `app.url_map` is in exactly one of the two tables, so a new endpoint cannot
ship without a decision (the test fails for one that is in neither):

- SHOWS_HOUSEHOLDS: endpoint → the requests that make it show households (a builder from
  tests/authz_builders.py or below, a role that may see the page, the method and form data).
  Each must show at least one household, and an audit event written by that request must name
  every household the answer shows.
- SHOWS_NO_HOUSEHOLD: endpoint → why it shows none. The test requests these too (every GET case
  of tests/authz_table.py, as every role that may see it) and fails if an address turns up.
"""

from dataclasses import dataclass
from itertools import count

from tests.authz_builders import BUILDERS as AUTHZ_BUILDERS

_numbers = count(700)


@dataclass(frozen=True)
class Shows:
    build: str
    role: str = "coordinator"
    method: str = "GET"
    data: object = None  # form data, or f(world, values) -> dict


# --- builders: the record a request is about, with households to show ----------------------


def twin_households(world, role) -> dict:
    """Two spellings of one door: each page of one shows the other as a near-duplicate."""
    from tests import factories

    number = str(next(_numbers))
    first = factories.household(street="Sleepstraat", number=number)
    factories.household(street="Sleepstr.", number=number)
    return {"household_id": first.id}


def preview_with_a_known_door(world, role) -> dict:
    """An upload of the coordinator's whose row looks like an existing household."""
    from app.households import previews
    from tests import factories

    existing = factories.household(street="Sleepstraat", number=str(next(_numbers)))
    row = {"street": "Sleepstraat", "number": existing.number, "postcode": "9000", "wijk": "2"}
    token = previews.store([(2, row)], user_id=world.users["coordinator"].id, filename="x.csv")
    return {"token": token}


def planned_round(world, role) -> dict:
    from tests import factories

    route, _stops = factories.walked_route(world.users["worker"], n_stops=2)
    factories.stop(round_=route.round)  # one not yet on a route
    return {"round_id": route.round_id}


def round_to_fill(world, role) -> dict:
    from tests import factories

    factories.household(street="Sleepstraat", number=str(next(_numbers)))
    return {"round_id": factories.visit_round(status="draft").id, "q": "Sleepstraat"}


def household_to_find(world, role) -> dict:
    values = AUTHZ_BUILDERS["a_household_with_history"](world, role)
    return {"q": "Sleepstraat"} | values


BUILDERS = AUTHZ_BUILDERS | {
    "twin_households": twin_households,
    "preview_with_a_known_door": preview_with_a_known_door,
    "planned_round": planned_round,
    "round_to_fill": round_to_fill,
    "household_to_find": household_to_find,
}


# --- form data that is refused, so the page comes back with the household on it ------------


def same_door(world, values) -> dict:
    from app.extensions import db
    from app.households.models import Household

    household = db.session.get(Household, values["household_id"])
    return {"street": household.street, "number": household.number, "postcode": "9000",
            "consent": "given", "wijk": "2", "partner_organisation_id": ""}  # fmt: skip


def household_outside_ghent(world, values) -> dict:
    return same_door(world, values) | {"postcode": "1000"}


def route_with_a_bad_date(world, values) -> dict:
    return {"name": "Route", "date": "31-02-2027", "worker_1": "0", "worker_2": "0"}


SHOWS_HOUSEHOLDS: dict[str, list[Shows]] = {
    "households.list_households": [Shows("a_household")],
    "households.create_household": [Shows("a_household", method="POST", data=same_door)],
    "households.edit_household": [
        Shows("twin_households"),
        Shows("a_household", method="POST", data=household_outside_ghent),
    ],
    "households.show_household": [Shows("a_household"), Shows("twin_households")],
    "households.choose_merge": [Shows("twin_households")],
    "households.merge_households": [
        Shows("two_households"),
        Shows("two_households", method="POST", data={"keep": "0"}),
    ],
    "households.preview_import": [Shows("preview_with_a_known_door")],
    "rounds.show_round": [Shows("planned_round")],
    "rounds.pick_households": [Shows("round_to_fill")],
    "rounds.remove_stop": [Shows("a_planned_stop")],
    "rounds.edit_route": [
        Shows("a_planned_route"),
        Shows("a_planned_route", method="POST", data=route_with_a_bad_date),
    ],
    "rounds.walk_sheet": [Shows("a_planned_route")],
    "rounds.walk_sheet_pdf": [Shows("a_planned_route")],
    "field.show_route": [Shows("own_route", role="worker")],
    "field.walk_sheet": [Shows("own_route", role="worker")],
    "field.walk_sheet_pdf": [Shows("own_route", role="worker")],
    "field.contact": [
        Shows("own_stop", role="worker"),
        Shows("own_stop", role="worker", method="POST", data={"visit_id": "not-a-uuid"}),
    ],
    "api.routes": [Shows("own_route", role="worker")],
    "followups.list_followups": [Shows("followup_on_route"),
                                 Shows("followup_on_route", role="worker")],
    "followups.show_followup": [Shows("followup_on_route"),
                                Shows("followup_on_route", role="worker")],
    "followups.assign_followup": [
        Shows("followup_on_route", method="POST", data={"assigned_to_id": "987654"}),
    ],
    "followups.close_followup": [
        Shows("followup_on_route", method="POST", data={"outcome": ""}),
    ],
    "privacy.find_household": [Shows("household_to_find")],
    "privacy.show_household": [Shows("a_household_with_history")],
    "privacy.export_household": [Shows("a_household_with_history")],
    "privacy.erase_household": [Shows("a_household_with_history")],
    "visits.list_unplaced": [Shows("own_unplaced"), Shows("own_unplaced", role="worker")],
    "visits.discard": [Shows("own_unplaced")],
}  # fmt: skip

_COUNTS = "counts per wijk, week or route; no address"
_OFFER = "the summer offer: activities, providers, calls; no family"
_STAFF = "accounts, organisations or settings; no family"

SHOWS_NO_HOUSEHOLD: dict[str, str] = {
    "admin.create_user": _STAFF, "admin.edit_organisation": _STAFF, "admin.edit_user": _STAFF,
    "admin.list_organisations": _STAFF, "admin.list_users": _STAFF,
    "admin.reset_password": _STAFF, "admin.toggle_user": _STAFF,
    "auth.change_password": _STAFF, "auth.login": _STAFF, "auth.logout": _STAFF,
    "audit.list_events": "identifiers only: the trail never holds an address",
    "retention.show_retention": "counts of what a purge would anonymise",
    "home.index": "a redirect to the role's home",
    "offline.signed_out_page": "says the phone signed out; no data",
    "public.choose_language": "a redirect back to a families' page",
    "visits.attach": "a redirect", "home.admin": _STAFF,
    "home.coordinator": "links and counts",
    "wijken.list_wijken": "Ghent's 25 wijken",
    "api.meta": "code lists", "api.openapi_json": "the API's description",
    "api.visits": "answers per visit id: created, duplicate or rejected",
    "api.coverage": _COUNTS, "api.list_flyers": "QR short links and scan counts",
    "api.list_activities": _OFFER,
    "field.today": "the worker's routes by name, with counts",
    "field.toggle_flyer": "a redirect", "field.log_outcome": "a redirect",
    "field.bulk_not_home": "a redirect",
    "field.undo": "a redirect",
    "field.walk_sheet_page_css": "a stylesheet with the page numbers' words",
    "followups.reopen_followup": "a redirect",
    "households.import_template": "an empty template",
    "households.upload_import": "the upload form and what is wrong with the file",
    "rounds.list_rounds": "rounds by name, with counts",
    "rounds.edit_round": "a round's name, dates and wijken",
    "rounds.change_status": "a round's name and status",
    "rounds.plan_routes": "route names (a street), dates and workers; no door of a family",
    "rounds.add_households": "a redirect", "rounds.cut_round": "a redirect",
    "rounds.add_route": "a redirect", "rounds.move_stop": "a redirect",
    "reports.coverage_matrix": _COUNTS, "reports.coverage_map": _COUNTS,
    "reports.gaps": _COUNTS, "reports.wijk_details": _COUNTS,
    "reports.call_from_gaps": "a redirect", "reports.exports_page": _COUNTS,
    "reports.export_visits": "visits with a keyed pseudonym per household, never an address",
    "reports.export_coverage": _COUNTS, "reports.export_interests": _COUNTS,
    "reports.round_dashboard_page": _COUNTS,
    "stock.show_stock": "packages per partner", "stock.list_movements": "package movements",
    "stock.list_package_types": "package types", "stock.edit_package_type": "package types",
    "stock.record_received": "package movements", "stock.record_correction": "package movements",
    "stock.record_transfer": "package movements",
    "flyers.list_short_links": "QR short links", "flyers.create_short_link": "QR short links",
    "flyers.show_short_link": "a QR short link", "flyers.edit_short_link": "a QR short link",
    "flyers.toggle_short_link": "a QR short link", "flyers.flyer_pdf": "a flyer per wijk",
    "flyers.flyer_print": "a flyer per wijk", "flyers.bulk_pdf": "flyers per wijk",
    "flyers.scan_stats": "scan counts", "flyers.scan_stats_csv": "scan counts",
    "flyers.show_qr_index": "the wijken of the worker's routes",
    "flyers.show_qr": "a wijk's QR code",
    "shortlinks.follow": "a redirect to the offer",
    "offers.my_activities": _OFFER, "offers.create_activity": _OFFER,
    "offers.edit_activity": _OFFER, "offers.withdraw_activity": _OFFER,
    "offers.moderation": _OFFER, "offers.list_activities": _OFFER,
    "offers.review_activity": _OFFER, "offers.publish_activity": _OFFER,
    "offers.reject_activity": _OFFER, "offers.decide_changes": _OFFER,
    "offers.list_calls": _OFFER, "offers.edit_call": _OFFER,
    "offers.send_call": "a redirect", "offers.list_tips": _OFFER,
    "offers.edit_tip": _OFFER, "offers.delete_tip": _OFFER, "offers.import_page": _OFFER,
    "offers.spreadsheet_template": _OFFER, "offers.export_activities": _OFFER,
    "offers.spreadsheet_preview": _OFFER, "offers.spreadsheet_import": _OFFER,
    "offers.uitdatabank_import": _OFFER, "offers.call_submit": _OFFER,
    "offers.call_thanks": _OFFER, "offers.call_edit": _OFFER,
    "public.offer": _OFFER, "public.tips": _OFFER, "public.activity": _OFFER,
    "public.activity_ics": _OFFER,
    "offline.manifest": "the installable app's manifest",
    "offline.service_worker": "the service worker's code",
    "offline.offline_page": "a page without data", "static": "static files",
}  # fmt: skip
