"""BENCHMARKS.md from the result files in benchmarks/results/ (one per database)."""

import json
from pathlib import Path

from benchmarks.targets import TARGETS

LABEL = {t.name: t.label for t in TARGETS}
MAX_QUERIES = 12


def _mark(ok) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


def _avg(values) -> str:
    return "/".join(f"{v:.1f}" for v in values) if values else "not recorded"


def _errors(x: dict) -> int:
    return x["errors"] + x["status_errors"] + x.get("non_2xx_3xx", 0)


def _cell(x: dict | None, base: dict | None, base_name: str) -> str:
    if not x or "skipped" in x:
        return "not measured" + (f" ({x['skipped']})" if x else "")
    ratio = f" = {x['rps'] / base['rps']:.2f} × {base_name}" if base else ""
    errors = f", **{_errors(x)} errors**" if _errors(x) else ""
    return f"{x['rps']:.0f} req/s{ratio}, p95 {x['p95_ms']:.1f} ms{errors}"


def _ok(x, base, ratio=None, p95=None) -> bool | None:
    if not x or "skipped" in x or not base:
        return None
    return (
        (ratio is None or x["rps"] / base["rps"] >= ratio)
        and (p95 is None or x["p95_ms"] < p95)
        and not _errors(x)
    )


def _cpu(imp: dict) -> str:
    return f", {imp['cpu_s']} s of CPU" if "cpu_s" in imp else ""


