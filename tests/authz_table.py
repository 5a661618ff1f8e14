"""The authorization table: every endpoint of the app, and the status each role gets.

`tests/test_authz.py` fails when an endpoint of `app.url_map` has no entry here, so a new route
cannot ship without a decision about who may reach it. An entry is either

- a dict role → status, for the endpoint's rule without URL arguments, requested with GET; or
- a list of `Case`s: each names a *builder* (a function in tests/authz_builders.py) that makes
  the record the request is about — one the acting role owns, or one it doesn't — and returns
  the URL values, plus the method, the form data (or JSON body) and the expected status per role.

Statuses: 200 page, 302 redirect (for `anonymous` on HTML pages: to /login — the test checks),
401 for anonymous JSON (/api/), 403 not allowed, 404 not found (also for "not yours" where the
existence of a record must not leak). Roles: anonymous, worker, worker_other_org (a worker of
another partner organisation), provider, coordinator, admin.

For every POST, a role answered 401/403/404 (and the roles in `unchanged`) must leave every
table of the database exactly as it was: the test compares a snapshot before and after.
"""

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tests.authz_builders import BUILDERS  # noqa: F401  (re-exported for the test)

ROLES = ("anonymous", "worker", "worker_other_org", "provider", "coordinator", "admin")
STAFF = ROLES[1:]
_numbers = itertools.count(200)


def expect(default: int = 403, *, anonymous: int = 302, **by_role: int) -> dict[str, int]:
    """Every role gets `default`, anonymous gets `anonymous`, except those named."""
    table = {role: default for role in STAFF}
    table["anonymous"] = anonymous
    table.update(by_role)
    return table


def only(*roles: str, ok: int = 200, anonymous: int = 302) -> dict[str, int]:
    return expect(403, anonymous=anonymous, **dict.fromkeys(roles, ok))


PUBLIC = expect(200, anonymous=200)
ADMIN = only("admin")
COORDINATION = only("coordinator", "admin")
STAFF_ONLY = expect(200)
API_STAFF = expect(200, anonymous=401)


def worker_a(ok: int = 200, *, other: int = 404) -> dict[str, int]:
    """Field pages: worker A reaches their own record; worker B gets the "not there" answer."""
    return only("worker", ok=ok) | {"worker_other_org": other}


def followup_page(ok: int = 200, *, worker: int = 200) -> dict[str, int]:
    return only("coordinator", "admin", ok=ok) | {"worker": worker, "worker_other_org": 404}


@dataclass(frozen=True)
class Case:
    expect: dict[str, int]
    build: str | None = None  # name in BUILDERS; None: the rule without URL arguments
    method: str = "GET"
    data: dict | Callable | None = None  # form data, or f(world, role, values) -> dict
    json: dict | Callable | None = None  # JSON body, or f(world, role, values) -> dict
    unchanged: tuple[str, ...] = ()  # roles answered 200 whose request must change nothing


def post(expected, build=None, data=None, **kw) -> Case:
    return Case(expected, build=build, method="POST", data=data or {}, **kw)


# --- form data that would change something if the guard let it through ----------------------


def _uuid() -> str:
    return str(uuid.uuid4())


def outcome_form(world, role, values) -> dict:
    return {"visit_id": _uuid(), "outcome": "refused"}


def bulk_form(world, role, values) -> dict:
    from app.extensions import db
    from app.rounds.models import Route

    route = db.session.get(Route, values["route_id"])
    stops = route.stops if route else []
    return {"visit": [f"{stop.id}:{_uuid()}" for stop in stops] or [f"{values['route_id']}:x"]}


def contact_form(world, role, values) -> dict:
    return {"visit_id": _uuid(), "consent": "y", "interests": ["camp"], "notes": "Graag kamp"}


def visit_batch(world, role, values) -> dict:
    stop = world.last_stop
    moment = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    return {
        "visits": [
            {
                "id": _uuid(),
                "stop_id": stop.id if stop else 987654,
                "occurred_at": moment,
                "outcome": "contact",
                "interests": ["camp"],
                "consent": True,
            }
        ]
    }


def household_form(world, role, values) -> dict:
    return {
        "street": "Sleepstraat",
        "number": str(next(_numbers)),
        "postcode": "9000",
        "consent": "given",
        "wijk": "2",
        "children_3_5": "1",
        "partner_organisation_id": "",
    }


