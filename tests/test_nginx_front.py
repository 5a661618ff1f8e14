"""deploy/nginx.conf in front of gunicorn, proven with real requests (issue 14 §1).

Debian's nginx runs the shipped site file inside Debian's own /etc/nginx/nginx.conf, in front of
gunicorn with two workers serving a fresh database with the demo data, over TLS with a
certificate made for the test. The substitutions are few and each must apply
(benchmarks/front.py, which the load tests share): ports, the app's folder, the cache folder, the
certificate, gunicorn's address, and `user root` (the test runs as root; the shipped file runs as
Debian's www-data). Skipped when nginx or openssl is missing, unless REQUIRE_NGINX=1 (.ci/run
sets it).
"""

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import create_engine, text

from benchmarks.front import DEBIAN_MAIN, NAME, NGINX, ORIGIN, ROOT, certificate, nginx
from benchmarks.load import gunicorn
from tests.dbutil import fresh_database

PASSWORD = "stoepbezoek-demo"  # the public demo password (contract §2)  # noqa: S105
PUBLIC = "public, max-age=60, stale-while-revalidate=300"


def _missing() -> str | None:
    if not os.path.exists(NGINX):
        return f"nginx not found at {NGINX} (apt-get install nginx)"
    if not DEBIAN_MAIN.exists():
        return f"{DEBIAN_MAIN} not found (Debian's nginx package)"
    if not shutil.which("openssl"):
        return "openssl not found (apt-get install openssl)"
    return None


if _missing() and os.environ.get("REQUIRE_NGINX") == "1":
    raise pytest.UsageError(f"{_missing()}; REQUIRE_NGINX=1, so this is an error")
pytestmark = pytest.mark.skipif(bool(_missing()), reason=_missing() or "")


