"""Report figures kept between requests for as long as the database has not changed.

The dashboard and coverage count over tens of thousands of visits. Their figures are kept in the
app's cache (per process, or shared through Redis: app/extensions.py) under a key that holds the
database's *data version*: a value that changes whenever any transaction commits, in any process,
so a kept figure is never older than the data. Any commit counts, not only visits or activities:
that costs a recount now and then, and needs no list of tables or write paths to stay true.

- SQLite: `PRAGMA data_version` on a read-only connection of this process that never writes;
  it changes when any other connection (this process's pool, another worker, a CLI command)
  commits. All writers share the one file on one machine, so nothing escapes it.
- PostgreSQL: the current snapshot (`pg_current_snapshot()`). A transaction that writes is in
  its list of running transactions until it commits and leaves it, so the text changes at every
  commit (of the whole server, hence of every process and host); read-only work leaves it alone.

Figures are only kept when the request has no uncommitted writes of its own (they would show in
the counts before anyone else may see them). Without a known data version nothing is kept.
"""

import hashlib
import os
import sqlite3
import threading
import urllib.parse
import uuid
from functools import wraps

from app.extensions import cache, db

KEEP_SECONDS = 600  # only bounds memory: a kept figure is exact for its data version
_lock = threading.Lock()
# One thread of a process counts a key while its other threads wait for the result, instead of
# all counting the same figures at once after a change.
_counting: dict[str, threading.Lock] = {}
_watchers: dict[tuple, tuple[str, sqlite3.Connection]] = {}


def _sqlite_version(path: str) -> str | None:
    """The data version seen by this process's own read-only connection to the file."""
    try:
        stat = os.stat(path)
        # A connection must not cross a fork, and must follow the file if it is replaced.
        key = (os.getpid(), path, stat.st_dev, stat.st_ino)
        with _lock:
            watcher = _watchers.get(key)
            if watcher is None:
                uri = f"file:{urllib.parse.quote(path)}?mode=ro"
                conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=10)
                watcher = _watchers[key] = (uuid.uuid4().hex, conn)
            token, conn = watcher
            (version,) = conn.execute("PRAGMA data_version").fetchone()
    except (OSError, sqlite3.Error):
        return None  # no file to watch: nothing is kept
    return f"{token}:{version}"


def data_version() -> str | None:
    """An opaque value that changes with every commit; None when it cannot be known or when this
    request's own transaction holds uncommitted writes."""
    session = db.session
    if session.new or session.dirty or session.deleted:
        return None
    engine = db.engine
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        if not path or path == ":memory:" or path.startswith("file:"):
            return None
        if session.connection().connection.dbapi_connection.in_transaction:
            return None  # this request wrote and has not committed
        return _sqlite_version(os.path.abspath(path))
    if engine.dialect.name == "postgresql":
        snapshot, clean = session.execute(
            db.text("SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned() IS NULL")
        ).one()
        return snapshot if clean else None
    return None


def kept(name: str, key, compute):
    """`compute()`, or what it returned before for the same name and key at this data version."""
    version = data_version()
    if version is None:
        return compute()
    digest = hashlib.sha256(repr((name, key, version)).encode()).hexdigest()[:32]
    cache_key = f"reports/{name}/{digest}"
    found = cache.get(cache_key)
    if found is not None:
        return found[0]
    with _lock:
        counting = _counting.setdefault(cache_key, threading.Lock())
    try:
        with counting:
            found = cache.get(cache_key)
            if found is not None:
                return found[0]
            value = compute()
            cache.set(cache_key, (value,), timeout=KEEP_SECONDS)
            return value
    finally:
        with _lock:
            _counting.pop(cache_key, None)


def kept_until_change(function):
    """Decorate a function of the database and its (repr-able) arguments: `kept` by both."""
    name = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def wrapper(*args, **kwargs):
        return kept(name, (args, sorted(kwargs.items())), lambda: function(*args, **kwargs))

    return wrapper
