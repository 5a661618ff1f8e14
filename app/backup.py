"""`flask --app wsgi backup DEST`: a consistent copy of the database while the app keeps running.

SQLite: the online backup API copies a snapshot page by page through SQLite itself, so the copy is
consistent even while gunicorn workers write (WAL contents included). PostgreSQL: `pg_dump` in
custom format, which reads one snapshot in a single transaction.
"""

import os
import shutil
import sqlite3
import subprocess  # pg_dump only, with an argument list and no shell  # nosec B404
from pathlib import Path

import click
from sqlalchemy.engine import URL, make_url

from app.extensions import db
from app.private_files import create_private, private_folder


class BackupError(click.ClickException):
    pass


def backup(dest: Path) -> str:
    """Write a backup of the app's database to `dest`; return a line saying what was written.

    The copy holds every family's address: it is created owner-only (0600) before a byte is
    written, and a folder made for it is 0700. A folder that exists already is left as it is.
    """
    url = db.engine.url
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise BackupError(f"No backup method for {url.get_backend_name()} databases.")
    if not dest.parent.exists():
        private_folder(dest.parent)
    try:
        os.close(create_private(dest))
    except FileExistsError:
        raise BackupError(f"{dest} exists already; choose a new file name.") from None
    try:
        if url.get_backend_name() == "sqlite":
            return backup_sqlite(url.database, dest)
        return backup_postgres(url, dest)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def backup_sqlite(source: str | None, dest: Path) -> str:
    if not source or source == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    if not Path(source).is_file():
        raise BackupError(f"The database file {source} does not exist.")
    src = sqlite3.connect(source)
    out = sqlite3.connect(dest)
    try:
        src.execute("PRAGMA busy_timeout=10000")
        # pages=-1: one step, one read transaction, so the copy is one consistent snapshot.
        src.backup(out, pages=-1)
        out.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
    finally:
        out.close()
        src.close()
    return f"SQLite backup of {source} written to {dest} ({dest.stat().st_size} bytes)."


def libpq_url(url) -> tuple[str, dict]:
    """A libpq connection URL without the password, and an environment that carries it."""
    url = make_url(str(url)) if isinstance(url, str) else url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # never on the command line, where `ps` shows it
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return plain.render_as_string(hide_password=False), env


def backup_postgres(url, dest: Path) -> str:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError(
            "pg_dump was not found. Install the PostgreSQL client tools "
            "(apt-get install postgresql-client) matching the server's version."
        )
    conninfo, env = libpq_url(url)
    # fixed program and argument list, no shell; the URL comes from our own configuration
    result = subprocess.run(  # noqa: S603  # nosec B603
        [pg_dump, "--format=custom", "--no-owner", "--file", str(dest), conninfo],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return f"PostgreSQL dump (custom format) written to {dest} ({dest.stat().st_size} bytes)."


@click.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(dest: Path):
    """Write a consistent copy of the database to DEST (SQLite file or pg_dump custom format)."""
    click.echo(backup(dest))
