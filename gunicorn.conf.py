"""gunicorn settings; override them on the command line or with GUNICORN_CMD_ARGS.

PostgreSQL: WEB_CONCURRENCY workers (default 2 per core, at most 8), each with GUNICORN_THREADS
threads sharing a small connection pool (app/config.py). SQLite works with the same settings: WAL
lets the workers read while one writes. REDIS_URL shares rate limits across the workers.
"""

import multiprocessing
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(8, multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# Load the app once in the master: workers fork with the code already imported (less memory,
# faster restarts after max_requests). Connections must not cross the fork: see post_fork.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
timeout = 60
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# A worker is replaced after this many requests, a guard against slow memory growth. Not too
# often: a new worker starts cold (imports, templates, connections), and a flyer run's pages
# (hundreds a second) would otherwise restart every worker every few seconds.
max_requests = 50_000
max_requests_jitter = 5_000


def post_fork(server, worker):
    """Give each worker its own database connections.

    With preload_app the master created the engine; a pooled connection inherited through fork
    would be shared by two processes and corrupt both. close=False leaves the parent's
    connections to the parent and only makes this process start a pool of its own.
    """
    if not preload_app:
        return
    app = worker.app.wsgi()
    if "sqlalchemy" not in getattr(app, "extensions", {}):
        return  # another WSGI app served with this file (benchmarks/hello.py)
    from app.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)

