"""The benchmark's databases: seeded once, copied for every run.

Seeding the city (`seed-scale --households 20000 --visits 200000 --activities 2000`) takes a
while; a run changes its database (visits posted, households imported). So each size is seeded
once into a database of its own (`<tag>-seed`) and every run works on a fresh copy of it: a file
copy for SQLite, `CREATE DATABASE … TEMPLATE` for PostgreSQL. A seed is made again when the
sizes, the seeding code (app/demo/scale/) or the day changed; the copy is migrated to the
current head.

PostgreSQL: BENCH_DATABASE_URL names the benchmark's own database (e.g.
postgresql://postgres@127.0.0.1:5432/bench, created when missing); its seeds and copies are
databases named after it (bench_city_seed, bench_city, …). Never point it at a database other
work uses.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "test-artifacts" / "bench"


def _seed_key(households: int, visits: int, activities: int) -> str:
    """The sizes, the seeding code and Ghent's today (the benchmark worker's route is today's)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo("Europe/Brussels")).date()
    digest = hashlib.sha256(f"{households}/{visits}/{activities}/{today}".encode())
    for path in sorted((ROOT / "app" / "demo" / "scale").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _marker(name: str) -> Path:
    return WORK / f"{name}.seeded.json"


def _admin_url(base_url: str, database: str = "postgres") -> str:
    from sqlalchemy.engine import make_url

    url = make_url(base_url).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


def _pg_exists(base_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(_admin_url(base_url), autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return found.fetchone() is not None


def _pg_drop(base_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url(base_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_create(base_url: str, name: str, template: str | None = None) -> None:
    import psycopg

    with psycopg.connect(_admin_url(base_url), autocommit=True) as conn:
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{suffix}')


def _pg_url(base_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(base_url).set(drivername="postgresql+psycopg", database=name)
    return url.render_as_string(hide_password=False)


def working_copy(kind: str, tag: str, sizes: tuple[int, int, int]) -> tuple[str, dict]:
    """A fresh copy of the seeded database of this size: (URL, how it was made)."""
    WORK.mkdir(parents=True, exist_ok=True)
    key = _seed_key(*sizes)
    if kind == "sqlite":
        seed_file, work_file = WORK / f"{tag}-seed.sqlite", WORK / f"{tag}.sqlite"
        seed_url = f"sqlite:///{seed_file}"
        reused = _is_seeded(tag, key) and seed_file.exists()
        if not reused:
            for old in WORK.glob(f"{tag}-seed.sqlite*"):
                old.unlink()
            info = prepare(seed_url, *sizes)
            with sqlite3.connect(seed_file) as conn:  # everything into the main file
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            _mark(tag, key, info)
        for old in WORK.glob(f"{tag}.sqlite*"):
            old.unlink()
        began = time.monotonic()
        shutil.copyfile(seed_file, work_file)
        url = f"sqlite:///{work_file}"
    else:
        base = os.environ["BENCH_DATABASE_URL"]
        from sqlalchemy.engine import make_url

        own = make_url(base).database
        if not _pg_exists(base, own):
            _pg_create(base, own)
        seed_name, work_name = f"{own}_{tag}_seed", f"{own}_{tag}"
        reused = _is_seeded(seed_name, key) and _pg_exists(base, seed_name)
        if not reused:
            _pg_drop(base, seed_name)
            _pg_create(base, seed_name)
            info = prepare(_pg_url(base, seed_name), *sizes)
            _mark(seed_name, key, info)
        _pg_drop(base, work_name)
        began = time.monotonic()
        _pg_create(base, work_name, template=seed_name)
        url = _pg_url(base, work_name)
        tag = seed_name
    copied = time.monotonic() - began
    migrate, _ = flask(url, "db", "upgrade")
    info = json.loads(_marker(tag).read_text())["info"]
    return url, {**info, "reused_seed": reused, "copy_s": copied, "migrate_copy_s": migrate}


def _is_seeded(name: str, key: str) -> bool:
    marker = _marker(name)
    return marker.exists() and json.loads(marker.read_text()).get("key") == key


def _mark(name: str, key: str, info: dict) -> None:
    _marker(name).write_text(json.dumps({"key": key, "info": info}))


def flask(url: str, *args: str) -> tuple[float, str]:
    """Run `flask --app wsgi ARGS` on that database; answer (seconds, output)."""
    env = {"PUBLIC_BASE_URL": "http://127.0.0.1:5000", **os.environ, "DATABASE_URL": url}
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return time.monotonic() - began, done.stdout


def prepare(url: str, households: int, visits: int, activities: int) -> dict:
    """Migrate, seed the demo data and the scale data; answer the timings."""
    migrate, _ = flask(url, "db", "upgrade")
    seed, output = flask(
        url,
        "seed-scale",
        "--households",
        str(households),
        "--visits",
        str(visits),
        "--activities",
        str(activities),
    )
    totals = next((line for line in output.splitlines() if line.startswith("Totals:")), "")
    return {"migrate_s": migrate, "seed_s": seed, "totals": totals}
