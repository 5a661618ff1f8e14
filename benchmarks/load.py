"""Load tests through gunicorn with the project's gunicorn.conf.py, measured with wrk."""

import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app_spec: str, env: dict, log: Path):
    """Serve `app_spec` with gunicorn.conf.py on a free loopback port; yield the base URL."""
    port = free_port()
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [
                str(GUNICORN),
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                app_spec,
            ],
            cwd=ROOT,
            # The app prints its own address into the open data (PUBLIC_BASE_URL is required).
            env={**os.environ, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 (loopback)
                break
            except urllib.error.HTTPError:
                break  # it answers: any status will do
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start; see {log}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str, email: str, password: str) -> tuple[str, str]:
    """Sign in as a person would; answer (Cookie header value, CSRF token for API calls)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    opener.open(base + "/login", data=form.encode())
    # The role's own home (following the redirect), which carries the CSRF token for API calls.
    page = opener.open(base + "/").read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, token


def wrk(
    url: str, *, seconds: float, connections: int, threads: int, headers=(), script=None, env=None
) -> dict:
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is missing: apt-get install -y wrk (make bench does)")
    report = (HERE / "wrk_report.lua").read_text()
    if script:  # wrk takes one script: the request script plus the report's done()
        combined = ROOT / "test-artifacts" / "bench" / f"wrk-{Path(script).stem}.lua"
        combined.parent.mkdir(parents=True, exist_ok=True)
        combined.write_text(Path(script).read_text() + "\n" + report)
        script = combined
    args = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script or HERE / "wrk_report.lua"),
    ]
    for header in ("Accept-Encoding: gzip", *headers):
        args += ["-H", header]
    done = subprocess.run(
        args + [url], capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    result["non_2xx_3xx"] = int(non_2xx.group(1)) if non_2xx else 0
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["p50_ms"] = result.pop("p50_us") / 1000
    result["p95_ms"] = result.pop("p95_us") / 1000
    result["p99_ms"] = result.pop("p99_us") / 1000
    return result
