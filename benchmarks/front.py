"""deploy/nginx.conf run as it ships, in front of a gunicorn on this machine: for the load tests
(benchmarks/run.py) and for tests/test_nginx_front.py.

Debian's nginx runs the shipped site file inside Debian's own /etc/nginx/nginx.conf. The
substitutions are few and each must apply: ports, the app's folder, the cache folder, the
certificate, gunicorn's address, and `user root` (the benchmarks and tests run as root; the
shipped file runs as Debian's www-data). The load generator connects by address, not by name:
the benchmark (only) adds 127.0.0.1 to the site's server_name, so that wrk's TLS handshake,
which names the address it connects to, reaches the site; every request still says
`Host: stoepbezoek.gent`.
"""

import http.client
import os
import re
import socket
import ssl
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx.conf"
DEBIAN_MAIN = Path("/etc/nginx/nginx.conf")
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
NAME = "stoepbezoek.gent"
ORIGIN = f"https://{NAME}"


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


def substitute(text_: str, old: str, new: str) -> str:
    assert old in text_, f"deploy/nginx.conf no longer contains {old!r}: update benchmarks/front.py"
    return text_.replace(old, new)


def site_config(
    tmp: Path,
    upstream_port: int,
    http_port: int,
    https_port: int,
    *,
    app_root: Path = ROOT,
    by_address: bool = False,
) -> str:
    """deploy/nginx.conf with this machine's ports and folders."""
    site = SITE.read_text()
    site = substitute(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
    site = substitute(site, "/srv/stoepbezoek/", f"{app_root}/")
    site = substitute(site, "/var/cache/nginx/stoepbezoek", f"{tmp}/cache")
    site = substitute(site, f"/etc/letsencrypt/live/{NAME}/", f"{tmp}/tls/")
    if by_address:
        site = substitute(
            site,
            f"listen [::]:443 ssl http2;\n    server_name {NAME};",
            f"listen [::]:443 ssl http2;\n    server_name {NAME} 127.0.0.1;",
        )
    ipv6 = ipv6_loopback()
    for port, ours in (("80", http_port), ("443", https_port)):
        site = substitute(site, f"listen {port}", f"listen 127.0.0.1:{ours}")
        six = f"listen [::1]:{ours}" if ipv6 else f"# listen [::1]:{ours}"
        site = substitute(site, f"listen [::]:{port}", six)
    return site


def main_config(tmp: Path, site: Path) -> str:
    """Debian's own nginx.conf, writing into the given folder and including only our site."""
    main = DEBIAN_MAIN.read_text()
    main = substitute(main, "user www-data;", "user root;")
    main = re.sub(r"(?m)^pid .*;$", "", main)  # given on the command line
    main = re.sub(r"(?m)^(\s*)error_log .*;$", rf"\1error_log {tmp}/error.log;", main)
    main = re.sub(r"(?m)^(\s*)access_log .*;$", rf"\1access_log {tmp}/access.log;", main)
    main = substitute(main, "include /etc/nginx/conf.d/*.conf;", "")
    temp_paths = "".join(
        f"\n\t{kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return substitute(main, "include /etc/nginx/sites-enabled/*;", f"include {site};{temp_paths}")


def certificate(tmp: Path) -> None:
    """A self-signed certificate for our name in tmp/tls/ (fullchain.pem, privkey.pem)."""
    (tmp / "tls").mkdir(exist_ok=True)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={NAME}",
            "-addext",
            f"subjectAltName=DNS:{NAME}",
            "-keyout",
            str(tmp / "tls" / "privkey.pem"),
            "-out",
            str(tmp / "tls" / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )


def wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start:\n{log.read_text()}") from None
            time.sleep(0.1)


@contextmanager
def nginx(tmp: Path, upstream_port: int, *, app_root: Path = ROOT, by_address: bool = False):
    """nginx with deploy/nginx.conf in front of 127.0.0.1:upstream_port; yields (http, https)
    ports. tmp must hold tls/ (see certificate)."""
    from benchmarks.load import free_port

    http_port, https_port = free_port(), free_port()
    site = tmp / "stoepbezoek.conf"
    site.write_text(
        site_config(
            tmp, upstream_port, http_port, https_port, app_root=app_root, by_address=by_address
        )
    )
    conf = tmp / "nginx.conf"
    conf.write_text(main_config(tmp, site))
    command = [NGINX, "-p", f"{tmp}/", "-c", str(conf), "-g", f"daemon off; pid {tmp}/nginx.pid;"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    log = tmp / "nginx.out"
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(https_port, proc, log)
        yield http_port, https_port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


def https_get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One GET through the front as a browser sends it (SNI and Host: our name); the
    certificate is the benchmark's own, so it is not verified."""
    context = ssl._create_unverified_context()  # noqa: S323 - our own test certificate
    sock = context.wrap_socket(
        socket.create_connection(("127.0.0.1", port), timeout=30), server_hostname=NAME
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.sock = sock
    try:
        conn.request("GET", path, headers={"Host": NAME, **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def sign_in(port: int, email: str, password: str) -> tuple[str, str]:
    """Sign in through the front as a browser does; answer (Cookie header, CSRF token)."""
    context = ssl._create_unverified_context()  # noqa: S323 - our own test certificate

    def request(method, path, cookie="", body=None):
        sock = context.wrap_socket(
            socket.create_connection(("127.0.0.1", port), timeout=30), server_hostname=NAME
        )
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.sock = sock
        headers = {"Host": NAME, "Referer": ORIGIN + path, "Cookie": cookie}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            cookies = [
                v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie"
            ]
            return text, "; ".join(cookies), response.getheader("Location")
        finally:
            conn.close()

    import urllib.parse

    page, cookie, _ = request("GET", "/login")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    _, signed_in, _ = request("POST", "/login", cookie, form)
    cookie = signed_in or cookie
    path = "/"
    for _ in range(3):  # the role's own home, which carries the CSRF token for API calls
        home, _, location = request("GET", path, cookie)
        if not location:
            break
        path = urllib.parse.urlsplit(location).path
    token = re.search(r'name="csrf-token" content="([^"]+)"', home).group(1)
    return cookie, token


def static_root(tmp: Path, files: dict[str, bytes]) -> Path:
    """An app folder for nginx's /static/ whose static/ holds the app's files (links) and, in
    bench/, the given files: the same bytes as a page, served by nginx from disk."""
    static = tmp / "srv" / "app" / "static"
    static.mkdir(parents=True, exist_ok=True)
    for item in (ROOT / "app" / "static").iterdir():
        link = static / item.name
        if not link.exists():
            link.symlink_to(item)
    (static / "bench").mkdir(exist_ok=True)
    for name, body in files.items():
        (static / "bench" / name).write_bytes(body)
    return tmp / "srv"