def issue_table(r: dict) -> list[str]:
    """Issue 17's rows: each target, origin and front side by side, with its baseline."""
    load = r["load"]
    origin, front, single = load.get("origin", {}), load.get("front", {}), load.get("single", {})
    hello, s_hello = origin.get("hello"), single.get("hello")
    static = front.get("static", {})
    out = [
        "### Issue 17's targets",
        "",
        f"Origin: gunicorn, {origin.get('config', '—')}, its hello world "
        f"{hello['rps']:.0f} req/s (runs {hello['runs']}). Front: {front.get('config', '—')}, "
        "over TLS, against nginx serving the page's own bytes as a static file (same run). "
        f"Without Redis: {single.get('config', '—')}, its hello world "
        f"{s_hello['rps']:.0f} req/s (runs {s_hello['runs']}).",
        "",
        "| what | target | origin (gunicorn) | through deploy/nginx.conf | met |",
        "|---|---|---|---|---|",
    ]
    for name in ("offer_wijk", "api_activities"):
        x, f = origin.get(name), front.get(name)
        base = static.get(name)
        base_cell = f"static file {base['rps']:.0f} req/s (runs {base['runs']})" if base else ""
        out.append(
            f"| `{LABEL[name]}` | origin ≥ 0.5 × hello, p95 < 50 ms; front ≥ 0.8 × static file | "
            f"{_cell(x, hello, 'hello')} | {_cell(f, base, 'static file')}; {base_cell} | "
            f"origin {_mark(_ok(x, hello, 0.5, 50))}, front {_mark(_ok(f, base, 0.8))} |"
        )
    q, qs, qf = origin.get("shortlink"), single.get("shortlink"), front.get("shortlink")
    out.append(
        f"| `/q/<code>`, every scan stored | ≥ 0.25 × hello without Redis, ≥ 0.5 × with Redis | "
        f"without Redis {_cell(qs, s_hello, 'hello')}; with Redis {_cell(q, hello, 'hello')} | "
        f"{_cell(qf, None, '')} (always to the app) | "
        f"without Redis {_mark(_ok(qs, s_hello, 0.25))}, with {_mark(_ok(q, hello, 0.5))} |"
    )
    x, f = origin.get("route_page"), front.get("route_page")
    out.append(
        f"| worker's route page ({r.get('route_stops', '?')} stops) | ≥ 0.1 × hello, p95 < 100 ms"
        f" | {_cell(x, hello, 'hello')} | {_cell(f, None, '')} | "
        f"{_mark(_ok(x, hello, 0.1, 100))} |"
    )
    x, f = origin.get("post_visits"), front.get("post_visits")
    out.append(
        "| a batch of 20 visits, 8 connections (8 workers, each at their own stops) | "
        "p95 < 100 ms | "
        f"{_cell(x, None, '')} ({x.get('visits_stored', '?') if x else '?'} visits stored) | "
        f"{_cell(f, None, '')} | {_mark(_ok(x, hello, None, 100))} |"
    )
    weights = [w for w in r.get("weight", []) if w["page"].startswith("/aanbod (")]
    if weights:
        kb = [(w["page"][len("/aanbod (") : -1], w.get("transferred_kb")) for w in weights]
        ok = all(v is not None and v <= 30 for _lang, v in kb)
        out.append(
            "| first visit of `/aanbod`, every public language | ≤ 30 KB | "
            + ", ".join(f"{lang} {v} KB" for lang, v in kb)
            + f" | (nginx compresses the same; its cache changes no byte) | {_mark(ok)} |"
        )
    lighthouse = r.get("lighthouse") or {}
    if lighthouse:
        parts, oks = [], []
        for page, x in lighthouse.items():
            if "error" in x:
                parts.append(f"{page}: error")
                oks.append(False)
                continue
            parts.append(f"{page}: {x['performance']}/{x['accessibility']}")
            oks.append(x["performance"] >= 95 and x["accessibility"] == 100)
        out.append(
            "| Lighthouse mobile (performance/accessibility) | ≥ 95, 100 | "
            f"{'; '.join(parts)} | — | "
            + ", ".join(f"{page} {_mark(ok)}" for page, ok in zip(lighthouse, oks, strict=True))
            + " |"
        )
    tap = r.get("tap") or {}
    if "frame_ms" in tap and tap["frame_ms"]:
        out.append(
            '| "Niet thuis" tapped → the card shows it, CPU 4× slower | ≤ 100 ms | '
            f"{tap['taps']} taps: painted after {tap['frame_p50_ms']} ms (median), "
            f"{tap['frame_max_ms']} ms (slowest); tap → submit {min(tap['submit_ms'])}–"
            f"{max(tap['submit_ms'])} ms | — | {_mark(tap['frame_max_ms'] <= 100)} |"
        )
    elif tap:
        out.append(f'| "Niet thuis" → card | ≤ 100 ms | not measured: {tap.get("error")} | — | — |')
    imp = r.get("import") or {}
    if "total_s" in imp:
        placed = ", ".join(f"{k} {v}" for k, v in imp["placed_by"].items())
        out.append(
            f"| {imp['rows']}-row household import, offline geocoding | ≤ 10 s | "
            f"{imp['total_s']} s{_cpu(imp)} (address index {imp['index_s']} s, read "
            f"{imp['read_s']} s, "
            f"checks and placing {imp['check_s']} s, store {imp['store_s']} s); "
            f"{imp['stored']} stored; placed by: {placed} | — | {_mark(imp['total_s'] <= 10)} |"
        )
    out.append("")
    return out


