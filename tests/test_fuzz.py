"""Junk from a hostile client: every form and every API endpoint, fuzzed with Hypothesis.

Each POST endpoint of the authorization table is sent, as a role that may use it, its valid
form data with fields overwritten, dropped or added at random (text, unicode, huge strings,
lists, uploaded bytes). The app must never answer 500, and a 4xx answer must store nothing
(row counts unchanged). The JSON API gets recursive JSON, wrong types, huge numbers and nulls:
no 500, and exactly one stored visit per "created" result.
"""

import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from flask import url_for
from hypothesis import given, settings
from hypothesis import strategies as st

from app.models import Visit
from tests import factories
from tests.authz_table import ROLES, TABLE, Case
from tests.test_authz import BUILDERS, PUBLIC_REDIRECTS, cases_of, client_as, make_world

# The audit trail may note a refused sign-in; "stored nothing" is about the rest.
NOT_INPUT = {"audit_event", "wijk", "alembic_version"}
COMMON_FIELDS = [
    "file",
    "visit_id",
    "outcome",
    "visit",
    "confirm",
    "keep",
    "how",
    "wijk",
    "routes",
    "decision",
    "direction",
    "route_id",
    "payload",
    "publish",
    "email",
    "password",
    "quantity",
    "organisation_id",
    "package_type_id",
    "status",
    "interests",
    "consent",
    "notes",
    "name",
    "title",
    "age_min",
    "age_max",
    "start_date",
    "end_date",
    "household",
    "partner",
    "fetch",
]

text = st.text(max_size=40) | st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "99999999999999999999",
        "1e309",
        "NaN",
        "2027-13-45",
        "\x00",
        "<script>alert(1)</script>",
        '=HYPERLINK("x")',
        "' OR 1=1 --",
        "🙂" * 30,
        "a" * 5000,
        "../../etc/passwd",
        "%00",
        "null",
        "true",
        "[]",
        "{}",
    ]
)
upload = st.tuples(
    st.binary(max_size=300) | st.sampled_from([b"PK\x03\x04junk", b"\xff\xfe\x00", b"a;b\n" * 50]),
    st.sampled_from(["x.csv", "x.xlsx", "x.json", "", "x"]),
)
value = text | st.lists(text, max_size=3) | upload


def counts(db) -> dict:
    return {
        table.name: db.session.scalar(db.select(db.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
        if table.name not in NOT_INPUT
    }


def _as_form(data: dict) -> dict:
    form = {}
    for key, item in data.items():
        if isinstance(item, tuple):
            form[key] = (io.BytesIO(item[0]), item[1])
        else:
            form[key] = item
    return form


def acting_role(endpoint: str, case: Case) -> str | None:
    """The most restricted role the endpoint lets in, so the junk reaches the form itself.

    (Roles the guard refuses never get as far as parsing the form: tests/test_authz.py.)
    """
    public = endpoint in PUBLIC_REDIRECTS or case.expect["anonymous"] != 302
    for role in ("anonymous", "provider", "worker", "coordinator", "admin"):
        if role == "anonymous" and not public:
            continue
        if case.expect[role] < 400 or case.expect[role] == 422:
            return role
    return None  # a case about a record nobody may touch: nothing for junk to reach


FORM_CASES = [
    pytest.param(endpoint, index, id=f"{endpoint}[{case.build or '-'}]")
    for endpoint, entry in TABLE.items()
    for index, case in enumerate(cases_of(entry))
    if case.method == "POST"
    and case.json is None
    and endpoint != "auth.logout"
    and acting_role(endpoint, case) is not None
]


@pytest.fixture
def world(db):
    return make_world(db)


@pytest.mark.parametrize("endpoint,index", FORM_CASES)
def test_forms_survive_junk_and_store_nothing_when_refusing(app, db, world, endpoint, index):
    case = cases_of(TABLE[endpoint])[index]
    role = acting_role(endpoint, case)

    @settings(max_examples=30)
    @given(
        changes=st.dictionaries(
            st.sampled_from(COMMON_FIELDS) | st.text(max_size=8), value, max_size=6
        ),
        drop=st.lists(st.sampled_from(COMMON_FIELDS), max_size=3),
    )
    def run(changes, drop):
        values = BUILDERS[case.build](world, role) if case.build else {}
        base = case.data(world, role, values) if callable(case.data) else dict(case.data or {})
        data = {k: v for k, v in {**base, **changes}.items() if k not in drop}
        db.session.commit()
        with app.test_request_context():
            url = url_for(endpoint, **values)
        client = client_as(app, world, role)  # its sign-in row is written before the count
        before = counts(db)
        response = client.post(url, data=_as_form(data), content_type="multipart/form-data")
        assert response.status_code < 500, (url, data)
        if 400 <= response.status_code < 500:
            assert counts(db) == before, (url, data, response.status_code)

    run()


# --- the JSON API ------------------------------------------------------------------------------

json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
VISIT_KEYS = [
    "id",
    "stop_id",
    "occurred_at",
    "outcome",
    "flyer_left",
    "packages",
    "interests",
    "info_given",
    "follow_up",
    "notes",
    "language_used",
    "consent",
]


def good_visit(stop) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "stop_id": stop.id,
        "occurred_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
        "outcome": "contact",
        "packages": [],
        "interests": ["camp"],
        "consent": True,
    }


@pytest.fixture
def walked(db):
    worker = factories.user("worker")
    route, stops = factories.walked_route(worker, n_stops=3)
    db.session.commit()
    return worker, route, stops


def api_client(app, worker):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = factories.login_id(worker)
        session["_fresh"] = True
    return client


def visit_count(db) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Visit))


