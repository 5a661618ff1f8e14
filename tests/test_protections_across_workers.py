"""The sign-in lockout and the rate limits hold whichever gunicorn worker answers.

Each test runs `make run` itself — its gunicorn.conf.py, as the README's quick start serves the
app — on a free port with a fresh SQLite database and the demo data, and talks to it over HTTP
the way a browser does (cookies, CSRF tokens from the pages). Without REDIS_URL the counters
live in one process, so gunicorn.conf.py serves one process with threads; with REDIS_URL
several workers share them, which the test proves by killing every worker that counted and
asking the fresh ones.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from tests.redis_db import REDIS_TEST_URL, redis_prefix

ROOT = Path(__file__).resolve().parents[1]
EMAIL, PASSWORD = "worker@demo.gent", "stoepbezoek-demo"
INVALID = "Het e-mailadres of het wachtwoord klopt niet."
LOCKED = "Te veel pogingen, probeer later opnieuw."
CALL_LIMIT = 10  # per hour, app/offers/call_views.py


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Cookies and CSRF tokens as a browser keeps them; redirects are not followed."""

    class _Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), self._Stay()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 (loopback)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def form(self, path: str, fields: dict) -> tuple[int, str]:
        """Open the page, then post its form with the page's CSRF token."""
        status, html = self.request(path)
        assert status == 200, (path, status)
        token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
        return self.request(path, {**fields, "csrf_token": token})


def sign_in(base: str, password: str) -> tuple[int, str]:
    """A sign-in from a new browser (a new connection, so any worker may take it)."""
    return Browser(base).form("/login", {"email": EMAIL, "password": password})


@contextmanager
def make_run(tmp_path: Path, **env):
    """`make run` on a free port and a fresh database; yields (base URL, log path, database)."""
    port, database, log = free_port(), tmp_path / "app.sqlite", tmp_path / "make-run.log"
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GUNICORN", "REDIS", "WEB_CONCURRENCY", "RATELIMIT"))
    }
    environ.update(
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{database}",
        SECRET_KEY="make-run-test",
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        **env,
    )
    with open(log, "wb") as out:
        process = subprocess.Popen(
            ["make", "run"],
            cwd=ROOT,
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: make, gunicorn and its workers
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # migrations and demo data on a busy machine
        while True:
            try:
                if urllib.request.urlopen(base + "/login", timeout=5).status == 200:  # noqa: S310
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"make run did not serve:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield base, log, database
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def booted_workers(log: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", log.read_text())]


def answering_pids(log: Path, method: str, path: str) -> list[int]:
    """Which worker answered each such request, from the access log (pid=<…>)."""
    pattern = rf'"{method} {re.escape(path)}[^"]*" \d+ .*pid=<(\d+)>'
    return [int(pid) for pid in re.findall(pattern, log.read_text())]


def wait_until(condition, what: str, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def call_path(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        (token,) = connection.execute("SELECT token FROM offer_call LIMIT 1").fetchone()
    return f"/oproep/{token}"


def fail_five_times(base: str, concurrently: bool) -> list[int]:
    answers: list[tuple[int, str]] = []

    def once():
        answers.append(sign_in(base, "not the password at all"))

    if concurrently:
        threads = [threading.Thread(target=once) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for _ in range(5):
            once()
    assert [status for status, _ in answers] == [422] * 5
    assert all(INVALID in html and LOCKED not in html for _, html in answers)
    return [status for status, _ in answers]


def assert_locked(base: str, times: int) -> None:
    """The right password, from new browsers: refused with the lock, never signed in."""
    for _ in range(times):
        status, html = sign_in(base, PASSWORD)
        assert status == 429, html[-500:]
        assert LOCKED in html


def use_up_the_call_limit(base: str, path: str) -> None:
    browser = Browser(base)
    for _ in range(CALL_LIMIT):
        status, _ = browser.form(path, {})  # an empty form: refused (422), but counted
        assert status == 422


def assert_call_limited(base: str, path: str) -> None:
    status, html = Browser(base).form(path, {})
    assert status == 429
    assert "Even geduld" in html


def test_make_run_without_redis_serves_one_process_and_every_thread_sees_the_lock(tmp_path):
    with make_run(tmp_path) as (base, log, database):
        text = log.read_text()
        assert "1 process × 8 threads, because REDIS_URL is not set" in text
        assert len(booted_workers(log)) == 1
        # Five failures at once, on as many threads; then the right password is refused.
        fail_five_times(base, concurrently=True)
        assert_locked(base, times=4)
        path = call_path(database)
        use_up_the_call_limit(base, path)
        assert_call_limited(base, path)
        assert set(answering_pids(log, "POST", "/login")) == set(booted_workers(log))


def test_make_run_with_redis_shares_the_lock_between_workers(tmp_path):
    with redis_prefix("workers") as (connection, prefix):
        env = {"REDIS_URL": REDIS_TEST_URL, "REDIS_KEY_PREFIX": prefix, "WEB_CONCURRENCY": "3"}
        with make_run(tmp_path, **env) as (base, log, database):
            assert "3 workers × 2 threads; rate limits and the sign-in lockout are shared" in (
                log.read_text()
            )
            wait_until(lambda: len(booted_workers(log)) == 3, "three workers")
            fail_five_times(base, concurrently=False)
            path = call_path(database)
            use_up_the_call_limit(base, path)

            # No process that counted is left: whatever the new ones know comes from Redis.
            first = booted_workers(log)
            for pid in first:
                os.kill(pid, signal.SIGTERM)
            wait_until(lambda: len(booted_workers(log)) == 6, "three new workers")
            assert_locked(base, times=4)
            assert_call_limited(base, path)
            later = set(answering_pids(log, "POST", "/login")[5:])
            assert later and not later & set(first)

            keys = [key.decode() for key in connection.scan_iter(f"{prefix}*")]
            assert any("sign-in/locked" in key for key in keys)
            assert not any("demo.gent" in key for key in keys)
