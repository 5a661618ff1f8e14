"""The authorization table: every endpoint of the app, and the status each role gets.

`tests/test_authz.py` fails when an endpoint of `app.url_map` has no entry here, so a new route
cannot ship without a decision about who may reach it. An entry is either

- a dict role → status, for the endpoint's rule without URL arguments, requested with GET; or
- a list of `Case`s: each names a *builder* (a function in BUILDERS) that makes the record the
  request is about — one the acting role owns, or one it doesn't — and returns the URL values,
  plus the method and the expected status per role.

Statuses: 200 page, 302 redirect (for `anonymous` on HTML pages: to /login — the test checks),
401 for anonymous JSON (/api/), 403 not allowed, 404 not found (also for "not yours" where the
existence of a record must not leak). Roles: anonymous, worker, worker_other_org (a worker of
another partner organisation), provider, coordinator, admin.
"""

from collections.abc import Callable
from dataclasses import dataclass

ROLES = ("anonymous", "worker", "worker_other_org", "provider", "coordinator", "admin")
STAFF = ROLES[1:]


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
WORKERS = only("worker", "worker_other_org")
STAFF_ONLY = expect(200)


@dataclass(frozen=True)
class Case:
    expect: dict[str, int]
    build: str | None = None  # name in BUILDERS; None: the rule without URL arguments
    method: str = "GET"
    data: dict | None = None  # form data for POST cases


# --- builders: (world, acting role) -> URL values ---------------------------------------------
# `world` is a tests.test_authz.World: .users[role] (anonymous has none), .db, .factories.


def a_worker_account(world, role) -> dict:
    return {"user_id": world.users["worker"].id}


def own_account(world, role) -> dict:
    user = world.users.get(role) or world.users["worker"]
    return {"user_id": user.id}


def missing_user(world, role) -> dict:
    return {"user_id": 987654}


def an_organisation(world, role) -> dict:
    return {"organisation_id": world.users["worker"].organisation_id}


def stylesheet(world, role) -> dict:
    return {"filename": "css/app.css"}


# Reports
def a_wijk(world, role) -> dict:
    return {"number": 4}


def a_round(world, role) -> dict:
    round_ = world.factories.visit_round()
    world.db.session.commit()
    return {"round_id": round_.id}


def csv_format(world, role) -> dict:
    return {"fmt": "csv"}


BUILDERS: dict[str, Callable] = {
    "a_worker_account": a_worker_account,
    "own_account": own_account,
    "missing_user": missing_user,
    "an_organisation": an_organisation,
    "stylesheet": stylesheet,
    "a_wijk": a_wijk,
    "a_round": a_round,
    "csv_format": csv_format,
}


TABLE: dict[str, dict[str, int] | list[Case]] = {
    # sign-in and own account
    "auth.login": expect(302, anonymous=200),
    "auth.logout": [Case(expect(302), method="POST")],
    "auth.change_password": STAFF_ONLY,
    # each role's home
    "home.index": expect(302),
    "home.admin": ADMIN,
    "home.coordinator": COORDINATION,
    "home.worker": WORKERS,
    "home.provider": only("provider"),
    # admin: users and organisations
    "admin.list_users": ADMIN,
    "admin.create_user": ADMIN,
    "admin.edit_user": [
        Case(ADMIN, build="a_worker_account"),
        Case(only("admin", ok=404), build="missing_user"),
    ],
    "admin.toggle_user": [
        Case(ADMIN, build="a_worker_account"),
        Case(only(), build="own_account"),  # nobody switches their own account off
    ],
    "admin.reset_password": [Case(ADMIN, build="a_worker_account")],
    "admin.list_organisations": ADMIN,
    "admin.edit_organisation": [Case(ADMIN), Case(ADMIN, build="an_organisation")],
    # audit trail and retention
    "audit.list_events": ADMIN,
    "retention.show_retention": ADMIN,
    # reference data
    "wijken.list_wijken": COORDINATION,
    # reports: coverage, gaps, round dashboard, exports (coordinators and admins only)
    "reports.coverage_matrix": COORDINATION,
    "reports.coverage_map": COORDINATION,
    "reports.gaps": COORDINATION,
    "reports.wijk_details": [Case(COORDINATION, build="a_wijk")],
    # without selected gaps it sends the coordinator back to the list
    "reports.call_from_gaps": only("coordinator", "admin", ok=302),
    "reports.exports_page": COORDINATION,
    "reports.export_visits": [Case(COORDINATION, build="csv_format")],
    "reports.export_coverage": [Case(COORDINATION, build="csv_format")],
    "reports.export_interests": [Case(COORDINATION, build="csv_format")],
    "reports.round_dashboard_page": [Case(COORDINATION, build="a_round")],
    "api.coverage": only("coordinator", "admin", anonymous=401),
    # API and static files
    "api.openapi_json": PUBLIC,
    "static": [Case(PUBLIC, build="stylesheet")],
    # offline field client: installable app files, the same for everyone
    "offline.manifest": PUBLIC,
    "offline.service_worker": PUBLIC,
    "offline.offline_page": PUBLIC,
}
