"""/salud: 200 when the database (and Redis, when configured) answer; 503 naming the failure."""
import json

import pytest
import redis

from app import create_app
from app.extensions import limiter
from config import TestConfig

LOCAL_REDIS = "redis://127.0.0.1:6379/15"
NOWHERE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _redis_available() -> bool:
    try:
        return redis.Redis.from_url(LOCAL_REDIS, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


def test_healthy_without_redis_configured(client):
    response = client.get("/salud")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.json == {"estado": "ok",
                             "revisiones": {"base_de_datos": "ok", "redis": "sin configurar"}}


def test_database_down_gives_503_naming_the_database(tmp_path, caplog):
    # A database file in a folder that does not exist: every connection attempt fails.
    config = type("DatabaseDown", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'no-existe' / 'x.db'}",
        "UPLOAD_DIR": str(tmp_path / "uploads")})
    app = create_app(config)
    response = app.test_client().get("/salud")
    assert response.status_code == 503
    assert response.json == {"estado": "falla",
                             "revisiones": {"base_de_datos": "falla", "redis": "sin configurar"}}
    assert "unable to open database file" not in response.get_data(as_text=True)
    assert any(r.getMessage() == "health check failed: _ping_database" for r in caplog.records)


@pytest.mark.config(REDIS_URL=NOWHERE_REDIS)
def test_redis_down_gives_503_naming_redis(client):
    response = client.get("/salud")
    assert response.status_code == 503
    assert response.json["revisiones"] == {"base_de_datos": "ok", "redis": "falla"}


@pytest.mark.skipif(not _redis_available(), reason="no local Redis on 127.0.0.1:6379")
@pytest.mark.config(REDIS_URL=LOCAL_REDIS)
def test_healthy_with_redis_configured(client):
    response = client.get("/salud")
    assert response.status_code == 200
    assert response.json["revisiones"] == {"base_de_datos": "ok", "redis": "ok"}


@pytest.fixture
def forget_default_limits():
    """The limiter is one object for the whole process and keeps the first default limits it
    is given: drop them after the test that sets some."""
    yield
    limiter.limit_manager.set_default_limits([])


@pytest.mark.config(RATELIMIT_DEFAULT="2 per minute")
def test_the_health_check_is_exempt_from_rate_limits(forget_default_limits, client):
    assert client.get("/cuenta/entrar").status_code == 200
    assert client.get("/cuenta/entrar").status_code == 200
    assert client.get("/cuenta/entrar").status_code == 429  # the default limit is in force
    assert all(client.get("/salud").status_code == 200 for _ in range(5))


def test_a_healthy_check_writes_no_log_line_but_a_failing_one_does(client, app, capsys):
    capsys.readouterr()
    client.get("/salud")
    assert capsys.readouterr().err == ""
    app.config["REDIS_URL"] = NOWHERE_REDIS
    client.get("/salud")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(r["logger"], r["level"]) for r in lines] == [
        ("app.health", "WARNING"), ("app.requests", "INFO")]
    assert lines[1]["status"] == 503


def test_a_database_that_does_not_answer_in_time_gives_503(client, app, monkeypatch):
    import time

    from app import health
    from app.extensions import db

    if db.engine.dialect.name != "postgresql":
        pytest.skip("the statement timeout is PostgreSQL's")
    monkeypatch.setattr(health, "PING_SQL", "SELECT pg_sleep(10)")  # a stuck server
    started = time.monotonic()
    response = client.get("/salud")
    assert response.status_code == 503 and response.json["revisiones"]["base_de_datos"] == "falla"
    assert time.monotonic() - started < health.TIMEOUT_SECONDS + 3
