"""Files with families' data are owner-only, whatever the umask; import previews expire and are
part of erasure.

The database (SQLite and its -wal/-shm), backups, import previews and the secret key get mode
0600, their folders 0700. Every test here runs with umask 000, the worst a process can inherit:
only modes the app sets itself count.
"""

import io
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from app import config as app_config
from app import create_app
from app.backup import backup
from app.extensions import db as _db
from app.households import previews
from app.models import AuditEvent, Household
from tests import factories
from tests.conftest import make_test_config
from tests.dbutil import postgres_base_url

ROOT = Path(__file__).resolve().parent.parent


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def import_folder(app, tmp_path, monkeypatch):
    folder = tmp_path / "imports"  # made by the app, so its mode is the app's doing
    monkeypatch.setitem(app.config, "HOUSEHOLD_IMPORT_FOLDER", str(folder))
    return folder


HEADER = "straat;huisnummer;bus;postcode;wijk\n"


def upload(client, body: str):
    data = (HEADER + body).encode()
    response = client.post(
        "/huishoudens/import",
        data={"file": (io.BytesIO(data), "lijst.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


# --- the SQLite database ----------------------------------------------------------------------


def test_a_new_sqlite_database_and_its_wal_and_shm_are_owner_only(tmp_path):
    path = tmp_path / "new.sqlite"
    with umask(0):
        app = create_app(make_test_config(f"sqlite:///{path}"))
        with app.app_context():
            with _db.engine.begin() as conn:
                conn.execute(text("CREATE TABLE t (x TEXT)"))
                conn.execute(text("INSERT INTO t VALUES ('Sleepstraat 4')"))
            with _db.engine.connect() as conn:  # keeps the -wal and -shm in place
                conn.execute(text("SELECT x FROM t")).all()
                files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
                assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
            _db.engine.dispose()


def test_an_existing_world_readable_database_is_narrowed_at_start(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (x TEXT)")
        for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if companion.exists():
                os.chmod(companion, 0o644)
        app = create_app(make_test_config(f"sqlite:///{path}"))
    existing = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    assert {p.name: mode(p) for p in existing} == {p.name: 0o600 for p in existing}
    with app.app_context():
        _db.engine.dispose()


def test_the_generated_secret_key_and_the_instance_folder_are_owner_only(tmp_path):
    instance = tmp_path / "instance"
    config = {"PUBLIC_BASE_URL": "https://stoep.example"}
    with umask(0):
        app_config.finish(config, str(instance))
    assert mode(instance / "secret_key") == 0o600
    assert mode(instance) == 0o700
    assert config["SQLALCHEMY_DATABASE_URI"].endswith("instance/stoepbezoek.sqlite")
    os.chmod(instance / "secret_key", 0o644)  # left so by hand: narrowed when read
    assert app_config._instance_secret(instance) == config["SECRET_KEY"]
    assert mode(instance / "secret_key") == 0o600


# --- backups ----------------------------------------------------------------------------------


def test_a_backup_is_owner_only_in_a_folder_made_owner_only(app, db, tmp_path):
    factories.household(street="Wondelgemstraat", number="14")
    db.session.commit()
    dest = tmp_path / "backups" / "2026-12-05.backup"
    with umask(0):
        backup(dest)
    assert mode(dest) == 0o600
    assert mode(dest.parent) == 0o700
    assert dest.stat().st_size > 0
    with pytest.raises(Exception, match="exists already"):
        backup(dest)
    assert mode(dest) == 0o600 and dest.stat().st_size > 0  # the refusal left it alone


def test_a_failed_backup_leaves_no_file(app, tmp_path, monkeypatch):
    from app import backup as module

    def broken(*args):
        raise module.BackupError("the copy failed")

    monkeypatch.setattr(module, "backup_sqlite", broken)
    monkeypatch.setattr(module, "backup_postgres", broken)
    with pytest.raises(module.BackupError):
        backup(tmp_path / "x.backup")
    assert not (tmp_path / "x.backup").exists()


# --- import previews --------------------------------------------------------------------------


def test_an_import_preview_is_owner_only_in_an_owner_only_folder(client, login_as, import_folder):
    login_as("coordinator")
    with umask(0):
        upload(client, "Sleepstraat;901;;9000;2\n")
    (stored,) = import_folder.glob("*.json")
    assert mode(stored) == 0o600
    assert mode(import_folder) == 0o700
    assert "Sleepstraat" in stored.read_text()


def age(path: Path, hours: float) -> None:
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))


def test_a_preview_older_than_a_day_is_not_opened_and_the_user_is_told(
    client, login_as, import_folder
):
    login_as("coordinator")
    url = upload(client, "Sleepstraat;902;;9000;2\n")
    (stored,) = import_folder.glob("*.json")
    age(stored, 23)
    assert client.get(url).status_code == 200
    age(stored, 25)
    response = client.get(url, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.request.path == "/huishoudens/import"
    assert "wachtte langer dan een dag op bevestiging" in page
    assert not stored.exists()
    # Confirming an expired preview imports nothing, and says so the same way.
    response = client.post(url, follow_redirects=True)
    assert "Laad het bestand opnieuw op" in response.get_data(as_text=True)
    assert _db.session.scalar(_db.select(_db.func.count(Household.id))) == 0


def test_purge_removes_previews_older_than_a_day_and_prints_the_count(
    client, login_as, import_folder, runner, db
):
    login_as("coordinator")
    upload(client, "Sleepstraat;903;;9000;2\n")
    upload(client, "Sleepstraat;904;;9000;2\n")
    old, fresh = sorted(import_folder.glob("*.json"), key=lambda p: "903" not in p.read_text())
    age(old, 30)
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert "Import previews older than a day removed: 1" in dry.output
    assert old.exists()
    done = runner.invoke(args=["purge"])
    assert "Import previews older than a day removed: 1" in done.output
    assert not old.exists() and fresh.exists()
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "purge"))
    assert event.detail["import_previews_removed"] == 1
    assert "Import previews older than a day removed: 0" in runner.invoke(args=["purge"]).output


def test_erasing_a_household_takes_its_address_out_of_waiting_previews(
    client, login_as, import_folder, db
):
    household = factories.household(street="Wondelgemstraat", number="14", wijk_number=7)
    db.session.commit()
    login_as("coordinator")
    url = upload(
        client,
        "Wondelgemstraat;14;;9000;7\n"  # the same door, as a new upload would have it
        "Wondelgemstr.;14;;9000;7\n"  # and written a little differently
        "Sleepstraat;905;;9000;2\n",
    )
    (stored,) = import_folder.glob("*.json")
    uploaded_at = stored.stat().st_mtime
    assert "Wondelgemstr" in stored.read_text()
    erased = client.post(f"/privacy/huishoudens/{household.id}/wissen", data={"confirm": "y"})
    assert erased.status_code == 302
    assert "Wondelgemstr" not in stored.read_text()
    assert mode(stored) == 0o600 and stored.stat().st_mtime == uploaded_at  # same expiry
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "household_erased"))
    assert event.detail["import_preview_rows"] == 2
    page = client.get(url).get_data(as_text=True)
    assert "2 regels zijn uit deze import gehaald" in page
    assert "Sleepstraat 905" in page and "Wondelgemstr" not in page
    # Confirming imports what is left, not the erased family.
    assert client.post(url).status_code == 302
    streets = db.session.scalars(db.select(Household.street)).all()
    assert streets == ["Sleepstraat"]