def merge_form(world, role, values) -> dict:
    return {"keep": str(values["household_id"])}


def stock_form(world, role, values) -> dict:
    from tests import factories

    ptype = factories.package_type()
    return {
        "organisation_id": str(world.users["worker"].organisation_id),
        "package_type_id": str(ptype.id),
        "quantity": "5",
        "reason": "telling",
    }


def transfer_form(world, role, values) -> dict:
    from tests import factories

    giver = world.users["worker"].organisation
    movement = factories.stock_movement(organisation=giver, quantity=20)
    return {
        "organisation_id": str(giver.id),
        "package_type_id": str(movement.package_type_id),
        "to_organisation_id": str(world.users["worker_other_org"].organisation_id),
        "quantity": "3",
    }


def route_form(world, role, values) -> dict:
    return {"name": "Nieuwe naam", "date": "", "worker_1": "0", "worker_2": "0"}


def move_to_nowhere(world, role, values) -> dict:
    return {"route_id": "0"}


def activity_form(world, role, values) -> dict:
    from datetime import timedelta as td

    from app.season import iso_week_range
    from tests import factories

    monday = iso_week_range(factories.season_week(2))[0]
    return {
        "title": "Circuskamp",
        "provider_name": "Circus Gent",
        "categories": ["camp"],
        "age_min": "6",
        "age_max": "12",
        "start_date": monday.isoformat(),
        "end_date": (monday + td(days=4)).isoformat(),
        "weekdays": ["1", "2", "3", "4", "5"],
        "location_name": "Circusschool",
        "street": "Acaciastraat",
        "number": "5",
        "postcode": "9000",
        "wijk_number": "",
        "price_eur": "80",
        "registration_url": "https://example.org/circus",
        "contact_name": "Carla",
        "contact_email": "carla@example.org",
    }


def bulk_flyers_form(world, role, values) -> dict:
    from tests import factories

    return {"round_id": str(factories.visit_round().id), "languages": ["nl"], "layout": "a4"}


CALL_FORM = {
    "title": "Oproep zomer",
    "message": "Dien je aanbod in.",
    "season_year": "2027",
    "open": "y",
}
TIP_FORM = {
    "title": "Bellen blazen",
    "text": "Zeep en water.",
    "kind": "outdoor",
    "age_min": "0",
    "age_max": "12",
    "published": "y",
}
USER_FORM = {
    "email": "nieuw@example.gent",
    "name": "Nieuw",
    "role": "worker",
    "preferred_language": "nl",
    "password": "een lang nieuw wachtwoord 42",
}


def user_form(world, role, values) -> dict:
    return {**USER_FORM, "organisation_id": str(world.users["worker"].organisation_id)}


def round_form(world, role, values) -> dict:
    return {
        "name": "Ronde zomer",
        "start_date": "2027-07-01",
        "end_date": "2027-07-31",
        "wijken": ["4"],
        "max_attempts": "3",
    }


