"""Scans are counted in the process first and written to the day's counters a moment later.

A flyer run can send a whole street to the same QR code in an evening. Writing the counter on
every scan makes every scan wait for the database's write lock (SQLite has one writer at a time),
so a scan only adds one to a number in memory; within SCAN_FLUSH_SECONDS a timer adds the sums to
the day's counters (app.flyers.services.count_scan: one upsert per link and day). When the
process stops normally (gunicorn's worker_exit, or the interpreter's exit) what is left is written
too. What a crash of the process loses is at most those few seconds of scans: counters, never
visits. A flush that fails keeps its numbers for the next one.

SCAN_FLUSH_SECONDS = 0 writes each scan at once (the tests' setting, and a choice for a deployment
that prefers that).
"""

import atexit
import datetime as dt
import logging
import threading
from collections import Counter

from flask import Flask

log = logging.getLogger(__name__)


class ScanTally:
    def __init__(self, app: Flask):
        self.app = app
        self.interval = app.config["SCAN_FLUSH_SECONDS"]
        self.pending: Counter[tuple[int, dt.date]] = Counter()
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None

    def add(self, link_id: int, day: dt.date) -> None:
        if self.interval <= 0:
            from app.flyers.services import count_scan

            count_scan(link_id, day)
            return
        with self.lock:
            self.pending[(link_id, day)] += 1
            if self.timer is None:
                self.timer = threading.Timer(self.interval, self.flush)
                self.timer.daemon = True
                self.timer.start()

    def flush(self) -> None:
        """Write what has been counted since the last flush; keep it when writing fails."""
        from app.extensions import db
        from app.flyers.services import count_scan

        with self.lock:
            batch, self.pending = self.pending, Counter()
            self.timer = None
        if not batch:
            return
        with self.app.app_context():
            written = []
            try:
                for (link_id, day), scans in batch.items():
                    count_scan(link_id, day, scans)
                    written.append((link_id, day))
            except Exception:  # the database is away: keep the numbers for the next flush
                log.exception("writing %d scan counters failed; kept for the next try", len(batch))
                db.session.rollback()
                for key in written:
                    del batch[key]
                with self.lock:
                    self.pending.update(batch)
                    if self.timer is None:
                        self.timer = threading.Timer(self.interval, self.flush)
                        self.timer.daemon = True
                        self.timer.start()
            finally:
                db.session.remove()


def init_app(app: Flask) -> None:
    tally = ScanTally(app)
    app.extensions["scan_tally"] = tally
    atexit.register(tally.flush)


def flush_all(app: Flask) -> None:
    """For gunicorn's worker_exit: write what this worker still holds."""
    tally = app.extensions.get("scan_tally")
    if tally is not None:
        tally.flush()
