"""``/salud``: the load balancer's health check.

Public (no login), exempt from rate limits (the balancer polls from one address) and logged
only when a check fails. It answers 200 when the database answers ``SELECT 1`` (within TIMEOUT_SECONDS on
PostgreSQL; connecting gives up after ``app.PG_CONNECT_TIMEOUT``) and, when
REDIS_URL is set, Redis answers PING; otherwise 503 naming the failed check. The reasons stay
in the log, never in the public answer (they may name hosts).
"""
import logging

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from app.auth.decorators import public
from app.extensions import db, limiter

bp = Blueprint("health", __name__)
limiter.exempt(bp)
logger = logging.getLogger(__name__)
OK, FAILED, NOT_CONFIGURED = "ok", "falla", "sin configurar"
TIMEOUT_SECONDS = 2
PING_SQL = "SELECT 1"


@bp.route("/salud")
@public
def status():
    checks = {"base_de_datos": _check(_ping_database), "redis": NOT_CONFIGURED}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _check(_ping_redis)
    healthy = FAILED not in checks.values()
    response = jsonify(estado=OK if healthy else FAILED, revisiones=checks)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _check(ping) -> str:
    try:
        ping()
    except Exception as exc:  # any failure of a dependency is an unhealthy answer, not a 500
        logger.warning("health check failed: %s", ping.__name__,
                       extra={"check": ping.__name__, "error": repr(exc)[:300]})
        return FAILED
    return OK


def _ping_database() -> None:
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":  # a stuck server answers in time too
            connection.execute(text(f"SET LOCAL statement_timeout = {TIMEOUT_SECONDS * 1000}"))
        connection.execute(text(PING_SQL))


def _ping_redis() -> None:
    client = current_app.extensions.get("health_redis")
    if client is None:
        client = redis.Redis.from_url(current_app.config["REDIS_URL"],
                                      socket_connect_timeout=TIMEOUT_SECONDS,
                                      socket_timeout=TIMEOUT_SECONDS)
        current_app.extensions["health_redis"] = client
    client.ping()
