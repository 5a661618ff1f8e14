"""Fresh databases for a benchmark run: a SQLite file, or a new PostgreSQL database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "test-artifacts" / "bench"


def fresh_sqlite(tag: str) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    for old in WORK.glob(f"{tag}.sqlite*"):
        old.unlink()
    return f"sqlite:///{WORK / tag}.sqlite"


def fresh_postgres(base_url: str, tag: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    name = f"bench_{tag}_{uuid.uuid4().hex[:6]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )


def drop_postgres(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')


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
