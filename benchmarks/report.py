"""BENCHMARKS.md from the result files in benchmarks/results/ (one per database)."""

import json
from pathlib import Path

from benchmarks.targets import TARGETS

RATIO = {"public": 0.5, "staff": 0.25, "report": None}
P95 = {"public": 50, "staff": 100, "report": 200}
MAX_QUERIES = 12


def _mark(ok) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


def _avg(values) -> str:
    return "/".join(f"{v:.1f}" for v in values) if values else "not recorded"


def section(r: dict) -> list[str]:
    m = r["machine"]
    load = r["load"]
    hello = load["hello"]
    s = load["settings"]
    out = [
        f"## {r.get('database_version', r['database'])}",
        "",
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB memory; Python "
        f"{m['python']}; commit `{m['commit']}`; {m['date']}.",
        f"- Command: `{r['command']}` (database `{r['database']}`).",
        f"- Data: {r['counts']['households']} households, {r['counts']['visits']} visits, "
        f"{r['counts']['stops']} stops, {r['counts']['activities']} activities "
        f"(seed-scale took {r['seed_city']['seed_s']:.0f} s, migrations "
        f"{r['seed_city']['migrate_s']:.0f} s).",
        f"- gunicorn.conf.py: {s['workers']} workers × {s['threads']} threads; wrk "
        f"{s['threads']} threads, {s['connections']} connections, {s['seconds']:.0f} s per page "
        "after a 1 s warm-up, `Accept-Encoding: gzip`.",
        f"- Load average of the machine (1, 5, 15 min) before the load tests "
        f"{_avg(load.get('loadavg_before'))}, after {_avg(load.get('loadavg_after'))} "
        "(other work on the machine competes for the same cores).",
        f"- Hello world: {hello['rps']:.0f} req/s (runs before and after: {hello['runs']}), "
        f"p50 {hello['p50_ms']:.1f} ms, p95 {hello['p95_ms']:.1f} ms.",
        "",
        "### Throughput and latency",
        "",
        "| page | req/s | × hello | target | p50 ms | p95 ms | target p95 | errors | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for t in TARGETS:
        x = load.get(t.name, {})
        if "skipped" in x or not x:
            out.append(
                f"| {t.label} | — | — | — | — | — | — | — | skipped: "
                f"{x.get('skipped', 'not measured')} |"
            )
            continue
        ratio = x["rps"] / hello["rps"]
        want = RATIO[t.kind]
        errors = x["errors"] + x["status_errors"]
        ok = (want is None or ratio >= want) and x["p95_ms"] < P95[t.kind] and not errors
        extra = f" ({x['visits_stored']} visits stored)" if "visits_stored" in x else ""
        out.append(
            f"| {t.label}{extra} | {x['rps']:.0f} | {ratio:.2f} | "
            f"{'≥ ' + format(want, '.2f') if want else '—'} | {x['p50_ms']:.1f} | "
            f"{x['p95_ms']:.1f} | < {P95[t.kind]} | {errors} | {_mark(ok)} |"
        )
    out += [
        "",
        "### SQL queries per request (two data sizes)",
        "",
        "| page | small | city scale | ≤ 12 and constant | uncached render at city scale, ms |",
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
        "through the test client, after one warm-up request.",
        "",
    ]
    out += [
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
            "idle; fonts only when the page uses their characters. The background column is "
            "what the page's scripts and service worker fetched after it was shown (the field "
            "client's offline copy). Measured by `page_weight` in benchmarks/inprocess.py.",
            "",
        ]
    else:  # a result file from before the browser measured it
        out += ["", "HTML + CSS + JS + fonts + icons it references, bodies only, empty cache.", ""]
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
    f, i = r["flyers"], r["import"]
    out += [
        "### Batch work",
        "",
        f"- Flyer PDF, {f['wijken']} wijken × {len(f['languages'])} languages "
        f"({', '.join(f['languages'])}), layout {f['layout']}: {f['flyers']} flyers in "
        f"{f['seconds']} s, {f['kb']} KB.",
        f"- Household import of {i['rows']} rows from CSV ({i['files']} files of at most 5,000 "
        f"rows, the upload limit) through `imports.read_table` → `imports.check_rows` → "
        f"`services.import_households`, on top of the city-scale data: {i['total_s']} s "
        f"(read {i['read_s']} s, checks incl. near-duplicates {i['check_s']} s, store "
        f"{i['store_s']} s); {i['stored']} stored.",
        "",
    ]
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
