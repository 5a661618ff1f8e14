"""`flask backup`: a consistent copy taken while the app keeps writing, and its restore."""

import shutil
import sqlite3
import subprocess
import threading
from contextlib import contextmanager

import psycopg
import pytest
from flask_migrate import upgrade
from psycopg import sql
from sqlalchemy.engine import make_url

from app import create_app
from app.backup import libpq_url
from app.extensions import db as _db
from app.models import AuditEvent, User
from tests import factories
from tests.conftest import make_test_config
from tests.dbutil import fresh_database, postgres_base_url


@contextmanager
def app_on(url):
    app = create_app(make_test_config(url))
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


@contextmanager
def writing(insert_one):
    """Keep inserting audit events in another thread until the block ends."""
    stop = threading.Event()
    started = threading.Event()
    errors = []

    def run():
        try:
            while not stop.is_set():
                insert_one()
                started.set()
        except Exception as error:  # noqa: BLE001  (reported by the test below)
            errors.append(error)
            started.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield
    finally:
        stop.set()
        thread.join(10)
    assert errors == []


def seed(app) -> None:
    org = factories.organisation(name="Backup-organisatie")
    for i in range(5):
        factories.user("worker", email=f"b{i}@example.gent", organisation=org)
    _db.session.commit()


def test_sqlite_backup_under_load_restores_to_the_same_data(tmp_path):
    source = tmp_path / "live.sqlite"
    dest = tmp_path / "backups" / "copy.sqlite"
    with app_on(f"sqlite:///{source}") as app:
        upgrade()
        seed(app)
        writer = sqlite3.connect(source, check_same_thread=False, timeout=10)

        def insert_one():
            writer.execute(
                "INSERT INTO audit_event (at, action, detail) VALUES "
                "(CURRENT_TIMESTAMP, 'load', '{}')"
            )
            writer.commit()

        with writing(insert_one):
            result = app.test_cli_runner().invoke(args=["backup", str(dest)])
        assert result.exit_code == 0, result.output
        assert str(dest) in result.output
        live_ids = [r[0] for r in writer.execute("SELECT id FROM audit_event ORDER BY id")]
        writer.close()
        again = app.test_cli_runner().invoke(args=["backup", str(dest)])
        assert again.exit_code != 0 and "exists already" in again.output

    copy = sqlite3.connect(dest)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copied = [r[0] for r in copy.execute("SELECT id FROM audit_event ORDER BY id")]
    copy.close()
    # A snapshot: every event up to some moment, none missing in between, none after.
    assert copied and copied == [i for i in live_ids if i <= copied[-1]]

    restored = tmp_path / "restored.sqlite"
    shutil.copy(dest, restored)  # the restore: copy the file into place and start the app
    with app_on(f"sqlite:///{restored}"):
        assert _db.session.scalar(_db.select(_db.func.count()).select_from(User)) == 5
        assert _db.session.scalar(_db.select(_db.func.count()).select_from(AuditEvent)) == len(
            copied
        )


def count_rows(conninfo: str) -> dict[str, int]:
    with psycopg.connect(conninfo) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        count = sql.SQL("SELECT count(*) FROM {}")
        return {t: conn.execute(count.format(sql.Identifier(t))).fetchone()[0] for t in tables}


@pytest.mark.skipif(not postgres_base_url(), reason="TEST_DATABASE_URL is not set")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
def test_postgres_dump_under_load_restores_with_identical_rows(tmp_path):
    dest = tmp_path / "dump.pgcustom"
    with fresh_database(tmp_path) as source_url, app_on(source_url) as app:
        upgrade()
        from app.wijken.services import load_wijken

        load_wijken()
        seed(app)
        source, _ = libpq_url(make_url(source_url))
        writer = psycopg.connect(source, autocommit=True)

        def insert_one():
            writer.execute(
                "INSERT INTO audit_event (at, action, detail) VALUES (now(), 'load', '{}')"
            )

        with writing(insert_one):
            result = app.test_cli_runner().invoke(args=["backup", str(dest)])
        assert result.exit_code == 0, result.output
        assert "custom format" in result.output
        live_ids = [r[0] for r in writer.execute("SELECT id FROM audit_event ORDER BY id")]
        writer.close()
        live = count_rows(source)

        with fresh_database(tmp_path) as target_url:
            target, env = libpq_url(make_url(target_url))
            subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", target, str(dest)],
                check=True,
                env=env,
            )
            restored = count_rows(target)
            with psycopg.connect(target) as conn:
                copied = [r[0] for r in conn.execute("SELECT id FROM audit_event ORDER BY id")]

    assert copied and copied == [i for i in live_ids if i <= copied[-1]]
    restored_without_load = {k: v for k, v in restored.items() if k != "audit_event"}
    assert restored_without_load == {k: v for k, v in live.items() if k != "audit_event"}
    assert restored["user_account"] == 5 and restored["wijk"] == 25


def test_backup_without_pg_dump_says_what_to_install(tmp_path, monkeypatch):
    from app import backup

    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(backup.BackupError, match="pg_dump was not found"):
        backup.backup_postgres(make_url("postgresql+psycopg://u:secret@h/db"), tmp_path / "x")


def test_the_password_goes_to_the_environment_not_the_command_line():
    conninfo, env = libpq_url(make_url("postgresql+psycopg://stoep:s3cret@db.internal:5433/prod"))
    assert conninfo == "postgresql://stoep@db.internal:5433/prod"
    assert env["PGPASSWORD"] == "s3cret"
