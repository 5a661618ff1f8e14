"""Database engine settings: SQLite runs in WAL mode with foreign keys and a busy timeout."""

import os
import threading
from contextlib import contextmanager, nullcontext
from typing import cast

from sqlalchemy import event
from sqlalchemy.engine import CursorResult, Engine

from app.private_files import protect_sqlite

try:
    import fcntl
except ImportError:  # not on Linux: writers rely on SQLite's busy timeout alone
    fcntl = None


# Record ids are INTEGER columns: PostgreSQL refuses a larger number in a query outright (a 500),
# where SQLite just finds nothing. Ids from outside (URLs, JSON) are checked against this first.
MAX_ID = 2**31 - 1


def is_record_id(value) -> bool:
    """An int that could be a record's id (not a bool, 1 ≤ value ≤ MAX_ID)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def rows_changed(session, statement) -> int:
    """Run an UPDATE or DELETE and answer how many rows it changed. (Session.execute is typed
    as returning a Result; only its CursorResult, which DML gets, has a rowcount.)"""
    return cast(CursorResult, session.execute(statement)).rowcount


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    # The file holds the families' addresses: owner-only before SQLite first opens it.
    protect_sqlite(engine.url.database)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        # WAL lets the gunicorn workers read while one writes; the timeout makes a writer wait
        # for the lock instead of failing at once.
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


class WriterTurns:
    """SQLite: writers on a busy path take turns through a lock file instead of SQLite's busy wait.

    A writer that finds SQLite's write lock taken sleeps and retries (1, 2, 5, … up to 100 ms),
    so under a burst of visit batches from many phones a batch can wait far longer than the
    writes ahead of it take, and newcomers overtake it. Taking an exclusive lock on a file next
    to the database first (`flock`, released by the kernel if the process dies; a thread lock
    within the process) lets the waiting writers start the moment the previous one is done.
    Only visit batches use it: their writes are long enough for SQLite's sleeping retries to
    hurt. A short write (a page's audit event) does better without it (measured: the route page
    under 8 connections lost about a third of its throughput with it). A thread that has its
    turn may ask again (nested) without waiting for itself. PostgreSQL waits on row locks and
    needs none of this.
    """

    def __init__(self, database_path: str):
        self.path = database_path + "-writers"
        self.thread_lock = threading.Lock()
        self.held = threading.local()
        self.fd: int | None = None
        self.pid: int | None = None

    def _file(self) -> int:
        if self.fd is None or self.pid != os.getpid():  # a forked worker opens its own
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self.pid = os.getpid()
        return self.fd

    @contextmanager
    def turn(self):
        if getattr(self.held, "depth", 0):  # this thread has its turn already: keep it
            self.held.depth += 1
            try:
                yield
            finally:
                self.held.depth -= 1
            return
        with self.thread_lock:
            fd = self._file()
            fcntl.flock(fd, fcntl.LOCK_EX)
            self.held.depth = 1
            try:
                yield
            finally:
                self.held.depth = 0
                fcntl.flock(fd, fcntl.LOCK_UN)


def writer_turn(engine: Engine):
    """A context manager to hold while writing on a busy path (a no-op but on a SQLite file)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:") or fcntl is None:
        return nullcontext()
    turns = _TURNS.get(database)
    if turns is None:
        turns = _TURNS.setdefault(database, WriterTurns(os.path.abspath(database)))
    return turns.turn()


_TURNS: dict[str, WriterTurns] = {}
