"""gunicorn settings; override them on the command line or with GUNICORN_CMD_ARGS."""

import multiprocessing
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
# SQLite: one writer at a time, so a few workers with threads; PostgreSQL: scale workers with cores.
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = 60
graceful_timeout = 20
keepalive = 5
accesslog = "-"
max_requests = 2000
max_requests_jitter = 200
