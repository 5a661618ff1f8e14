"""Measurements of the app in this process: SQL queries per request (a test client, no gunicorn),
and the bytes and requests a browser downloads on a first visit (the app served from a thread,
Debian's Chromium as the browser)."""

import os
import shutil
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

from sqlalchemy import event

from benchmarks.context import signed_in_client, visits_body
from benchmarks.targets import PASSWORD, TARGETS, WEIGHT_PAGES, available


class QueryCounter:
    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args):
        self.count += 1


def query_counts(app, context: dict) -> dict:
    """{target name: (status, queries, ms)} for one request each, after a warm-up request: the
    count and time of really rendering the page (the app keeps no page; a QR scan's count is
    its one upsert)."""
    import time

    from app.extensions import db

    results = {}
    with app.app_context():
        counter = QueryCounter(db.engine)
    clients = {}
    for target in TARGETS:
        if not available(target, app):
            results[target.name] = None
            continue
        client = clients.get(target.who) or signed_in_client(app, target.who)
        clients[target.who] = client
        url = target.url(context)
        for attempt in range(2):  # the first fills per-process caches (wijk names, templates)
            counter.count = 0
            began = time.perf_counter()
            if target.method == "POST":
                body = visits_body(context["stop_ids"], 20 * attempt)
                response = client.post(url, json=body)
            else:
                response = client.get(url)
        elapsed = round((time.perf_counter() - began) * 1000, 1)
        results[target.name] = (response.status_code, counter.count, elapsed)
    return results


# What a phone's browser is: Debian's Chromium with the browser tests' flags and phone profile.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = "iPhone 13"
LOCALE = "nl-BE"  # Dutch, the language a flyer's link opens in unless the family chose another


def chromium() -> str | None:
    candidate = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    return candidate if os.path.exists(candidate) else shutil.which("chromium")


