"""`make bench`: databases at two sizes, load at the origin and through deploy/nginx.conf,
queries, weight in every public language, Lighthouse, a tap on a slowed-down phone, flyer PDFs
and a geocoded household import; results in benchmarks/results/ and BENCHMARKS.md.

    python -m benchmarks.run [--quick] [--db sqlite|postgres|both] [--seconds 5]

--quick (or BENCH_QUICK=1): a tenth of the city, 1 s of load per page, results in
*-quick.json only. PostgreSQL runs when BENCH_DATABASE_URL is set (the benchmark's own
database, e.g. postgresql://postgres@127.0.0.1:5432/bench; see benchmarks/databases.py).
"""

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks import databases, front, inprocess, lighthouse, load, phone, report, tasks
from benchmarks.context import bench_app, long_route, read_context
from benchmarks.targets import (
    FRONT_TARGETS,
    LIGHTHOUSE_PAGES,
    PASSWORD,
    TARGETS,
    WORKER,
    available,
)

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


@contextmanager
def redis_server():
    """A Redis of the benchmark's own on a free port (nothing saved); yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = load.free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _requests(target, context, cookie, workers, referer_base=None):
    """wrk's headers, script and environment for one target."""
    headers, script, wrk_env = [], None, None
    if target.method == "POST":  # each worker's session and CSRF token come with the script
        script = ROOT / "benchmarks" / "wrk_visits_workers.lua"
        wrk_env = {"WORKERS": workers}
    elif target.who:
        headers.append(f"Cookie: {cookie[target.who]}")
    if referer_base:  # over HTTPS Flask-WTF checks the Referer, as browsers send it
        headers.append(f"Referer: {referer_base}{target.url(context)}")
    return headers, script, wrk_env


def _workers(context, sign_in) -> str:
    """WORKERS for wrk_visits_workers.lua: each visit worker signed in, with their stops."""
    lines = []
    for worker in context["visit_workers"]:
        cookie, csrf = sign_in(worker["email"])
        lines.append(f"{cookie}\t{csrf}\t{','.join(map(str, worker['stop_ids']))}")
    return "\n".join(lines)


