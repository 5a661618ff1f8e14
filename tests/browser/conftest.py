"""Browser tests: Debian's Chromium driven by Playwright on a phone profile, against a live server.

The server runs in a thread of the test process on a database of its own, seeded with the demo
data, so that the browser sees what `make run` shows.
"""

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from tests.conftest import make_test_config
from tests.dbutil import fresh_database

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    return candidate if os.path.exists(candidate) else shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if chromium_path() or not browser_items:
        return
    reason = "Chromium not found (set CHROMIUM or install Debian's chromium package)"
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError(reason + "; REQUIRE_BROWSER is set, so this is an error")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, playwright):
    phone = dict(playwright.devices["iPhone 13"])
    phone.pop("default_browser_type", None)
    return {**browser_context_args, **phone, "locale": "nl-BE"}


@contextmanager
def serve_demo(tmp_dir):
    """Run the app with the demo data on a fresh database; yields (base URL, app)."""
    with fresh_database(tmp_dir) as url:
        # Plain http, so the cookies are not Secure; the server's own origin is set below.
        app = create_app(make_test_config(url, WTF_CSRF_ENABLED=True, PUBLIC_BASE_URL=None))
        with app.app_context():
            from flask_migrate import upgrade

            from app.demo import seed_demo

            upgrade()
            seed_demo()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        base_url = f"http://127.0.0.1:{server.server_port}"
        # Addresses the app prints (QR codes, the open data) lead back to this server.
        app.config["PUBLIC_BASE_URL"] = base_url
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield base_url, app
        finally:
            server.shutdown()
            with app.app_context():
                db.engine.dispose()


@pytest.fixture(scope="session")
def _live(tmp_path_factory):
    with serve_demo(tmp_path_factory.mktemp("live")) as served:
        yield served


@pytest.fixture(scope="session")
def live_server(_live):
    """A running app with the demo data, shared by the session's tests; yields its base URL."""
    return _live[0]


@pytest.fixture(scope="session")
def live_app(_live):
    """The app behind live_server, with the demo data; for tests that add records of their own."""
    return _live[1]


@pytest.fixture
def own_live_server(tmp_path_factory):
    """A running app with the demo data of this test alone; yields (base URL, app), so the test
    can look into the server's database."""
    with serve_demo(tmp_path_factory.mktemp("own-live")) as served:
        yield served


@pytest.fixture
def screenshot(page, request):
    """screenshot(name): save the page as a test artefact in test-artifacts/."""

    def _take(name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take


def sign_in(page, base_url: str, email: str, password: str = "stoepbezoek-demo"):  # noqa: S107
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
