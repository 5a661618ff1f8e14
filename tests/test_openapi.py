"""The OpenAPI document is valid OpenAPI 3.0.3, and the API keeps to it under Schemathesis.

Schemathesis generates requests from the document (valid ones and, per its defaults, some that
break it) and checks every answer against it: no server error, only documented statuses and
content types, bodies that match their schemas, valid input accepted. Staff operations run with
a signed-in session, and POSTs with the CSRF token, as the field client sends them.
"""

import re

import pytest
import schemathesis
from flask import g
from hypothesis import HealthCheck, given, settings
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.auths import AuthStorage
from schemathesis.specs.openapi.checks import negative_data_rejection

from tests import factories

FIELD_PATHS = {"/meta", "/routes", "/visits"}  # the worker's phone; the rest is for coordinators


def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_is_valid_openapi_3_0(client):
    spec = document(client)
    assert spec["openapi"] == "3.0.3"
    validate(spec)  # openapi-spec-validator: raises on anything 3.0.3 does not allow


def test_the_week_pattern_takes_only_existing_week_numbers(client):
    pattern = re.compile(document(client)["components"]["schemas"]["IsoWeek"]["pattern"])
    for week in ("2027-W01", "2027-W28", "2026-W53", "2027-W10", "2027-W49"):
        assert pattern.search(week), week
    for week in (
        "0000-W00",
        "2027-W00",
        "2027-W54",
        "2027-W60",
        "2027-W99",
        "2027-w28",
        "2027W28",
        "27-W28",
        "2027-W1",
    ):
        assert not pattern.search(week), week


def test_the_session_cookie_and_the_csrf_header_are_security_schemes(client):
    spec = document(client)
    schemes = spec["components"]["securitySchemes"]
    assert schemes["session"] == {
        **schemes["session"],
        "type": "apiKey",
        "in": "cookie",
        "name": "session",
    }
    assert schemes["csrf"] == {
        **schemes["csrf"],
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRFToken",
    }
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", [])}
            assert not names & {"session", "X-CSRFToken"}, f"{method} {path}"
            if method == "post":
                assert operation["security"] == [{"session": [], "csrf": []}]


# --- Schemathesis against the app -------------------------------------------------------------


@pytest.fixture
def signed_in(app, db):
    """Cookies and CSRF tokens of a worker (with a route today) and of a coordinator."""
    worker = factories.user("worker")
    factories.walked_route(worker, n_stops=4)
    for week in (1, 2):
        factories.activity(week=factories.season_week(week))
    factories.short_link()
    coordinator = factories.user("coordinator")
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    sessions = {}
    for name, user in (("worker", worker), ("coordinator", coordinator)):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = factories.login_id(user)
            session["_fresh"] = True
        html = client.get("/account/wachtwoord").get_data(as_text=True)
        token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
        sessions[name] = {"session": client.get_cookie("session").value, "csrf": token}
    yield sessions
    app.config["WTF_CSRF_ENABLED"] = False


OPERATIONS = [
    ("/activities", "GET"),
    ("/coverage", "GET"),
    ("/flyers", "GET"),
    ("/meta", "GET"),
    ("/openapi.json", "GET"),
    ("/routes", "GET"),
    ("/visits", "POST"),
]


def test_every_operation_is_run_here(client):
    described = {
        (path, method.upper()) for path, ops in document(client)["paths"].items() for method in ops
    }
    assert described == set(OPERATIONS)


def staff_auth(credentials: dict, schemes: set) -> AuthStorage:
    """Credentials as Schemathesis applies them: it also tries each call without them."""

    class StaffSession:
        def get(self, case, context):
            return credentials

        def set(self, case, data, context):
            case.cookies = {**(case.cookies or {}), "session": data["session"]}
            if "csrf" in schemes:
                case.headers = {**(case.headers or {}), "X-CSRFToken": data["csrf"]}

    storage = AuthStorage()
    storage.auth(refresh_interval=None)(StaffSession)
    return storage


CASES = [
    pytest.param(path, method, mode, id=f"{method} {path} {mode.value}")
    for path, method in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if not (path == "/openapi.json" and mode == GenerationMode.NEGATIVE)  # nothing to break
]


def each_request_on_its_own(app):
    """The app as a server runs it: the tests keep one app context open, and what a request
    leaves in `g` (Flask-Login's user, the locale) must not reach the next (as RequestClient)."""

    def wsgi(environ, start_response):
        for name in list(g):
            g.pop(name)
        return app(environ, start_response)

    return wsgi


def schemathesis_free_document(app) -> dict:
    with app.test_client() as client:
        return document(client)


def each_broken_visit_rejected(components: dict):
    """A batch answers per visit, so that one broken visit never costs the phone the others: a
    batch with a visit that breaks the document may be answered 200, but that visit's result must
    be `rejected` (what Schemathesis' whole-request rejection check means for a batch)."""
    visit_schema = OAS30Validator(
        {"$ref": "#/components/schemas/VisitIn", "components": components}
    )

    def check(ctx, response, case):
        if response.status_code != 200 or not isinstance(case.body, dict):
            return None
        sent = case.body.get("visits")
        if not isinstance(sent, list):
            return None
        results = response.json()["results"]
        assert len(results) == len(sent), "one result per visit sent"
        for visit, result in zip(sent, results, strict=True):
            if not visit_schema.is_valid(visit):
                assert result["status"] == "rejected", (
                    f"a visit that breaks the document was {result['status']}: {visit!r}"
                )
        return True

    return check


@pytest.mark.parametrize("path,method,mode", CASES)
def test_the_api_keeps_to_its_document(app, signed_in, path, method, mode):
    served = each_request_on_its_own(app)
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", served)[path][method]
    schemes = {
        name for requirement in operation.definition.raw.get("security", []) for name in requirement
    }
    who = signed_in["worker" if path in FIELD_PATHS else "coordinator"]
    auth = staff_auth(who, schemes) if schemes else None

    checks = {}
    if path == "/visits" and mode == GenerationMode.NEGATIVE:
        components = schemathesis_free_document(app)["components"]
        checks = {
            "excluded_checks": [negative_data_rejection],
            "additional_checks": [each_broken_visit_rejected(components)],
        }

    @given(case=operation.as_strategy(generation_mode=mode, auth_storage=auth))
    @settings(max_examples=30, suppress_health_check=list(HealthCheck), deadline=None)
    def run(case):
        # Uncompressed: the WSGI transport reads the body as it comes (browsers inflate it).
        case.headers = {**(case.headers or {}), "Accept-Encoding": "identity"}
        case.call_and_validate(**checks)

    run()
