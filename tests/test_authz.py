"""Least privilege, proven: every endpoint, requested as every role, against tests/authz_table.

A refused request must also leave the database exactly as it was: for every POST, the rows of
every table are compared before and after each refused role's request.
"""

from dataclasses import dataclass, field

import pytest
from flask import url_for

from tests import factories
from tests.authz_table import BUILDERS, ROLES, TABLE, Case

REFUSED = {401, 403, 404}


def cases_of(entry) -> list[Case]:
    return [Case(entry)] if isinstance(entry, dict) else list(entry)


@dataclass
class World:
    db: object
    users: dict = field(default_factory=dict)
    factories: object = factories
    last_stop: object = None


def make_world(db) -> World:
    home_org, other_org = factories.organisation(), factories.organisation()
    w = World(db=db)
    w.users = {
        "worker": factories.user("worker", organisation=home_org),
        "worker_other_org": factories.user("worker", organisation=other_org),
        "provider": factories.user("provider"),
        "coordinator": factories.user("coordinator"),
        "admin": factories.user("admin"),
    }
    db.session.commit()
    return w


@pytest.fixture
def world(db):
    return make_world(db)


def client_as(app, world, role):
    client = app.test_client()
    if role != "anonymous":
        with client.session_transaction() as session:
            session["_user_id"] = factories.login_id(world.users[role])
            session["_fresh"] = True
    return client


def snapshot(db) -> dict:
    """Every row of every table, as sorted tuples of strings: what a request could change."""
    db.session.expire_all()
    rows = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name == "wijk":  # reference data with large outlines; no view edits it
                continue
            result = conn.execute(table.select())
            rows[table.name] = sorted(tuple(map(str, row)) for row in result)
    return rows


def test_every_endpoint_has_an_entry_and_every_entry_an_endpoint(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - TABLE.keys())
    assert missing == [], f"add these endpoints to tests/authz_table.py: {missing}"
    assert sorted(TABLE.keys() - endpoints) == [], "stale entries in tests/authz_table.py"


def test_every_rule_is_covered_by_a_case(app):
    problems = []
    for rule in app.url_map.iter_rules():
        cases = cases_of(TABLE[rule.endpoint])
        for case in cases:
            assert set(case.expect) == set(ROLES), f"{rule.endpoint}: give a status per role"
            assert case.build is None or case.build in BUILDERS, f"unknown builder {case.build}"
        if rule.arguments and not any(c.build for c in cases):
            args = sorted(rule.arguments)
            problems.append(f"{rule.rule}: needs a Case with a builder for {args}")
        if not rule.arguments and not any(c.build is None or c.method != "GET" for c in cases):
            problems.append(f"{rule.rule}: needs a Case without a builder")
        if "POST" in rule.methods and not any(c.method == "POST" for c in cases):
            problems.append(f"{rule.rule}: needs a POST case")
    assert problems == []


def test_a_post_case_per_form_endpoint_is_not_a_formality(app):
    """Builders with ownership: the outsider cases exist for the records that have owners."""
    builds = {c.build for entry in TABLE.values() for c in cases_of(entry)}
    for outsider in (
        "other_org_activity",
        "followup_off_route",
        "closed_round_route",
        "closed_round_stop",
        "missing_stop",
        "wrong_edit_token",
    ):
        assert outsider in builds


ALL_CASES = [
    pytest.param(endpoint, index, id=f"{endpoint}[{case.build or '-'} {case.method}]")
    for endpoint, entry in TABLE.items()
    for index, case in enumerate(cases_of(entry))
]


def _body(spec, world, role, values):
    return spec(world, role, values) if callable(spec) else spec


@pytest.mark.parametrize("endpoint,index", ALL_CASES)
def test_each_role_gets_the_expected_status(app, world, db, endpoint, index):
    case = cases_of(TABLE[endpoint])[index]
    got, changed = {}, []
    for role in ROLES:
        values = BUILDERS[case.build](world, role) if case.build else {}
        data = _body(case.data, world, role, values)
        body = _body(case.json, world, role, values)
        db.session.commit()
        with app.test_request_context():
            url = url_for(endpoint, **values)
        to_login = role == "anonymous" and case.expect[role] == 302
        must_not_change = case.method != "GET" and (
            case.expect[role] in REFUSED
            or role in case.unchanged
            or (to_login and endpoint not in PUBLIC_REDIRECTS)
        )
        client = client_as(app, world, role)  # signing in writes a sign-in row: before the snapshot
        before = snapshot(db) if must_not_change else None
        kwargs = {"json": body} if body is not None else {"data": data}
        response = client.open(url, method=case.method, **kwargs)
        got[role] = response.status_code
        if before is not None and snapshot(db) != before:
            changed.append(role)
        if to_login and endpoint not in PUBLIC_REDIRECTS and response.status_code == 302:
            assert response.headers["Location"].startswith("/login"), url
        if role == "anonymous" and url.startswith("/api/") and case.expect[role] != 200:
            assert response.status_code == 401, "the API answers 401, never a redirect"
    wrong = {r: (got[r], case.expect[r]) for r in ROLES if got[r] != case.expect[r]}
    assert wrong == {}, "role: (got, expected)"
    assert changed == [], f"refused requests changed the database: {changed}"


# Public endpoints whose normal answer is a redirect somewhere other than the sign-in page.
PUBLIC_REDIRECTS = {"shortlinks.follow", "offers.call_submit"}
