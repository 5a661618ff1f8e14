"""gunicorn settings; override them on the command line or with GUNICORN_CMD_ARGS.

Several worker processes only with REDIS_URL. Rate limits and the sign-in lockout are counted in
Flask-Limiter's storage; without REDIS_URL that is each process's own memory, and four workers
would each allow five wrong passwords (Flask-Limiter's documentation: memory:// is for a single
process). So without REDIS_URL gunicorn serves one process with GUNICORN_THREADS threads (default
8) and says so when it starts; with it, WEB_CONCURRENCY workers (default 2 per core, at most 8)
of GUNICORN_THREADS threads (default 2), sharing a small connection pool each (app/config.py).
SQLite works with either: WAL lets readers in while one writes.
"""

import faulthandler
import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from app.config import rate_limit_storage, read_settings, shares_rate_limits  # noqa: E402

_settings = read_settings(os.path.join(os.path.dirname(os.path.abspath(__file__)), "instance"))
SHARED_LIMITS = shares_rate_limits(_settings)
_STORAGE = rate_limit_storage(_settings).split("://", 1)[0]

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
if SHARED_LIMITS:
    workers = int(os.environ.get("WEB_CONCURRENCY", min(8, multiprocessing.cpu_count() * 2)))
    threads = int(os.environ.get("GUNICORN_THREADS", 2))
else:
    workers = 1
    threads = int(os.environ.get("GUNICORN_THREADS", 8))
# Load the app once in the master: workers fork with the code already imported (less memory,
# faster restarts after max_requests). Connections must not cross the fork: see post_fork.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
timeout = 60
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# gunicorn's default line, plus the worker's process id: which worker answered what.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" pid=%(p)s'
# A worker is replaced after this many requests, a guard against slow memory growth. Not too
# often: a new worker starts cold (imports, templates, connections), and a flyer run's pages
# (hundreds a second) would otherwise restart every worker every few seconds.
max_requests = 50_000
max_requests_jitter = 5_000


def on_starting(server):
    """Hold to one process without shared storage, however many workers were asked for."""
    if SHARED_LIMITS:
        server.log.info(
            "Stoepbezoek: %s workers × %s threads; rate limits and the sign-in lockout are "
            "shared through %s (REDIS_URL)",
            server.num_workers,
            server.cfg.threads,
            _STORAGE,
        )
        return
    asked = server.num_workers
    server.num_workers = 1
    server.log.warning(
        "Stoepbezoek: 1 process × %s threads, because REDIS_URL is not set: rate limits and "
        "the sign-in lockout are kept in this process's memory, which other processes would "
        "not see.%s Set REDIS_URL to run several workers.",
        server.cfg.threads,
        f" ({asked} workers asked for, 1 started.)" if asked > 1 else "",
    )


def nworkers_changed(server, new_value, old_value):
    """A TTIN signal must not add a second process that counts on its own either."""
    if not SHARED_LIMITS and new_value > 1:
        server.log.warning("Stoepbezoek: staying at 1 process without REDIS_URL")
        server.num_workers = 1


def post_fork(server, worker):
    """Give each worker its own database connections.

    With preload_app the master created the engine; a pooled connection inherited through fork
    would be shared by two processes and corrupt both. close=False leaves the parent's
    connections to the parent and only makes this process start a pool of its own.
    """
    # A worker that dies in C code (SIGSEGV) prints where Python was into the log, instead of
    # vanishing with only "was sent SIGSEGV" from the master.
    faulthandler.enable()
    if not preload_app:
        return
    app = worker.app.wsgi()
    if "sqlalchemy" not in getattr(app, "extensions", {}):
        return  # another WSGI app served with this file (benchmarks/hello.py)
    from app.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)
        warm_up_orm(db)


def warm_up_orm(db):
    """Finish SQLAlchemy's lazy set-up of every mapped class while the worker has one thread.

    Under load, two threads of a fresh worker that loaded rows of the same class for the first
    time at the same moment crashed the worker (SIGSEGV in the ORM's `new_instance`, PostgreSQL,
    3 workers × 2 threads; faulthandler's trace in the log). Configuring the mappers and making
    one instance of each class before any request does that set-up once, here.
    """
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    for mapper in db.Model.registry.mappers:
        mapper.class_manager.new_instance()