def test_a_preview_of_only_the_erased_family_is_removed(client, login_as, import_folder, db):
    household = factories.household(street="Wondelgemstraat", number="16", wijk_number=7)
    db.session.commit()
    login_as("coordinator")
    url = upload(client, "Wondelgemstraat;16;;9000;7\n")
    client.post(f"/privacy/huishoudens/{household.id}/wissen", data={"confirm": "y"})
    assert list(import_folder.glob("*.json")) == []
    assert "Laad het bestand opnieuw op" in client.get(url, follow_redirects=True).get_data(
        as_text=True
    )


# --- the same under gunicorn, with several workers -------------------------------------------


def _multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def _cli(env: dict, *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT, env=env, input=stdin, text=True, check=True, capture_output=True,
    )  # fmt: skip


def test_files_written_by_gunicorn_workers_are_owner_only(tmp_path):
    from benchmarks.load import gunicorn, sign_in

    database = tmp_path / "live.sqlite"
    folder = tmp_path / "imports"
    # The served app keeps its previews in tmp_path: a two-line WSGI module next to it.
    (tmp_path / "private_files_app.py").write_text(
        "from app import create_app\n"
        f"app = create_app({{'HOUSEHOLD_IMPORT_FOLDER': {str(folder)!r}}})\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "files-test-secret",
        "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
        "REDIS_URL": "",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESSLOG": str(tmp_path / "access.log"),
    }
    with umask(0):
        _cli(env, "db", "upgrade")
        _cli(env, "load-wijken")
        _cli(env, "user", "create", "coordinator@files.gent", "--role", "coordinator",
             "--organisation", "Huis van het Kind", "--password-stdin",
             stdin="een lang wachtwoord 42\n")  # fmt: skip
        with gunicorn("private_files_app:app", env, tmp_path / "gunicorn.log") as base:
            cookie, token = sign_in(base, "coordinator@files.gent", "een lang wachtwoord 42")
            body, boundary = _multipart(
                {"csrf_token": token}, "lijst.csv", (HEADER + "Sleepstraat;906;;9000;2\n").encode()
            )
            request = urllib.request.Request(  # noqa: S310 (loopback)
                base + "/huishoudens/import",
                data=body,
                headers={
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "Cookie": cookie,
                },
            )
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                assert "/huishoudens/import/" in response.url
                assert "Sleepstraat" in response.read().decode()
            files = {
                "database": database,
                "wal": Path(f"{database}-wal"),
                "shm": Path(f"{database}-shm"),
                "preview": next(folder.glob("*.json")),
            }
            assert {name: mode(p) for name, p in files.items()} == dict.fromkeys(files, 0o600)
            assert mode(folder) == 0o700
        _cli(env, "backup", str(tmp_path / "copy.sqlite"))
    assert mode(tmp_path / "copy.sqlite") == 0o600


@pytest.mark.skipif(not postgres_base_url(), reason="needs PostgreSQL: set TEST_DATABASE_URL")
def test_a_pg_dump_backup_is_owner_only(app, tmp_path):
    dest = tmp_path / "dump.pgcustom"
    with umask(0):
        backup(dest)
    assert mode(dest) == 0o600 and dest.read_bytes()[:5] == b"PGDMP"


def test_previews_of_other_users_are_not_theirs_to_open(app, import_folder):
    token = previews.store([(2, {"street": "Sleepstraat"})], user_id=1, filename="x.csv")
    assert previews.load(token, user_id=2) is None
    assert previews.load(token, user_id=1)["rows"] == [(2, {"street": "Sleepstraat"})]
    assert previews.load("../../secret_key", user_id=1) is None
    json.loads((import_folder / f"{token}.json").read_text())  # still there, still whole
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,40}", token)
