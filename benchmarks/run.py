"""`make bench`: fresh databases at two sizes, load through gunicorn, queries, weight, Lighthouse,
flyer PDFs and a household import; results in benchmarks/results/ and BENCHMARKS.md.

    python -m benchmarks.run [--quick] [--db sqlite|postgres|both] [--seconds 5]

PostgreSQL runs when BENCH_DATABASE_URL is set (a server URL; each run creates its own databases
next to that one and drops them afterwards).
"""

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import databases, inprocess, lighthouse, load, report, tasks
from benchmarks.context import bench_app, read_context
from benchmarks.targets import LIGHTHOUSE_PAGES, PASSWORD, TARGETS, WORKER, available

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SMALL = (300, 2000, 50)
CITY = (20000, 200000, 2000)
QUICK_CITY = (2000, 20000, 200)


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if "MemTotal" in line
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "commit": commit,
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def database_version(app) -> str:
    from app.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            return "SQLite " + db.session.execute(db.text("select sqlite_version()")).scalar()
        return db.session.execute(db.text("select version()")).scalar().split(",")[0]


def fresh(kind: str, tag: str) -> str:
    if kind == "sqlite":
        return databases.fresh_sqlite(tag)
    return databases.fresh_postgres(os.environ["BENCH_DATABASE_URL"], tag)


def load_tests(url: str, context: dict, app, seconds: float, log: Path) -> dict:
    env = {"DATABASE_URL": url}
    opts = {"seconds": seconds, "connections": 8, "threads": 2}
    results: dict = {"settings": {**opts, "workers": None}, "loadavg_before": os.getloadavg()}
    with load.gunicorn("benchmarks.hello:app", env, log) as base:
        load.wrk(base + "/", **{**opts, "seconds": 1})
        hello = [load.wrk(base + "/", **opts)]
    with load.gunicorn("benchmarks.bench_app:app", env, log) as base:
        worker_cookie, worker_csrf = load.sign_in(base, WORKER, PASSWORD)
        coordinator_cookie = None
        for target in TARGETS:
            if not available(target, app):
                results[target.name] = {"skipped": "no such page in this version of the app"}
                continue
            headers, script, wrk_env = [], None, None
            if target.who == WORKER:
                headers.append(f"Cookie: {worker_cookie}")
            elif target.who:
                coordinator_cookie = (
                    coordinator_cookie or load.sign_in(base, target.who, PASSWORD)[0]
                )
                headers.append(f"Cookie: {coordinator_cookie}")
            if target.method == "POST":
                headers.append(f"X-CSRFToken: {worker_csrf}")
                script = ROOT / "benchmarks" / "wrk_visits.lua"
                wrk_env = {"STOP_IDS": ",".join(map(str, context["stop_ids"]))}
                before = visit_count(app)
            url_ = base + target.url(context)
            load.wrk(url_, **{**opts, "seconds": 1}, headers=headers, script=script, env=wrk_env)
            result = load.wrk(url_, **opts, headers=headers, script=script, env=wrk_env)
            if target.method == "POST":
                result["visits_stored"] = visit_count(app) - before
            results[target.name] = result
            print(f"  {target.name}: {result['rps']:.0f} req/s, p95 {result['p95_ms']:.1f} ms")
    with load.gunicorn("benchmarks.hello:app", env, log) as base:
        hello.append(load.wrk(base + "/", **opts))
    results["loadavg_after"] = os.getloadavg()
    results["hello"] = {
        "rps": sum(h["rps"] for h in hello) / len(hello),
        "p50_ms": sum(h["p50_ms"] for h in hello) / len(hello),
        "p95_ms": sum(h["p95_ms"] for h in hello) / len(hello),
        "runs": [round(h["rps"]) for h in hello],
    }
    import multiprocessing

    from app.config import read_settings, shares_rate_limits

    # What gunicorn.conf.py starts: several workers only with REDIS_URL (shared rate limits).
    shared = shares_rate_limits(read_settings(str(ROOT / "instance")))
    default_workers = min(8, multiprocessing.cpu_count() * 2)
    workers = int(os.environ.get("WEB_CONCURRENCY", default_workers)) if shared else 1
    results["settings"]["workers"] = workers
    results["settings"]["threads"] = int(os.environ.get("GUNICORN_THREADS", 2 if shared else 8))
    return results


