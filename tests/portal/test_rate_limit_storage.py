"""Rate-limit counters in Redis are shared by every app instance (gunicorn worker).

Uses a dedicated Redis database (15) on 127.0.0.1:6379, flushed before and after.
Each ``create_app`` binds the one limiter to a new storage object, as a new worker process
would: with Redis the count carries over, with memory storage it starts again.
"""
import os

import pytest

from app import create_app
from config import TestConfig
from tests.factories import make_ticket

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def _worker(app, storage_uri):
    """A second app instance on the same database, like another gunicorn worker."""
    overrides = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                 "UPLOAD_DIR": app.config["UPLOAD_DIR"], "RATELIMIT_STORAGE_URI": storage_uri,
                 "PORTAL_LOOKUP_RATE_LIMIT": "4 per minute"}
    return create_app(type("WorkerConfig", (TestConfig,), overrides))


def _lookups(worker, ticket, times):
    client = worker.test_client()
    return [client.post("/consulta", data={"folio": ticket.folio, "code": "AAAAAAAA"}).status_code
            for _ in range(times)]


def test_two_workers_share_the_lookup_counter_in_redis(app, redis_db):
    ticket = make_ticket()
    first = _worker(app, REDIS_URL)
    assert _lookups(first, ticket, 3) == [200, 200, 200]
    assert redis_db.keys("*"), "the counters live in Redis"
    second = _worker(app, REDIS_URL)  # new storage object, same Redis
    assert _lookups(second, ticket, 2) == [200, 429]


def test_with_memory_storage_each_worker_counts_alone(app):
    ticket = make_ticket()
    assert _lookups(_worker(app, "memory://"), ticket, 3) == [200, 200, 200]
    assert _lookups(_worker(app, "memory://"), ticket, 2) == [200, 200]