def throughput(title: str, series: dict, base: dict, base_name: str) -> list[str]:
    out = [
        f"#### {title}",
        "",
        f"| page | req/s | × {base_name} | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for t in TARGETS:
        x = series.get(t.name)
        if not x:
            continue
        if "skipped" in x:
            out.append(f"| {t.label} | — | — | — | — | — | skipped: {x['skipped']} |")
            continue
        extra = f" ({x['visits_stored']} visits stored)" if "visits_stored" in x else ""
        b = base.get(t.name, base) if "rps" not in base else base
        ratio = f"{x['rps'] / b['rps']:.2f}" if b and "rps" in b else "—"
        out.append(
            f"| {t.label}{extra} | {x['rps']:.0f} | {ratio} | {x['p50_ms']:.1f} | "
            f"{x['p95_ms']:.1f} | {x['p99_ms']:.1f} | {_errors(x)} |"
        )
    out.append("")
    return out


def section(r: dict) -> list[str]:
    m = r["machine"]
    load = r["load"]
    s = load["settings"]
    out = [
        f"## {r.get('database_version', r['database'])}",
        "",
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB memory; Python "
        f"{m['python']}; commit `{m['commit']}`; {m['date']}.",
        f"- Command: `{r['command']}` (database `{r['database']}`).",
        f"- Data: {r['counts']['households']} households, {r['counts']['visits']} visits, "
        f"{r['counts']['stops']} stops, {r['counts']['activities']} activities (seed-scale "
        f"{r['seed_city']['seed_s']:.0f} s when the seed was made; this run "
        f"{'reused it' if r['seed_city'].get('reused_seed') else 'made it'}, copy "
        f"{r['seed_city'].get('copy_s', 0):.0f} s).",
        f"- wrk {s['threads']} threads, {s['connections']} connections, {s['seconds']:.0f} s "
        "per page after a warm-up of half that (at least 1 s), `Accept-Encoding: gzip`; "
        "baselines before and after.",
        f"- Load average of the machine (1, 5, 15 min) before the load tests "
        f"{_avg(load.get('loadavg_before'))}, after {_avg(load.get('loadavg_after'))} "
        "(other work on the machine competes for the same 2 cores, wrk and nginx included).",
        "",
    ]
    out += issue_table(r)
    out += ["### Throughput and latency", ""]
    origin, front, single = load.get("origin", {}), load.get("front", {}), load.get("single", {})
    if "hello" in origin:
        out += throughput(f"Origin: gunicorn, {origin['config']}", origin, origin["hello"], "hello")
    if "static" in front:
        out += throughput(f"Front: {front['config']}", front, front["static"], "static file")
        out += [
            "Static file: nginx serving the bytes it sends for that page (gzip, as fetched "
            "through the front) from disk under `/static/`; "
            + ", ".join(
                f"{k} {v['rps']:.0f} req/s (runs {v['runs']})" for k, v in front["static"].items()
            )
            + ". Rows without a ratio have no static counterpart (they always reach the app).",
            "",
        ]
    if "hello" in single:
        out += throughput(
            f"Origin without Redis: gunicorn, {single['config']}", single, single["hello"], "hello"
        )
    out += [
        "### SQL queries per request (two data sizes)",
        "",
        "| page | small | city scale | ≤ 12 and constant | one render at city scale, ms |",
        "|---|---:|---:|---|---:|",
    ]
    for t in TARGETS:
        a, b = r["queries_small"].get(t.name), r["queries_city"].get(t.name)
        if a is None or b is None:
            out.append(f"| {t.label} | — | — | skipped | — |")
            continue
        ok = a[1] == b[1] and (b[1] <= MAX_QUERIES or t.method == "POST")
        note = " (a batch of 20 visits)" if t.method == "POST" else ""
        out.append(f"| {t.label}{note} | {a[1]} | {b[1]} | {_mark(ok)} | {b[2]} |")
    small = r["sizes"]["small"]
    out += [
        "",
        f"Small: demo data + seed-scale {small[0]} households, {small[1]} visits, "
        f"{small[2]} activities. Counted with a SQLAlchemy event listener around one request "
        "through the test client, after one warm-up request (the route page's warm-up is the "
        "day's first view, which writes its audit event; the counted one writes none).",
        "",
        "### First visit: bytes transferred and requests",
        "",
        "| page | requests | transferred KB | uncompressed KB | budget KB | met | "
        "afterwards in the background |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for w in r["weight"]:
        if "error" in w:
            out.append(
                f"| {w['page']} | — | — | — | {w['budget_kb'] or '—'} | "
                f"not measured: {w['error'][:80]} | |"
            )
            continue
        kb = w.get("transferred_kb", w["gzip_kb"])
        ok = None if w["budget_kb"] is None else kb <= w["budget_kb"]
        background = (
            f"{w['background_requests']} requests, {w['background_kb']} KB"
            if w.get("background_requests")
            else "—"
        )
        out.append(
            f"| {w['page']} | {w['requests']} | {kb} | {w['plain_kb']} | "
            f"{w['budget_kb'] or '—'} | {_mark(ok)} | {background} |"
        )
    method = next((w["method"] for w in r["weight"] if w.get("method")), None)
    if method:
        out += [
            "",
            f"What the browser really downloaded ({method}): Chromium's own byte counts, "
            "response headers plus bodies as compressed on the wire, until the network was "
            "idle. `/aanbod (xx)` is a first visit of `/aanbod?lang=xx`. The background column "
            "is what the page's scripts and service worker fetched after it was shown (the "
            "field client's offline copy). Measured by `page_weight` in benchmarks/inprocess.py.",
            "",
        ]
    if r.get("lighthouse"):
        out += [
            "### Lighthouse (mobile)",
            "",
            "| page | performance | accessibility | FCP ms | LCP ms | transferred KB | "
            "met (≥ 95, 100) |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for page, x in r["lighthouse"].items():
            if "error" in x:
                out.append(f"| {page} | error | | | | | {x['error'][:80]} |")
                continue
            ok = x["performance"] >= 95 and x["accessibility"] == 100
            failed = f" (failed: {', '.join(x['failed_a11y'])})" if x["failed_a11y"] else ""
            out.append(
                f"| {page} | {x['performance']} | {x['accessibility']}{failed} | "
                f"{x['fcp_ms']} | {x['lcp_ms']} | {x.get('transferred_kb', '—')} | {_mark(ok)} |"
            )
        out.append("")
    tap = r.get("tap") or {}
    if tap.get("frame_ms"):
        out += [
            '### "Niet thuis" tapped → the card shows it',
            "",
            f"{tap['method']}; {tap['taps']} taps on the worker's route today "
            "(benchmarks/phone.py). Milliseconds from the touch:",
            "",
            f"- to the form's submit event: {tap['submit_ms']}",
            f'- to the card saying "{tap["label"]}": {tap["dom_ms"]}',
            f"- to the frame after it (painted): {tap['frame_ms']}",
            "",
        ]
    f = r["flyers"]
    out += [
        "### Batch work",
        "",
        f"- Flyer PDF, {f['wijken']} wijken × {len(f['languages'])} languages "
        f"({', '.join(f['languages'])}), layout {f['layout']}: {f['flyers']} flyers in "
        f"{f['seconds']} s, {f['kb']} KB.",
    ]
    i = r["import"]
    if "placed_by" in i:
        out.append(
            f"- Household import of {i['rows']} rows (one upload, the most a file may hold) at "
            "real Ghent doors without wijk or position, through `imports.read_table` → "
            "`imports.check_rows` (every address placed offline: `ADDRESS_REGISTER_URL` empty, "
            "the embedded CRAB data) → `services.import_households`, on top of the city: "
            f"{i['total_s']} s (building the address index in a fresh process {i['index_s']} "
            f"s, read {i['read_s']} s, checks and placing {i['check_s']} s, store "
            f"{i['store_s']} s); {i['stored']} stored, {i['rejected']} refused (a house "
            "number the data does not hold in a street it splits between wijken, or the same "
            "door twice)."
        )
    out.append("")
    return out


def write(results: Path, target: Path) -> None:
    runs = [
        json.loads(p.read_text())
        for p in sorted(results.glob("*.json"))
        if not p.stem.endswith("-quick")
    ]
    head = (Path(__file__).parent / "BENCHMARKS_HEAD.md").read_text()
    lines = [head.rstrip(), ""]
    for r in sorted(runs, key=lambda r: r["database"] != "sqlite"):
        lines += section(r)
    notes = Path(__file__).parent / "BENCHMARKS_NOTES.md"
    if notes.exists():  # the reading of the numbers, written by hand after a run
        lines += [notes.read_text().rstrip(), ""]
    target.write_text("\n".join(lines).rstrip() + "\n")