TABLE: dict[str, dict[str, int] | list[Case]] = {
    # sign-in and own account
    "auth.login": [
        Case(expect(302, anonymous=200)),
        post(
            expect(302, anonymous=422),
            data={"email": "niemand@example.gent", "password": "fout wachtwoord"},
        ),
    ],
    "auth.logout": [Case(expect(302), method="POST")],
    "auth.change_password": [
        Case(STAFF_ONLY),
        post(
            expect(422),
            data={"current_password": "fout", "new_password": "x" * 20, "confirm": "x" * 20},
        ),
    ],
    # each role's home
    "home.index": expect(302),
    "home.admin": ADMIN,
    "home.coordinator": COORDINATION,
    # admin: users and organisations
    "admin.list_users": ADMIN,
    "admin.create_user": [Case(ADMIN), post(only("admin", ok=302), data=user_form)],
    "admin.edit_user": [
        Case(ADMIN, build="a_worker_account"),
        Case(only("admin", ok=404), build="missing_user"),
        post(only("admin", ok=302), "a_fresh_account", data=user_form),
    ],
    "admin.toggle_user": [
        Case(ADMIN, build="a_worker_account"),
        Case(only(), build="own_account"),  # nobody switches their own account off
        post(only("admin", ok=302), "a_fresh_account"),
    ],
    "admin.reset_password": [
        Case(ADMIN, build="a_worker_account"),
        post(
            only("admin", ok=302),
            "a_fresh_account",
            data={"password": "een lang nieuw wachtwoord 42"},
        ),
    ],
    "admin.list_organisations": ADMIN,
    "admin.edit_organisation": [
        Case(ADMIN),
        Case(ADMIN, build="an_organisation"),
        post(only("admin", ok=302), data={"name": "Nieuwe partner", "kind": "childcare"}),
    ],
    # audit trail, retention, data rights
    "audit.list_events": ADMIN,
    "retention.show_retention": ADMIN,
    "privacy.find_household": COORDINATION,
    "privacy.show_household": [
        Case(COORDINATION, build="a_household_with_history"),
        Case(only("coordinator", "admin", ok=404), build="missing_household"),
    ],
    "privacy.export_household": [Case(COORDINATION, build="a_household_with_history")],
    "privacy.erase_household": [
        Case(COORDINATION, build="a_household_with_history"),
        post(
            only("coordinator", "admin", ok=302), "a_household_with_history", data={"confirm": "y"}
        ),
    ],
    # reference data
    "wijken.list_wijken": COORDINATION,
    # the worker's phone pages: only their own routes of running rounds
    "field.today": only("worker", "worker_other_org"),
    "field.show_route": [
        Case(worker_a(), build="own_route"),
        Case(worker_a(404), build="closed_round_route"),
        Case(worker_a(404), build="missing_route"),
    ],
    "field.toggle_flyer": [post(worker_a(302), "own_route"), post(worker_a(404), "missing_route")],
    "field.log_outcome": [
        post(worker_a(302), "own_stop", data=outcome_form),
        # Worker A had this stop: the write path says the round closed (and keeps the refusal).
        post(worker_a(302), "closed_round_stop", data=outcome_form),
        post(worker_a(404), "missing_stop", data=outcome_form),
    ],
    "field.bulk_not_home": [
        post(worker_a(302), "own_route", data=bulk_form),
        post(worker_a(404), "closed_round_route", data=bulk_form),
    ],
    "field.undo": [
        post(worker_a(302), "own_recent_visit"),
        post(worker_a(404), "missing_visit"),
    ],
    "field.walk_sheet": [
        Case(worker_a(), build="own_route"),
        Case(worker_a(404), build="closed_round_route"),
        Case(worker_a(404), build="missing_route"),
    ],
    "field.walk_sheet_pdf": [Case(worker_a(), build="own_route")],
    "field.walk_sheet_page_css": only("worker", "worker_other_org", "coordinator", "admin"),
    "field.contact": [
        Case(worker_a(), build="own_stop"),
        Case(worker_a(404), build="closed_round_stop"),
        Case(worker_a(404), build="missing_stop"),
        post(worker_a(302), "own_stop", data=contact_form),
    ],
    # the field API
    "api.meta": API_STAFF,
    "api.routes": API_STAFF,
    "api.visits": [
        Case(
            API_STAFF,
            build="own_stop",
            method="POST",
            json=visit_batch,
            unchanged=("worker_other_org", "provider", "coordinator", "admin"),
        ),
        # Worker A had the stop: the contact is kept for the coordinator (an unplaced visit).
        Case(
            API_STAFF,
            build="closed_round_stop",
            method="POST",
            json=visit_batch,
            unchanged=("worker_other_org", "provider", "coordinator", "admin"),
        ),
        Case(API_STAFF, build="missing_stop", method="POST", json=visit_batch, unchanged=STAFF),
    ],
    # visits to check: unplaced visits (coordinators all, a worker their own), corrected clocks
    "visits.list_unplaced": only("worker", "worker_other_org", "coordinator", "admin"),
    "visits.attach": [
        post(
            only("coordinator", "admin", ok=302) | {"worker": 302, "worker_other_org": 404},
            "own_unplaced",
            data={},
            unchanged=("worker", "coordinator", "admin"),
        ),
        post(
            only("coordinator", "admin", ok=404) | {"worker": 404, "worker_other_org": 404},
            "missing_unplaced",
            data={},
        ),
    ],
    "visits.discard": [
        Case(only("coordinator", "admin"), build="own_unplaced"),
        post(only("coordinator", "admin", ok=302), "own_unplaced", data={"confirm": "y"}),
        Case(only("coordinator", "admin", ok=404), build="missing_unplaced"),
    ],
    "api.list_flyers": only("coordinator", "admin", anonymous=401),
    "api.list_activities": PUBLIC,
    "api.openapi_json": PUBLIC,
    # households: coordinators and admins only
    "households.list_households": COORDINATION,
    "households.create_household": [
        Case(COORDINATION),
        post(only("coordinator", "admin", ok=302), data=household_form),
    ],
    "households.show_household": [
        Case(COORDINATION, build="a_household"),
        Case(only("coordinator", "admin", ok=404), build="missing_household"),
    ],
    "households.edit_household": [
        Case(COORDINATION, build="a_household"),
        post(only("coordinator", "admin", ok=302), "a_household", data=household_form),
    ],
    "households.choose_merge": [Case(COORDINATION, build="a_household")],
    "households.merge_households": [
        Case(COORDINATION, build="two_households"),
        post(only("coordinator", "admin", ok=302), "two_households", data=merge_form),
    ],
    "households.import_template": [Case(COORDINATION, build="csv_kind")],
    "households.upload_import": [
        Case(COORDINATION),
        post(only("coordinator", "admin", ok=422), data={}),
    ],
    "households.preview_import": [
        Case(only("coordinator") | {"admin": 404}, build="coordinators_import"),
        post(only("coordinator", ok=302) | {"admin": 404}, "coordinators_import"),
    ],
    # stock
    "stock.show_stock": COORDINATION,
    "stock.list_movements": COORDINATION,
    "stock.list_package_types": COORDINATION,
    "stock.edit_package_type": [
        Case(COORDINATION),
        Case(COORDINATION, build="a_package_type"),
        post(
            only("coordinator", "admin", ok=302),
            "a_package_type",
            data=lambda world, role, values: {
                "name": f"Zomerpakket {next(_numbers)}",
                "age_band": "3-5",
                "active": "y",
            },
        ),
    ],
    "stock.record_received": [
        Case(COORDINATION),
        post(only("coordinator", "admin", ok=302), data=stock_form),
    ],
    "stock.record_correction": [
        Case(COORDINATION),
        post(only("coordinator", "admin", ok=302), data=stock_form),
    ],
    "stock.record_transfer": [
        Case(COORDINATION),
        post(only("coordinator", "admin", ok=302), data=transfer_form),
    ],
    # follow-ups: coordinators; a worker only for households on their own running routes
    "followups.list_followups": only("worker", "worker_other_org", "coordinator", "admin"),
    "followups.show_followup": [
        Case(followup_page(), build="followup_on_route"),
        Case(followup_page(worker=404), build="followup_off_route"),
        Case(followup_page(404, worker=404), build="missing_followup"),
    ],
    "followups.assign_followup": [
        post(followup_page(302, worker=302), "followup_on_route", data={"assigned_to_id": ""}),
        post(followup_page(302, worker=404), "followup_off_route", data={"assigned_to_id": ""}),
    ],
    "followups.close_followup": [
        post(followup_page(302, worker=302), "followup_on_route", data={"outcome": "Gebeld"}),
        post(followup_page(302, worker=404), "followup_off_route", data={"outcome": "Gebeld"}),
        post(followup_page(404, worker=404), "missing_followup", data={"outcome": "Gebeld"}),
    ],
    "followups.reopen_followup": [
        post(followup_page(302, worker=302), "followup_on_route"),
        post(followup_page(302, worker=404), "followup_off_route"),
    ],
    # rounds: coordinators and admins
    "rounds.list_rounds": COORDINATION,
    "rounds.edit_round": [
        Case(COORDINATION),
        Case(COORDINATION, build="a_round"),
        post(only("coordinator", "admin", ok=302), data=round_form),
        post(only("coordinator", "admin", ok=302), "a_round", data=round_form),
    ],
    "rounds.show_round": [Case(COORDINATION, build="a_round")],
    "rounds.plan_routes": [
        Case(COORDINATION, build="a_round"),
        post(only("coordinator", "admin", ok=302), "a_round"),
    ],
    "rounds.change_status": [
        Case(COORDINATION, build="a_round_to_activate"),
        post(only("coordinator", "admin", ok=302), "a_round_to_activate"),
    ],
    "rounds.add_households": [
        post(only("coordinator", "admin", ok=302), "a_round", data={"how": "wijk", "wijk": "2"}),
    ],
    "rounds.pick_households": [Case(COORDINATION, build="a_round")],
    "rounds.remove_stop": [
        Case(COORDINATION, build="a_planned_stop"),
        post(only("coordinator", "admin", ok=302), "a_planned_stop"),
    ],
    "rounds.cut_round": [
        post(only("coordinator", "admin", ok=302), "a_round", data={"routes": "2"}),
    ],
    "rounds.add_route": [
        post(only("coordinator", "admin", ok=302), "a_round", data={"name": "Route extra"}),
    ],
    "rounds.edit_route": [
        Case(COORDINATION, build="a_planned_route"),
        post(only("coordinator", "admin", ok=302), "a_planned_route", data=route_form),
    ],
    "rounds.move_stop": [
        post(only("coordinator", "admin", ok=302), "a_planned_stop", data=move_to_nowhere),
    ],
    "rounds.walk_sheet": [Case(COORDINATION, build="a_planned_route")],
    "rounds.walk_sheet_pdf": [Case(COORDINATION, build="a_planned_route")],
    # flyers and short links
    "flyers.list_short_links": COORDINATION,
    "flyers.create_short_link": [
        Case(COORDINATION),
        post(
            only("coordinator", "admin", ok=302),
            data={
                "label": "Flyer Brugse Poort",
                "wijk_number": "4",
                "lang": "nl",
                "round_id": "",
                "target": "",
            },
        ),
    ],
    "flyers.show_short_link": [
        Case(COORDINATION, build="a_short_link"),
        Case(only("coordinator", "admin", ok=404), build="missing_link"),
    ],
    "flyers.edit_short_link": [
        Case(COORDINATION, build="a_short_link"),
        post(
            only("coordinator", "admin", ok=302),
            "a_short_link",
            data={"label": "Nieuwe naam", "target": "/aanbod?wijk=4"},
        ),
    ],
    "flyers.toggle_short_link": [
        Case(COORDINATION, build="a_short_link"),
        post(only("coordinator", "admin", ok=302), "a_short_link"),
    ],
    "flyers.flyer_pdf": [Case(COORDINATION, build="a_short_link")],
    "flyers.flyer_print": [Case(COORDINATION, build="a_short_link")],
    "flyers.bulk_pdf": [
        Case(COORDINATION),
        post(only("coordinator", "admin"), data=bulk_flyers_form),
    ],
    "flyers.scan_stats": COORDINATION,
    "flyers.scan_stats_csv": COORDINATION,
    "flyers.show_qr_index": only("worker", "worker_other_org", "coordinator", "admin"),
    "flyers.show_qr": [
        Case(worker_a() | {"coordinator": 200, "admin": 200}, build="link_of_workers_wijk"),
        Case(worker_a(404) | {"coordinator": 404, "admin": 404}, build="missing_link"),
    ],
    "shortlinks.follow": [
        Case(expect(302, anonymous=302), build="a_short_link"),
        Case(expect(404, anonymous=404), build="missing_link"),
    ],
    # the offer: providers only ever reach their own organisation's activities
    "offers.my_activities": only("provider"),
    "offers.create_activity": [
        Case(only("provider", "coordinator", "admin")),
        post(only("provider", "coordinator", "admin", ok=302), data=activity_form),
    ],
    "offers.edit_activity": [
        Case(only("provider", "coordinator", "admin"), build="own_activity"),
        Case(only("coordinator", "admin") | {"provider": 404}, build="other_org_activity"),
        Case(only("provider", "coordinator", "admin", ok=404), build="missing_activity"),
        post(
            only("coordinator", "admin", ok=302) | {"provider": 404},
            "other_org_activity",
            data=activity_form,
        ),
        post(only("provider", "coordinator", "admin", ok=302), "own_activity", data=activity_form),
    ],
    "offers.withdraw_activity": [
        Case(only("provider", "coordinator", "admin"), build="own_activity"),
        post(only("coordinator", "admin", ok=302) | {"provider": 404}, "other_org_activity"),
        post(only("provider", "coordinator", "admin", ok=302), "own_activity"),
    ],
    "offers.moderation": COORDINATION,
    "offers.list_activities": COORDINATION,
    "offers.review_activity": [Case(COORDINATION, build="own_activity")],
    "offers.publish_activity": [post(only("coordinator", "admin", ok=302), "own_activity")],
    "offers.reject_activity": [
        Case(COORDINATION, build="own_activity"),
        post(
            only("coordinator", "admin", ok=302),
            "own_activity",
            data={"reason": "Geen activiteit voor kinderen."},
        ),
    ],
    "offers.decide_changes": [
        post(
            only("coordinator", "admin", ok=302),
            "activity_with_changes",
            data={"decision": "approve"},
        ),
    ],
    "offers.list_calls": COORDINATION,
    "offers.edit_call": [
        Case(COORDINATION),
        Case(COORDINATION, build="a_call"),
        post(only("coordinator", "admin", ok=302), data=CALL_FORM),
        post(only("coordinator", "admin", ok=302), "a_call", data=CALL_FORM),
    ],
    "offers.send_call": [post(only("coordinator", "admin", ok=302), "a_call")],
    "offers.list_tips": COORDINATION,
    "offers.edit_tip": [
        Case(COORDINATION),
        Case(COORDINATION, build="a_tip"),
        post(only("coordinator", "admin", ok=302), "a_tip", data=TIP_FORM),
    ],
    "offers.delete_tip": [
        Case(COORDINATION, build="a_tip"),
        post(only("coordinator", "admin", ok=302), "a_tip"),
    ],
    "offers.import_page": COORDINATION,
    "offers.spreadsheet_template": [Case(COORDINATION, build="csv_fmt")],
    "offers.export_activities": [
        Case(COORDINATION, build="csv_fmt"),
        Case(COORDINATION, build="xlsx_fmt"),
    ],
    "offers.spreadsheet_preview": [post(only("coordinator", "admin", ok=422))],
    "offers.spreadsheet_import": [
        post(only("coordinator", "admin", ok=302), data={"payload": "tampered"})
    ],
    "offers.uitdatabank_import": [post(only("coordinator", "admin", ok=422))],
    # the public side: the secret call link is the permission
    "offers.call_submit": [
        Case(PUBLIC, build="open_call"),
        Case(expect(404, anonymous=404), build="missing_call"),
        post(expect(302, anonymous=302), "open_call", data=activity_form),
        post(expect(404, anonymous=404), "missing_call", data=activity_form),
    ],
    "offers.call_thanks": [
        Case(PUBLIC, build="open_call"),
        Case(expect(404, anonymous=404), build="missing_call"),
    ],
    "offers.call_edit": [
        Case(PUBLIC, build="call_submission"),
        Case(expect(404, anonymous=404), build="wrong_edit_token"),
        post(expect(404, anonymous=404), "wrong_edit_token", data=activity_form),
    ],
    "public.offer": PUBLIC,
    "public.tips": PUBLIC,
    "public.activity": [
        Case(PUBLIC, build="published_activity"),
        Case(expect(404, anonymous=404), build="unpublished_activity"),
    ],
    # the switcher of the families' pages: keeps the choice in a cookie, back to the page
    "public.choose_language": [
        Case(expect(303, anonymous=303), build="a_public_language"),
        Case(expect(404, anonymous=404), build="unknown_language"),
    ],
    "public.activity_ics": [
        Case(PUBLIC, build="published_activity"),
        Case(expect(404, anonymous=404), build="unpublished_activity"),
    ],
    "static": [Case(PUBLIC, build="stylesheet")],
    # reports: coverage, gaps, round dashboard, exports (coordinators and admins only)
    "reports.coverage_matrix": COORDINATION,
    "reports.coverage_map": COORDINATION,
    "reports.gaps": COORDINATION,
    "reports.wijk_details": [Case(COORDINATION, build="a_wijk")],
    # without selected gaps it sends the coordinator back to the list
    "reports.call_from_gaps": only("coordinator", "admin", ok=302),
    "reports.exports_page": COORDINATION,
    "reports.export_visits": [Case(COORDINATION, build="csv_fmt")],
    "reports.export_coverage": [Case(COORDINATION, build="csv_fmt")],
    "reports.export_interests": [Case(COORDINATION, build="csv_fmt")],
    "reports.round_dashboard_page": [Case(COORDINATION, build="a_round")],
    "api.coverage": only("coordinator", "admin", anonymous=401),
    # offline field client: installable app files, the same for everyone
    "offline.manifest": PUBLIC,
    "offline.service_worker": PUBLIC,
    "offline.offline_page": PUBLIC,
    "offline.signed_out_page": PUBLIC,
}
