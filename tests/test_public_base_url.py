"""Absolute addresses come only from PUBLIC_BASE_URL, never from the request's Host (issue 14 §1).

A forged Host (or X-Forwarded-Host) must not reach an address the app prints: the open data's
`url`, a calendar file, a QR code, a call link. Outside debug and tests the app does not start
without PUBLIC_BASE_URL, so there is no "the request's origin" to fall back on.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.config import ConfigurationError
from app.extensions import db as _db
from tests import factories
from tests.conftest import RequestClient, make_test_config

ROOT = Path(__file__).resolve().parent.parent
FORGED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


def test_outside_debug_and_tests_the_app_refuses_to_start_without_it(tmp_path):
    config = make_test_config(f"sqlite:///{tmp_path}/x.sqlite", TESTING=False)
    config["PUBLIC_BASE_URL"] = None
    with pytest.raises(ConfigurationError) as refused:
        create_app(config)
    assert "PUBLIC_BASE_URL" in str(refused.value)
    assert "https://" in str(refused.value)  # it says what a value looks like


def test_the_command_line_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PUBLIC_BASE_URL", "FLASK_DEBUG")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/x.sqlite"
    env["SECRET_KEY"] = "x" * 32
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "PUBLIC_BASE_URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_value_that_is_not_an_origin_is_refused(tmp_path):
    for wrong in ("stoepbezoek.gent", "ftp://stoepbezoek.gent", "https://stoepbezoek.gent/app"):
        with pytest.raises(ConfigurationError):
            create_app(make_test_config(f"sqlite:///{tmp_path}/x.sqlite", PUBLIC_BASE_URL=wrong))


def test_a_forged_host_never_reaches_an_address(client, db, login_as):
    activity = factories.activity(title="Zomerkamp Nieuw Gent", age_min=5, age_max=9)
    link = factories.short_link(wijk_number=4)
    call = factories.call()
    db.session.commit()
    api = "/api/v1/activities?per_page=1&age=7"
    for _ in range(8):
        forged = client.get(api, headers=FORGED)
        assert "evil.example" not in forged.text
    body = client.get(api).get_json()
    assert body["activities"][0]["url"] == f"https://stoep.example/aanbod/{activity.id}"
    ics = client.get(f"/aanbod/{activity.id}.ics", headers=FORGED).text
    assert f"https://stoep.example/aanbod/{activity.id}" in ics and "evil" not in ics
    login_as("coordinator")
    # The test client keeps cookies per host: the session goes along to the forged one.
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    for page in (
        f"/flyers/{link.code}",
        f"/flyers/toon/{link.code}",
        f"/beheer-aanbod/oproepen/{call.id}",
    ):
        shown = client.get(page, headers=FORGED)
        assert shown.status_code == 200, page
        assert "stoep.example" in shown.text and "evil.example" not in shown.text, page


def test_without_it_in_tests_a_fixed_origin_is_used_never_the_host(app, database_url):
    # With PUBLIC_BASE_URL unset, 8 forged requests used to decide every visitor's addresses.
    other = create_app(make_test_config(database_url, PUBLIC_BASE_URL=None))
    other.test_client_class = RequestClient
    with other.app_context():
        try:
            activity = factories.activity()
            _db.session.commit()
            client = other.test_client()
            for _ in range(8):
                client.get("/api/v1/activities?per_page=1&age=7", headers=FORGED)
            body = client.get("/api/v1/activities?per_page=1&age=7").get_json()
            assert body["activities"][0]["url"] == f"http://127.0.0.1:5000/aanbod/{activity.id}"
        finally:
            _db.session.remove()
            _db.engine.dispose()