@contextmanager
def serving(app):
    """The app on a free port of 127.0.0.1, from a thread of this process; yields the base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def page_weight(app, context: dict) -> list[dict]:
    """Bytes a browser really downloads on a first visit of each page, and how many requests.

    Method: the app is served from a thread of this process (its own compression, as behind
    gunicorn); Debian's Chromium, driven by Playwright with a phone profile (iPhone 13, Dutch),
    opens each page in a fresh browser context (empty cache, no service worker yet; signed in
    first through the login form's POST when the page needs a user) and waits until the
    network has been idle for half a second. The bytes are Chromium's own figures from the
    DevTools protocol (`Network.loadingFinished.encodedDataLength`): response headers plus the
    body as it came over the wire, brotli or gzip as Chromium and the app agreed. That is
    DevTools' "transferred" column and the per-request figure Lighthouse adds up for its
    total-byte-weight. Only what the browser actually fetched counts: a font whose
    unicode-range the page does not use is never requested, the favicon request is.

    The page's own load (document, stylesheets, scripts, fonts, images, favicon) is `requests`
    and `transferred_kb`, compared with the budget. What its scripts and its service worker
    fetch in the background afterwards (the field client's offline copy of a worker's routes
    and the service worker's precache) is reported beside it as `background_requests` and
    `background_kb`: real bytes on a worker's phone, but not what the page needs to show.

    Each row: page, requests, transferred_kb (also under its old name gzip_kb, which older
    result files have), plain_kb (the page's bodies decoded), background_requests,
    background_kb, budget_kb, method and files [{url, type, status, kb, background}]. Without
    Chromium a row carries `error` instead of numbers.
    """
    binary = chromium()
    if binary is None:
        reason = "Chromium not found (set CHROMIUM or install Debian's chromium package)"
        return [
            {"page": label, "budget_kb": budget, "error": reason}
            for label, _pattern, _who, budget in WEIGHT_PAGES
        ]
    # Playwright's sync API refuses to run inside a running asyncio loop (pytest-playwright's,
    # when the suite also runs the browser tests): measure from a thread of its own.
    outcome: dict = {}

    def measure():
        try:
            outcome["rows"] = _measure(app, context, binary)
        except BaseException as error:  # noqa: BLE001 - raised again below, in the caller
            outcome["error"] = error

    thread = threading.Thread(target=measure, name="page-weight")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["rows"]


def _measure(app, context: dict, binary: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with serving(app) as base, sync_playwright() as playwright:
        phone = dict(playwright.devices[PHONE])
        phone.pop("default_browser_type", None)
        for label, pattern, who, budget in WEIGHT_PAGES:
            # A browser of its own for each page: Chromium remembers a favicon that failed
            # for the whole browser, and would not ask the next page for it.
            browser = playwright.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
            try:
                files = _first_visit(browser, phone, base, pattern.format(**context), who)
                method = f"Chromium {browser.version}, {PHONE} profile, {LOCALE}, empty cache"
            finally:
                browser.close()
            rows.append(
                {
                    "page": label,
                    **_sums(files),
                    "budget_kb": budget,
                    "method": method,
                    "files": files,
                }
            )
    return rows


BACKGROUND_TYPES = {"Fetch", "XHR", "EventSource", "WebSocket"}  # asked for by scripts


class _Traffic:
    """Every response a page received, with Chromium's byte counts (DevTools protocol events)."""

    def __init__(self, devtools):
        self.seen: dict[str, dict] = {}
        devtools.on("Network.requestWillBeSent", self._sent)
        devtools.on("Network.responseReceived", self._answered)
        devtools.on("Network.dataReceived", self._data)
        devtools.on("Network.loadingFinished", self._finished)
        devtools.send("Network.enable")

    def _entry(self, event) -> dict:
        return self.seen.setdefault(event["requestId"], {"plain": 0})

    def _sent(self, event):
        self._entry(event).update(url=event["request"]["url"], type=event.get("type", "Other"))

    def _answered(self, event):
        self._entry(event)["status"] = event["response"]["status"]

    def _data(self, event):
        self._entry(event)["plain"] += event["dataLength"]  # decoded bytes

    def _finished(self, event):
        self._entry(event)["bytes"] = event["encodedDataLength"]  # headers + body on the wire


def _first_visit(browser, phone: dict, base: str, path: str, who: str | None) -> list[dict]:
    """[{url, type, status, bytes, plain, background}] of every response of one first visit."""
    browser_context = browser.new_context(**phone, locale=LOCALE)
    try:
        if who:  # the session cookie, without loading anything into the browser's cache
            answer = browser_context.request.post(
                base + "/login", form={"email": who, "password": PASSWORD}, max_redirects=0
            )
            if answer.status != 302:
                raise RuntimeError(f"sign-in of {who} failed: {answer.status}")
        page = browser_context.new_page()
        traffic = _Traffic(browser_context.new_cdp_session(page))
        # A service worker fetches in a target of its own: Playwright reports those requests.
        by_worker = []
        browser_context.on(
            "requestfinished", lambda request: request.service_worker and by_worker.append(request)
        )
        response = page.goto(base + path, wait_until="load")
        if response is None or response.status != 200:
            raise RuntimeError(f"{path}: {response and response.status}")
        page.wait_for_load_state("networkidle")
        files = [
            _file(base, x["url"], x["type"], x.get("status"), x["bytes"], x["plain"])
            for x in traffic.seen.values()
            if "bytes" in x
        ]
        for request in by_worker:
            sizes = request.sizes()  # a response from the HTTP cache has a negative body size
            wire = max(0, sizes["responseHeadersSize"] + sizes["responseBodySize"])
            answer = request.response()
            status = answer.status if answer else None
            files.append(_file(base, request.url, "ServiceWorker", status, wire, None))
        return files
    finally:
        browser_context.close()


def _file(base: str, url: str, kind: str, status, wire: int, plain: int | None) -> dict:
    parts = urlsplit(url)
    local = url.startswith(base)
    return {
        "url": (parts.path + ("?" + parts.query if parts.query else "")) if local else url,
        "type": kind,
        "status": status,
        "bytes": wire,
        "plain": plain,
        "background": kind in BACKGROUND_TYPES or kind == "ServiceWorker",
    }


def _sums(files: list[dict]) -> dict:
    own = [f for f in files if not f["background"]]
    rest = [f for f in files if f["background"]]
    kb = round(sum(f["bytes"] for f in own) / 1024, 1)
    return {
        "requests": len(own),
        "transferred_kb": kb,
        "gzip_kb": kb,
        "plain_kb": round(sum(f["plain"] or 0 for f in own) / 1024, 1),
        "background_requests": len(rest),
        "background_kb": round(sum(f["bytes"] for f in rest) / 1024, 1),
    }