def _run_targets(base, targets, context, app, opts, cookie, workers, headers=(), referer=None):
    results = {}
    for target in targets:
        if not available(target, app):
            results[target.name] = {"skipped": "no such page in this version of the app"}
            continue
        extra, script, wrk_env = _requests(target, context, cookie, workers, referer)
        extra = [*headers, *extra]
        url_ = base + target.url(context)
        before = visit_count(app) if target.method == "POST" else None
        warm = {**opts, "seconds": max(1, int(opts["seconds"] // 2))}  # every worker warmed
        load.wrk(url_, **warm, headers=extra, script=script, env=wrk_env)
        result = load.wrk(url_, **opts, headers=extra, script=script, env=wrk_env)
        if before is not None:
            result["visits_stored"] = visit_count(app) - before
        results[target.name] = result
        print(f"  {target.name}: {result['rps']:.0f} req/s, p95 {result['p95_ms']:.1f} ms")
    return results


def _baseline(runs: list[dict]) -> dict:
    return {
        "rps": sum(h["rps"] for h in runs) / len(runs),
        "p50_ms": sum(h["p50_ms"] for h in runs) / len(runs),
        "p95_ms": sum(h["p95_ms"] for h in runs) / len(runs),
        "runs": [round(h["rps"]) for h in runs],
    }


def _sign_ins(sign_in, targets, context) -> tuple[dict, str]:
    """The Cookie header of each page's user; the visit workers' WORKERS (see _workers)."""
    cookies = {who: sign_in(who)[0] for who in {t.who for t in targets if t.who}}
    workers = _workers(context, sign_in) if any(t.method == "POST" for t in targets) else ""
    return cookies, workers


def origin_load(env: dict, targets, context, app, opts, log) -> dict:
    """hello world, the targets, hello world again: one gunicorn configuration."""
    hello = []
    with load.gunicorn("benchmarks.hello:app", env, log) as base:
        load.wrk(base + "/", **{**opts, "seconds": 1})
        hello.append(load.wrk(base + "/", **opts))
    with load.gunicorn("benchmarks.bench_app:app", env, log) as base:
        cookies, workers = _sign_ins(
            lambda email: load.sign_in(base, email, PASSWORD), targets, context
        )
        results = _run_targets(base, targets, context, app, opts, cookies, workers)
    with load.gunicorn("benchmarks.hello:app", env, log) as base:
        hello.append(load.wrk(base + "/", **opts))
    results["hello"] = _baseline(hello)
    print(f"  hello world: {results['hello']['runs']} req/s")
    return results


def front_load(env: dict, targets, context, app, opts, log, tmp: Path) -> dict:
    """Through deploy/nginx.conf (TLS, micro-cache, gzip) in front of the same gunicorn
    configuration; the baseline is nginx serving each public page's bytes as a static file."""
    front.certificate(tmp)
    app_root = front.static_root(tmp, {})
    env = {**env, "PUBLIC_BASE_URL": front.ORIGIN, "PROXY_FIX_X_FOR": "1", "PROXY_FIX_X_PROTO": "1"}
    host = [f"Host: {front.NAME}"]
    results: dict = {}
    with load.gunicorn("benchmarks.bench_app:app", env, log) as upstream:
        port = int(upstream.rsplit(":", 1)[1])
        with front.nginx(tmp, port, app_root=app_root, by_address=True) as (_http, https):
            base = f"https://127.0.0.1:{https}"
            statics = {}
            for target in targets:  # the very bytes nginx sends for each public page
                if target.kind == "public" and target.name != "shortlink":
                    _status, _headers, body = front.https_get(
                        https, target.url(context), {"Accept-Encoding": "gzip"}
                    )
                    statics[target.name] = f"{target.name}.bin"
                    front.static_root(tmp, {statics[target.name]: body})
            baseline = {name: [] for name in statics}

            def static_runs():
                for name, file in statics.items():
                    url_ = f"{base}/static/bench/{file}"
                    load.wrk(url_, **{**opts, "seconds": 1}, headers=host)
                    baseline[name].append(load.wrk(url_, **opts, headers=host))

            static_runs()
            cookies, workers = _sign_ins(
                lambda email: front.sign_in(https, email, PASSWORD), targets, context
            )
            results = _run_targets(
                base,
                targets,
                context,
                app,
                opts,
                cookies,
                workers,
                headers=host,
                referer=front.ORIGIN,
            )
            static_runs()
    results["static"] = {name: _baseline(runs) for name, runs in baseline.items()}
    print(f"  nginx static: { {k: v['runs'] for k, v in results['static'].items()} } req/s")
    return results


def load_tests(url: str, context: dict, app, seconds: float, log: Path) -> dict:
    """Three series on the same data, each with its own baseline measured before and after:

    - origin: gunicorn as deployed (README "Deployment": Redis, 4 workers × 2 threads), every
      target, against Flask's hello world in the same configuration;
    - origin without Redis: one process × 8 threads (what gunicorn.conf.py starts without
      REDIS_URL), the QR scan and the public page, against hello world in that configuration;
    - front: deploy/nginx.conf in front of the first configuration, the issue's targets,
      against nginx serving each public page's bytes as a static file.
    """
    opts = {"seconds": seconds, "connections": 8, "threads": 2}
    results: dict = {"settings": dict(opts), "loadavg_before": os.getloadavg()}
    staff_and_public = [t for t in TARGETS if t.name in FRONT_TARGETS]
    with redis_server() as redis_url:
        if redis_url is None:
            results["origin"] = {"skipped": "redis-server not found"}
        else:
            env = {
                "DATABASE_URL": url,
                "REDIS_URL": redis_url,
                "REDIS_KEY_PREFIX": "stoepbezoek-bench",
                "WEB_CONCURRENCY": "4",
                "GUNICORN_THREADS": "2",
            }
            print("  origin, Redis, 4 workers × 2 threads")
            results["origin"] = origin_load(env, TARGETS, context, app, opts, log)
            results["origin"]["config"] = "4 workers × 2 threads, Redis"
            print("  front: deploy/nginx.conf")
            with tempfile.TemporaryDirectory(prefix="bench-front-") as tmp:
                results["front"] = front_load(
                    env, staff_and_public, context, app, opts, log, Path(tmp)
                )
            results["front"]["config"] = "deploy/nginx.conf → 4 workers × 2 threads, Redis"
    print("  origin, no Redis, 1 process × 8 threads")
    single = [t for t in TARGETS if t.name in ("shortlink", "offer_wijk")]
    results["single"] = origin_load({"DATABASE_URL": url}, single, context, app, opts, log)
    results["single"]["config"] = "1 process × 8 threads, no Redis"
    results["loadavg_after"] = os.getloadavg()
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
    print(f"[{kind}] small database…")
    small_url, result["seed_small"] = databases.working_copy(kind, "small", SMALL)
    small_app = bench_app(small_url)
    result["queries_small"] = inprocess.query_counts(small_app, read_context(small_app, WORKER))
    print(f"[{kind}] city-scale database {city}…")
    url, result["seed_city"] = databases.working_copy(
        kind, "quick-city" if args.quick else "city", city
    )
    print(
        f"  seed {'reused' if result['seed_city']['reused_seed'] else 'made'}; "
        f"copied in {result['seed_city']['copy_s']:.0f} s"
    )
    app = bench_app(url)
    result["database_version"] = database_version(app)
    context = read_context(app, WORKER)
    context["long_route_id"] = long_route(app, WORKER, 60)
    result["counts"] = context["counts"]
    result["route_stops"] = context["route_stops"]
    result["queries_city"] = inprocess.query_counts(app, context)
    result["weight"] = inprocess.page_weight(app, context)
    print(f"[{kind}] tap to card…")
    result["tap"] = phone.tap_to_card(app, context)
    print(f"  {result['tap']}")
    print(f"[{kind}] load…")
    result["load"] = load_tests(url, context, app, args.seconds, log)
    if not args.no_lighthouse:
        print(f"[{kind}] lighthouse…")
        result["lighthouse"] = lighthouse_scores(url, context, log)
    print(f"[{kind}] flyer PDFs and household import…")
    result["flyers"] = tasks.flyer_pdfs(app, wijken=2 if args.quick else 25)
    result["import"] = tasks.household_import_geocoded(app, 5000)
    print(f"  {result['import']}")
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, 1 s loads (a smoke run)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default=None)
    parser.add_argument("--seconds", type=float, default=None, help="seconds of load per page")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-report", action="store_true", help="do not rewrite BENCHMARKS.md")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="only rewrite BENCHMARKS.md from benchmarks/results/*.json",
    )
    args = parser.parse_args(argv)
    if args.report_only:
        report.write(RESULTS, ROOT / "BENCHMARKS.md")
        return 0
    args.quick = args.quick or os.environ.get("BENCH_QUICK") == "1"
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
