"""Fresh, throw-away databases for tests: a SQLite file, or a new PostgreSQL database."""

import os
import uuid
from contextlib import contextmanager

import psycopg
from sqlalchemy.engine import make_url


def postgres_base_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


@contextmanager
def fresh_database(tmp_dir) -> str:
    """Yield the URL of an empty database, removed afterwards.

    On PostgreSQL every test session (and every helper that asks) gets a database of its own, so
    that several runs on one server never see each other's rows.
    """
    base = postgres_base_url()
    if not base:
        yield f"sqlite:///{tmp_dir}/test-{uuid.uuid4().hex[:8]}.sqlite"
        return
    url = make_url(base)
    name = f"{url.database}_{uuid.uuid4().hex[:10]}"
    admin_dsn = url.set(drivername="postgresql", database=url.database).render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(drivername="postgresql+psycopg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
