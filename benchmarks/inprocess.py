"""Measurements inside the app (a test client, no gunicorn): SQL queries per request and the
bytes and requests of a first visit."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from sqlalchemy import event

from benchmarks.context import signed_in_client, visits_body
from benchmarks.targets import TARGETS, WEIGHT_PAGES, available


class QueryCounter:
    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args):
        self.count += 1


def query_counts(app, context: dict) -> dict:
    """{target name: (status, queries, ms)} for one request each, after a warm-up request, with
    the page cache emptied first: the count and time of really rendering the page."""
    import time

    from app.extensions import cache, db

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
            with app.app_context():
                cache.clear()
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


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower()
        if (
            tag == "link"
            and a.get("href")
            and any(
                r in rel for r in ("stylesheet", "icon", "manifest", "preload", "modulepreload")
            )
        ):
            self.urls.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"])


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def page_weight(app, context: dict) -> list[dict]:
    """Bytes on the wire (gzip) and requests for a first visit of each page, cache empty."""
    rows = []
    for label, pattern, who, budget in WEIGHT_PAGES:
        client = signed_in_client(app, who)
        url = pattern.format(**context)
        seen, queue, total, uncompressed, requests = set(), [url], 0, 0, 0
        while queue:
            current = queue.pop(0)
            if current in seen or urlsplit(current).netloc:
                continue
            seen.add(current)
            response = client.get(current, headers={"Accept-Encoding": "gzip"})
            requests += 1
            body = response.get_data()
            total += len(body)
            uncompressed += _plain_size(body, response.headers.get("Content-Encoding"))
            kind = response.mimetype
            text = _plain(body, response.headers.get("Content-Encoding"))
            if kind == "text/html":
                parser = _Assets()
                parser.feed(text)
                queue.extend(urljoin(current, u) for u in parser.urls)
            elif kind == "text/css":
                queue.extend(
                    urljoin(current, u) for u in CSS_URL.findall(text) if not u.startswith("data:")
                )
        rows.append(
            {
                "page": label,
                "requests": requests,
                "gzip_kb": round(total / 1024, 1),
                "plain_kb": round(uncompressed / 1024, 1),
                "budget_kb": budget,
            }
        )
    return rows


def _plain(body: bytes, encoding: str | None) -> str:
    import gzip

    if encoding == "gzip":
        body = gzip.decompress(body)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return ""


def _plain_size(body: bytes, encoding: str | None) -> int:
    import gzip

    return len(gzip.decompress(body)) if encoding == "gzip" else len(body)
