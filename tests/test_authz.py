"""Least privilege, proven: every endpoint, requested as every role, against tests/authz_table."""

from dataclasses import dataclass, field

import pytest
from flask import url_for

from tests import factories
from tests.authz_table import BUILDERS, ROLES, TABLE, Case


def cases_of(entry) -> list[Case]:
    return [Case(entry)] if isinstance(entry, dict) else list(entry)


@dataclass
class World:
    db: object
    users: dict = field(default_factory=dict)
    factories: object = factories


@pytest.fixture
def world(db):
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


def client_as(app, world, role):
    client = app.test_client()
    if role != "anonymous":
        with client.session_transaction() as session:
            session["_user_id"] = world.users[role].get_id()
            session["_fresh"] = True
    return client


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
        if not rule.arguments and not any(c.build is None for c in cases):
            problems.append(f"{rule.rule}: needs a Case without a builder")
    assert problems == []


ALL_CASES = [
    pytest.param(endpoint, index, id=f"{endpoint}[{case.build or '-'} {case.method}]")
    for endpoint, entry in TABLE.items()
    for index, case in enumerate(cases_of(entry))
]


@pytest.mark.parametrize("endpoint,index", ALL_CASES)
def test_each_role_gets_the_expected_status(app, world, endpoint, index):
    case = cases_of(TABLE[endpoint])[index]
    got = {}
    for role in ROLES:
        values = BUILDERS[case.build](world, role) if case.build else {}
        with app.test_request_context():
            url = url_for(endpoint, **values)
        response = client_as(app, world, role).open(url, method=case.method, data=case.data)
        got[role] = response.status_code
        if role == "anonymous" and response.status_code == 302:
            assert response.headers["Location"].startswith("/login"), url
        if role == "anonymous" and url.startswith("/api/") and case.expect[role] != 200:
            assert response.status_code == 401, "the API answers 401, never a redirect"
    assert got == case.expect