@settings(max_examples=60)
@given(body=json_value | st.fixed_dictionaries({"visits": json_value}))
def test_visits_api_survives_any_json_body(app, db, walked, body):
    worker, _, _ = walked
    before = visit_count(db)
    response = api_client(app, worker).post("/api/v1/visits", json=body)
    assert response.status_code in (200, 400, 422)
    assert visit_count(db) == before  # nothing in such a body is a valid visit


@settings(max_examples=60)
@given(
    changes=st.dictionaries(
        st.sampled_from(VISIT_KEYS) | st.text(max_size=8), json_value, min_size=1, max_size=4
    ),
    good=st.booleans(),
)
def test_visits_api_with_junk_fields_stores_exactly_what_it_calls_created(
    app, db, walked, changes, good
):
    worker, _, stops = walked
    batch = [{**good_visit(stops[0]), **changes}]
    if good:
        batch.append(good_visit(stops[1]))
    before = visit_count(db)
    response = api_client(app, worker).post("/api/v1/visits", json={"visits": batch})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == len(batch)
    created = sum(r["status"] == "created" for r in results)
    assert visit_count(db) - before == created
    if good:
        assert results[-1]["status"] == "created"  # junk never blocks a good visit


@settings(max_examples=40)
@given(raw=st.binary(max_size=200))
def test_visits_api_survives_bytes_that_are_not_json(app, db, walked, raw):
    worker, _, _ = walked
    response = api_client(app, worker).post(
        "/api/v1/visits", data=raw, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


query = st.dictionaries(
    st.sampled_from(
        [
            "wijk",
            "age",
            "week",
            "category",
            "overnight",
            "free",
            "lang",
            "page",
            "per_page",
            "date",
            "season",
            "q",
            "status",
        ]
    )
    | st.text(max_size=6),
    text,
    max_size=5,
)


@settings(max_examples=40)
@given(params=query)
def test_get_endpoints_with_junk_query_strings(app, db, walked, params):
    worker, route, _ = walked
    coordinator = factories.user("coordinator")
    db.session.commit()
    for path, user in [
        ("/api/v1/activities", None),
        ("/api/v1/routes", worker),
        ("/api/v1/meta", worker),
        ("/api/v1/flyers", coordinator),
        ("/aanbod", None),
        ("/tips", None),
        ("/huishoudens", coordinator),
        ("/opvolging", coordinator),
        ("/beheer-aanbod/activiteiten", coordinator),
        ("/flyers/statistiek", coordinator),
        ("/rondes", coordinator),
        ("/privacy/huishoudens", coordinator),
    ]:
        client = api_client(app, user) if user else app.test_client()
        response = client.get(path, query_string=params)
        assert response.status_code < 500, (path, params)


def test_every_role_is_fuzzed_somewhere():
    roles = {acting_role(e, cases_of(TABLE[e])[i]) for e, i in (p.values for p in FORM_CASES)}
    assert {"coordinator", "worker", "provider", "anonymous"} <= roles <= set(ROLES)
