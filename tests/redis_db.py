"""Redis for tests: the team's Redis is shared, so this suite keeps to its own database number,
puts its keys under a prefix of their own, and deletes them afterwards."""

import os
import uuid
from contextlib import contextmanager

import pytest

REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
# The page cache writes under its own prefix (CACHE_KEY_PREFIX), not REDIS_KEY_PREFIX.
OTHER_PATTERNS = ("stoepbezoek/page/*",)


@contextmanager
def redis_prefix(name: str):
    """Yield (connection, key prefix) for one test; skip when Redis is not running."""
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not running at {REDIS_TEST_URL}")
    prefix = f"test-{name}-{uuid.uuid4().hex[:8]}"
    try:
        yield connection, prefix
    finally:
        for pattern in (f"{prefix}*", *OTHER_PATTERNS):
            for key in connection.scan_iter(pattern):
                connection.delete(key)
        connection.close()