class Front:
    """Requests to nginx as a browser makes them: TLS with SNI for our name, on our ports."""

    def __init__(self, tmp: Path, http_port: int, https_port: int, database_url: str, log: Path):
        self.tmp, self.http_port, self.https_port = tmp, http_port, https_port
        self.database_url, self.app_log = database_url, log
        self.tls = ssl.create_default_context(cafile=str(tmp / "tls" / "fullchain.pem"))

    def request(
        self, method, path, *, headers=None, body=None, cookie=None, sni=NAME, tls=True, verify=True
    ):
        headers = {"Host": NAME, "User-Agent": "stoepbezoek-test", **(headers or {})}
        if method == "POST":  # Flask-WTF checks the Referer over HTTPS, as browsers send it
            headers.setdefault("Referer", ORIGIN + path)
        if cookie:
            headers["Cookie"] = cookie
        port = self.https_port if tls else self.http_port
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        if tls:
            context = self.tls if verify else ssl._create_unverified_context()  # noqa: S323
            sock = context.wrap_socket(sock, server_hostname=sni)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.sock = sock
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.body = response.read()
            response.text = response.body.decode("utf-8", "replace")
            return response
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def sign_in(self, email: str) -> str:
        """Sign in through nginx as a browser would; answer the Cookie header to send."""
        page = self.get("/login")
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
        cookie = cookie_header(page)
        form = f"email={email}&password={PASSWORD}&csrf_token={token}"
        answer = self.request(
            "POST",
            "/login",
            body=form,
            cookie=cookie,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert answer.status == 302, answer.text[:500]
        return cookie_header(answer) or cookie

    def app_requests(self, path: str, *, prefix: bool = False, at_least: int = 0) -> int:
        """How many times gunicorn saw a GET of this path (or of paths under it): its access log.
        A worker writes its line just after it answered: wait (a little) for `at_least`."""
        needle = f'"GET {path}' if prefix else f'"GET {path} '
        deadline = time.monotonic() + 5
        while True:
            seen = sum(needle in line for line in self.app_log.read_text().splitlines())
            if seen >= at_least or time.monotonic() > deadline:
                return seen
            time.sleep(0.05)

    def sql(self, statement: str, **params):
        engine = create_engine(self.database_url)
        try:
            with engine.begin() as conn:
                return conn.execute(text(statement), params).all()
        finally:
            engine.dispose()


def cookie_header(response) -> str:
    cookies = [v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
    return "; ".join(cookies)


def _flask(database_url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "PUBLIC_BASE_URL": ORIGIN}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx-front")
    certificate(tmp)
    with ExitStack() as stack:
        database_url = stack.enter_context(fresh_database(tmp))
        _flask(database_url, "db", "upgrade")
        _flask(database_url, "demo-data")
        app_log = tmp / "gunicorn-access.log"
        env = {
            "DATABASE_URL": database_url,
            "PUBLIC_BASE_URL": ORIGIN,
            "PROXY_FIX_X_FOR": "1",
            "PROXY_FIX_X_PROTO": "1",
            "SECRET_KEY": "nginx-front-test-" + "x" * 32,
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
            "GUNICORN_ACCESSLOG": str(app_log),
        }
        upstream = stack.enter_context(gunicorn("wsgi:app", env, tmp / "gunicorn.log"))
        upstream_port = int(upstream.rsplit(":", 1)[1])
        # deploy/nginx.conf as it ships, with this machine's ports and folders (benchmarks/front.py)
        http_port, https_port = stack.enter_context(nginx(tmp, upstream_port))
        yield Front(tmp, http_port, https_port, database_url, app_log)


def published(front, limit: int) -> list[tuple[int, str]]:
    return [
        (row[0], row[1])
        for row in front.sql(
            "SELECT id, title FROM activity WHERE status = 'published' ORDER BY id LIMIT :n",
            n=limit,
        )
    ]


# --- the five points of the issue -----------------------------------------------------------


def test_a_public_page_comes_from_nginx_s_cache(front):
    wijk = front.sql(
        "SELECT wijk_number FROM activity WHERE status = 'published' "
        "AND wijk_number IS NOT NULL ORDER BY id LIMIT 1"
    )[0][0]
    path = f"/aanbod?wijk={wijk}"
    first = front.get(path)
    assert first.status == 200
    assert first.getheader("Cache-Control") == PUBLIC
    assert first.getheader("X-Cache-Status") == "MISS"
    for _ in range(3):
        again = front.get(path)
        assert again.getheader("X-Cache-Status") == "HIT"
        assert again.body == first.body
    assert front.app_requests(path, at_least=1) == 1  # gunicorn rendered it once
    # The browser's own copy is checked with its ETag: nginx answers the 304 itself.
    unchanged = front.get(path, headers={"If-None-Match": first.getheader("ETag")})
    assert unchanged.status == 304 and front.app_requests(path) == 1


def test_every_activity_is_its_own_page(front):
    (first_id, first_title), *others = published(front, 4)
    hidden = front.sql("SELECT id FROM activity WHERE status <> 'published' ORDER BY id LIMIT 1")
    front.get(f"/aanbod/{first_id}")
    assert front.get(f"/aanbod/{first_id}").getheader("X-Cache-Status") == "HIT"
    for activity_id, title in others:
        page = front.get(f"/aanbod/{activity_id}")
        assert page.status == 200
        assert page.getheader("X-Cache-Status") == "MISS"
        assert str(escape(title)) in page.text
        assert str(escape(first_title)) not in page.text
    missing = [f"/aanbod/{row[0]}" for row in hidden] + ["/aanbod/123456", "/aanbod/123457"]
    for path in missing:
        for _ in range(2):
            answer = front.get(path)
            assert answer.status == 404, path
            assert answer.getheader("X-Cache-Status") != "HIT", path  # errors are never kept


def test_a_withdrawn_activity_is_gone_within_max_age(front):
    activity_id, title = published(front, 6)[-1]
    path = f"/aanbod/{activity_id}"
    shown = front.get(path)
    assert front.get(path).getheader("X-Cache-Status") == "HIT"
    max_age = int(re.search(r"max-age=(\d+)", shown.getheader("Cache-Control")).group(1))
    # The coordinator withdraws it through the front, as in real life.
    coordinator = front.sign_in("coordinator@demo.gent")
    confirm = front.get(f"/activiteiten/{activity_id}/intrekken", cookie=coordinator)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', confirm.text).group(1)
    done = front.request(
        "POST",
        f"/activiteiten/{activity_id}/intrekken",
        cookie=coordinator,
        body=f"csrf_token={token}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert done.status == 302
    withdrawn = time.monotonic()
    while front.get(path).status != 404:
        assert time.monotonic() - withdrawn < max_age, f"{title} still shown after {max_age} s"
        time.sleep(0.5)
    assert front.get(path).status == 404


def test_a_signed_in_page_is_never_cached(front):
    coordinator = front.sign_in("coordinator@demo.gent")
    for path in ("/aanbod?age=9", "/tips?kind=all", "/beheer-aanbod"):
        for _ in range(2):
            page = front.get(path, cookie=coordinator)
            assert page.status == 200, path
            assert page.getheader("Cache-Control") == "private, no-store", path
            assert page.getheader("X-Cache-Status") in (None, "", "BYPASS"), path
    assert "Afmelden" in front.get("/beheer-aanbod", cookie=coordinator).text  # signed in
    # What the signed-in person was answered was not kept for anyone else.
    for path in ("/aanbod?age=9", "/tips?kind=all"):
        anonymous = front.get(path)
        assert anonymous.getheader("X-Cache-Status") == "MISS", path
        assert anonymous.getheader("Cache-Control") == PUBLIC, path
    # A remember-me cookie alone bypasses the cache too, and is answered by the app.
    remembered = front.get("/tips?kind=all", cookie="remember_token=someone")
    assert remembered.getheader("X-Cache-Status") == "BYPASS"


def test_a_forged_host_changes_nothing(front):
    api = "/api/v1/activities?per_page=1&age=7"
    for tls in (True, False):
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError, ssl.SSLEOFError)):
            front.get(api, headers={"Host": "evil.example"}, tls=tls)  # no answer at all
    with pytest.raises(ssl.SSLError):  # no handshake for a name we do not serve
        front.get(api, sni="evil.example", verify=False)
    forged = {
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-Proto": "http",
        "Forwarded": "host=evil.example;proto=http",
        "X-Forwarded-Port": "666",
    }
    answers = [front.get(api, headers=forged) for _ in range(8)] + [front.get(api)]
    for answer in answers:
        assert answer.status == 200
        (activity,) = json.loads(answer.body)["activities"]
        assert activity["url"] == f"{ORIGIN}/aanbod/{activity['id']}"
        assert b"evil" not in answer.body


# --- what goes with it ----------------------------------------------------------------------


def test_each_language_is_its_own_page(front):
    dutch = front.get("/tips")
    assert 'lang="nl"' in dutch.text
    assert front.get("/tips").getheader("X-Cache-Status") == "HIT"
    french = front.get("/tips", headers={"Accept-Language": "fr"})
    assert 'lang="fr"' in french.text
    arabic = front.get("/tips", cookie="lang=ar")
    assert 'lang="ar"' in arabic.text and 'dir="rtl"' in arabic.text
    turkish = front.get("/tips?lang=tr", cookie="lang=tr")
    assert 'lang="tr"' in turkish.text
    assert 'lang="nl"' in front.get("/tips").text


def test_every_scan_reaches_the_app_and_is_counted(front):
    code, link_id = front.sql(
        "SELECT code, id FROM short_link WHERE active = :yes ORDER BY id LIMIT 1", yes=True
    )[0]
    count = "SELECT coalesce(sum(count), 0) FROM scan_count WHERE short_link_id = :id"
    before = front.sql(count, id=link_id)[0][0]
    for _ in range(4):
        scan = front.get(f"/q/{code}")
        assert scan.status == 302
        assert "no-store" in scan.getheader("Cache-Control")
        assert scan.getheader("X-Cache-Status") in (None, "")
    assert front.sql(count, id=link_id)[0][0] == before + 4
    assert front.app_requests(f"/q/{code}", at_least=4) == 4


def test_static_files_come_from_nginx(front):
    page = front.get("/login")
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]+)"', page.text).group(1)
    fingerprinted = front.get(css, headers={"Accept-Encoding": "gzip"})
    assert fingerprinted.status == 200
    assert fingerprinted.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert fingerprinted.getheader("Content-Encoding") == "gzip"
    assert fingerprinted.getheader("X-Content-Type-Options") == "nosniff"
    plain = front.get("/static/css/app.css")
    assert plain.getheader("Cache-Control") == "no-cache" and plain.getheader("ETag")
    assert front.app_requests("/static/", prefix=True) == 0


def test_https_is_the_only_way_in_and_the_app_knows_it(front):
    plain = front.get("/aanbod?wijk=4", tls=False)
    assert plain.status == 301
    assert plain.getheader("Location") == f"{ORIGIN}/aanbod?wijk=4"
    # X-Forwarded-Proto from nginx (PROXY_FIX_X_PROTO=1): the app knows it is served over HTTPS
    # and sends HSTS; its cookies are Secure.
    login = front.get("/login")
    assert "Strict-Transport-Security" in dict(login.getheaders())
    cookies = [v for k, v in login.getheaders() if k.lower() == "set-cookie"]
    assert cookies and all("Secure" in cookie for cookie in cookies)
