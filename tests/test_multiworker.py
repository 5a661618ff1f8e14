"""Several gunicorn workers on PostgreSQL, visits posted concurrently with duplicates across
threads: every answer 200, every distinct visit stored once, none lost (issue 9)."""

import json
import os
import subprocess
import sys
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks.load import sign_in
from tests.dbutil import fresh_database, postgres_base_url
from tests.redis_db import REDIS_TEST_URL, redis_prefix

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not postgres_base_url(), reason="needs PostgreSQL: set TEST_DATABASE_URL"
)


def flask(url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "PUBLIC_BASE_URL": "http://127.0.0.1:5000"},
        check=True,
        capture_output=True,
    )


def post(base: str, cookie: str, token: str, visits: list) -> tuple[int, dict]:
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 (loopback)
        base + "/api/v1/visits",
        data=json.dumps({"visits": visits}).encode(),
        headers={"Content-Type": "application/json", "Cookie": cookie, "X-CSRFToken": token},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return response.status, json.loads(response.read())


def test_concurrent_visits_on_three_workers(tmp_path):
    from benchmarks.load import gunicorn

    # Several workers only with shared rate-limit storage (gunicorn.conf.py): Redis, database 2.
    with fresh_database(tmp_path) as url, redis_prefix("multiworker") as (_, prefix):
        flask(url, "db", "upgrade")
        flask(url, "demo-data")
        env = {
            "DATABASE_URL": url,
            "WEB_CONCURRENCY": "3",
            "GUNICORN_THREADS": "2",
            "REDIS_URL": REDIS_TEST_URL,
            "REDIS_KEY_PREFIX": prefix,
        }
        with gunicorn("wsgi:app", env, tmp_path / "gunicorn.log") as base:
            cookie, token = sign_in(base, "worker@demo.gent", "stoepbezoek-demo")
            routes = json.loads(_get(base + "/api/v1/routes", cookie))["routes"]
            stops = [stop["id"] for route in routes for stop in route["stops"]]
            assert len(stops) >= 10
            now = datetime.now(UTC).isoformat()
            shared = [str(uuid.uuid4()) for _ in range(10)]  # sent by every thread
            batches = []
            for thread in range(6):
                own = [str(uuid.uuid4()) for _ in range(10)]
                ids = own + shared
                batches.append(
                    [
                        {
                            "id": visit_id,
                            "stop_id": stops[(thread + i) % len(stops)],
                            "occurred_at": now,
                            "outcome": "not_home",
                            "flyer_left": False,
                        }
                        for i, visit_id in enumerate(ids)
                    ]
                )
            answers, errors = [], []

            def send(batch):
                try:
                    for _ in range(2):  # and each batch twice: a phone resending its queue
                        answers.append(post(base, cookie, token, batch))
                except Exception as error:  # noqa: BLE001 - reported below
                    errors.append(error)

            threads = [threading.Thread(target=send, args=(b,)) for b in batches]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
        assert (tmp_path / "gunicorn.log").read_text().count("Booting worker") >= 3
        assert not errors
        assert len(answers) == 12 and all(status == 200 for status, _ in answers)
        results = [r for _, body in answers for r in body["results"]]
        assert {r["status"] for r in results} <= {"created", "duplicate"}
        created = [r["id"] for r in results if r["status"] == "created"]
        distinct = {v["id"] for batch in batches for v in batch}
        assert sorted(created) == sorted(distinct)  # each created exactly once
        stored = _stored_ids(url, distinct)
        assert stored == distinct  # nothing lost, and (primary key) nothing twice


def _get(url: str, cookie: str) -> str:
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return response.read().decode()


def _stored_ids(url: str, ids: set[str]) -> set[str]:
    import psycopg
    from sqlalchemy.engine import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT id, count(*) FROM visit GROUP BY id").fetchall()
    counts = {row[0]: row[1] for row in rows if row[0] in ids}
    assert all(n == 1 for n in counts.values())
    return set(counts)
