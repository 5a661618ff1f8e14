"""Account lockout after repeated failed sign-ins, counted in the rate-limit storage.

The counters live in Flask-Limiter's storage (Redis when REDIS_URL is set), not on the User row:
they are keyed by a keyed hash of the e-mail that was typed, so an unknown e-mail is counted and
locked exactly like a real one and the answer never tells whether an account exists. They expire
on their own, cost no database write per attempt, and are shared by every worker process.
"""

import time

from flask import current_app

from app.extensions import limiter
from app.security.limits import email_digest

PREFIX = "stoepbezoek/sign-in"


def _enabled() -> bool:
    # Lockout follows the limiter: RATELIMIT_ENABLED=False (as in most tests) turns both off.
    return bool(limiter.enabled and limiter.initialized)


def _keys(email: str) -> tuple[str, str]:
    digest = email_digest(email)
    return f"{PREFIX}/failures/{digest}", f"{PREFIX}/locked/{digest}"


def is_locked(email: str) -> bool:
    if not _enabled():
        return False
    return limiter.storage.get(_keys(email)[1]) > 0


def seconds_locked(email: str) -> int:
    """Seconds until the lock lifts (0 when not locked)."""
    if not is_locked(email):
        return 0
    return max(1, int(limiter.storage.get_expiry(_keys(email)[1]) - time.time()))


def record_failure(email: str) -> bool:
    """Count a failed sign-in; returns True when this failure locks the account."""
    if not _enabled():
        return False
    config = current_app.config
    failures_key, lock_key = _keys(email)
    # The window starts at the first failure and expires on its own (a fixed window).
    failures = limiter.storage.incr(failures_key, config["SIGN_IN_FAILURE_WINDOW"])
    if failures < config["SIGN_IN_MAX_FAILURES"]:
        return False
    limiter.storage.clear(failures_key)
    limiter.storage.incr(lock_key, config["SIGN_IN_LOCK_SECONDS"])
    return True


def record_success(email: str) -> None:
    if _enabled():
        limiter.storage.clear(_keys(email)[0])
