"""Numbers too large to be a record id are "not found", never a server error.

PostgreSQL refuses an integer beyond its INTEGER range inside the query itself (SQLite just
finds nothing), so /rondes/99999999999 was a 500 there, and so was a visit for such a stop:
Schemathesis found the latter on PostgreSQL. Runs on the suite's database, both kinds.
"""

import uuid

import pytest
from werkzeug.routing import IntegerConverter

from app.database import MAX_ID
from tests import factories

TOO_LARGE = [MAX_ID + 1, 99_999_999_999, 10**30]


def int_rules(app):
    for rule in app.url_map.iter_rules():
        ints = [
            name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)
        ]
        if ints and "GET" in rule.methods:
            yield rule, ints


def test_every_id_in_an_address_beyond_the_database_range_is_a_404(app, client, login_as):
    login_as("admin")
    urls = app.url_map.bind("localhost")
    checked = 0
    for rule, names in int_rules(app):
        for number in TOO_LARGE:
            values = {name: number if name in names else "x" for name in rule.arguments}
            path = urls.build(rule.endpoint, values)
            response = client.get(path)
            assert response.status_code == 404, (path, response.status_code)
            checked += 1
    assert checked >= 20  # households, rounds, routes, stops, activities, …
    assert client.get(f"/rondes/{MAX_ID}").status_code == 404  # the largest id is still an id


@pytest.mark.parametrize("stop_id", [*TOO_LARGE, -(10**12), 0])
def test_a_visit_for_a_stop_id_out_of_range_is_rejected_like_any_unknown_stop(
    client, db, login_as, stop_id
):
    worker = login_as("worker")
    _, stops = factories.walked_route(worker, n_stops=1)
    db.session.commit()
    visits = [
        {
            "id": str(uuid.uuid4()),
            "stop_id": stop_id,
            "occurred_at": "2026-12-05T10:00:00Z",
            "outcome": "not_home",
        },
        {
            "id": str(uuid.uuid4()),
            "stop_id": 10**9,
            "occurred_at": "2026-12-05T10:00:00Z",
            "outcome": "not_home",
        },
    ]
    response = client.post("/api/v1/visits", json={"visits": visits})
    assert response.status_code == 200
    far, unknown = response.get_json()["results"]
    assert far["status"] == unknown["status"] == "rejected"
    assert far["errors"]["stop_id"] == unknown["errors"]["stop_id"]