def visit_count(app) -> int:
    from app.extensions import db
    from app.visits.models import Visit

    with app.app_context():
        count = db.session.scalar(db.select(db.func.count()).select_from(Visit))
        db.session.remove()
        return count


def lighthouse_scores(url: str, context: dict, log: Path) -> dict:
    scores = {}
    with load.gunicorn("benchmarks.bench_app:app", {"DATABASE_URL": url}, log) as base:
        cookie, _ = load.sign_in(base, WORKER, PASSWORD)
        for label, pattern, who in LIGHTHOUSE_PAGES:
            out = ROOT / "test-artifacts" / "bench" / f"lighthouse-{len(scores)}.json"
            try:
                scores[label] = lighthouse.score(
                    base + pattern.format(**context), out, cookie if who else None
                )
            except Exception as error:  # reported, not fatal: the other numbers still count
                scores[label] = {"error": str(error)[:300]}
            print(f"  lighthouse {label}: {scores[label]}")
    return scores


def run_one(kind: str, args) -> dict:
    city = QUICK_CITY if args.quick else CITY
    log = ROOT / "test-artifacts" / "bench" / f"gunicorn-{kind}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    result: dict = {
        "database": kind,
        "machine": machine(),
        "quick": args.quick,
        "command": "python -m benchmarks.run " + shlex.join(sys.argv[1:]),
        "sizes": {"small": SMALL, "city": city},
    }
    urls = []
    try:
        print(f"[{kind}] small database…")
        small_url = fresh(kind, "small")
        urls.append(small_url)
        result["seed_small"] = databases.prepare(small_url, *SMALL)
        small_app = bench_app(small_url)
        result["queries_small"] = inprocess.query_counts(small_app, read_context(small_app, WORKER))
        print(f"[{kind}] city-scale database {city}…")
        url = fresh(kind, "city")
        urls.append(url)
        result["seed_city"] = databases.prepare(url, *city)
        print(f"  seeded in {result['seed_city']['seed_s']:.0f} s")
        app = bench_app(url)
        result["database_version"] = database_version(app)
        context = read_context(app, WORKER)
        result["counts"] = context["counts"]
        result["queries_city"] = inprocess.query_counts(app, context)
        result["weight"] = inprocess.page_weight(app, context)
        print(f"[{kind}] load…")
        result["load"] = load_tests(url, context, app, args.seconds, log)
        if not args.no_lighthouse:
            print(f"[{kind}] lighthouse…")
            result["lighthouse"] = lighthouse_scores(url, context, log)
        print(f"[{kind}] flyer PDFs and household import…")
        result["flyers"] = tasks.flyer_pdfs(app, wijken=2 if args.quick else 25)
        result["import"] = tasks.household_import(app, 1000 if args.quick else 20000)
    finally:
        if kind == "postgres":
            for u in urls:
                databases.drop_postgres(u)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, 1 s loads (a smoke run)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default=None)
    parser.add_argument("--seconds", type=float, default=None, help="seconds of load per page")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-report", action="store_true", help="do not rewrite BENCHMARKS.md")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (1 if args.quick else 5)
    kinds = {"sqlite": ["sqlite"], "postgres": ["postgres"], "both": ["sqlite", "postgres"]}[
        args.db or ("both" if os.environ.get("BENCH_DATABASE_URL") else "sqlite")
    ]
    if "postgres" in kinds and not os.environ.get("BENCH_DATABASE_URL"):
        parser.error("--db postgres needs BENCH_DATABASE_URL")
    RESULTS.mkdir(exist_ok=True)
    began = time.monotonic()
    for kind in kinds:
        result = run_one(kind, args)
        name = f"{kind}-quick.json" if args.quick else f"{kind}.json"
        (RESULTS / name).write_text(json.dumps(result, indent=1, default=str))
    if not args.no_report and not args.quick:
        report.write(RESULTS, ROOT / "BENCHMARKS.md")
    print(f"done in {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
