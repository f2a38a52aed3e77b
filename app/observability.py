"""Logs: one JSON line per request and every traceback, on stderr.

journald and log collectors read one JSON object per line. Every line written during a request
carries its request id, which the response echoes in ``X-Request-ID`` and the 500 page shows,
so a person reporting an error can quote it. A sane incoming ``X-Request-ID`` (from nginx or
the load balancer) is kept, so one id follows the request through every log.

The request line holds the path without the query string (searches carry names and phones)
and no IP address (the counter promises not to keep them).

``report_error`` puts an error mail in the outbox when ERROR_MAIL_TO is set: one per exception
type per ERROR_MAIL_WINDOW_MINUTES (fixed windows; the outbox's unique dedupe key decides, even
across workers), so a failing page hit a thousand times sends one mail, not a thousand.
"""
import logging
import re
import sys
import time
import traceback
import uuid
from datetime import datetime

from flask import Flask, current_app, g, has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

from app.extensions import db
from app.notifications.outbox import enqueue
from app.timeutil import utcnow

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# Polled every few seconds by the load balancer: logged only when something is wrong.
QUIET_ENDPOINTS = {"health.status"}
PATH_MAX = 500
TRACEBACK_MAX = 20_000

request_log = logging.getLogger("app.requests")
logger = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Send the app's logs to stderr as JSON and log each request; call it before the
    extensions so the request id exists before any of their checks can refuse a request."""
    _install_handler(app.logger, app.config["LOG_LEVEL"])
    app.before_request(_start_request)
    app.after_request(_log_request)


def get_request_id() -> str | None:
    """The current request's id (None outside a request)."""
    return g.get("request_id") if has_request_context() else None


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (gunicorn and test runners replace it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


class _RequestContext(logging.Filter):
    """Stamps every record written during a request with its request id and user id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            if not hasattr(record, "request_id"):
                record.request_id = g.get("request_id")
            if not hasattr(record, "user_id"):
                record.user_id = _user_id()
        return True


def _install_handler(logger: logging.Logger, level: str) -> None:
    """One JSON handler on the ``app`` logger (Flask's app.logger, parent of every module's
    ``getLogger(__name__)``), however many apps the process creates."""
    logger.setLevel(level)
    logger.removeHandler(default_handler)
    if any(isinstance(h, _StderrHandler) for h in logger.handlers):
        return
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter(
        "{levelname}{name}{message}", style="{", timestamp="time",
        rename_fields={"levelname": "level", "name": "logger", "exc_info": "traceback"}))
    handler.addFilter(_RequestContext())
    logger.addHandler(handler)


def _start_request() -> None:
    g.request_started = time.perf_counter()
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def _log_request(response):
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    quiet = request.endpoint in QUIET_ENDPOINTS and response.status_code < 400
    path = request.path[:PATH_MAX]
    request_log.log(
        logging.DEBUG if quiet else logging.INFO,
        "%s %s %s %s ms", request.method, path, response.status_code, duration,
        extra={"method": request.method, "path": path, "status": response.status_code,
               "duration_ms": duration, "user_id": _user_id(), "request_id": request_id})
    return response


def _user_id() -> int | None:
    """The logged-in user's id if this request loaded the user (every page and permission
    check does); never loads it, so a static file or the counter pixel reads no session."""
    user = g.get("_login_user")  # Flask-Login's per-request cache behind current_user
    return getattr(user, "id", None) if user is not None and user.is_authenticated else None


def report_error(exc: BaseException, *, now: datetime | None = None) -> bool:
    """Queue the error mail for an unhandled exception (call it after the rollback); True when
    the technical team gets a mail about this kind of error, False when none is configured or
    the outbox could not be written."""
    recipient = (current_app.config.get("ERROR_MAIL_TO") or "").strip()
    if "@" not in recipient:
        return False
    now = now or utcnow()
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
    window = int(now.timestamp() // (current_app.config["ERROR_MAIL_WINDOW_MINUTES"] * 60))
    try:
        enqueue("error_report", recipient, f"Error del servidor: {kind} en {request.method} "
                f"{request.path[:80]}", _error_text(exc, kind, now),
                dedupe_key=f"error:{kind[:100]}:{window}", now=now)
        db.session.commit()
    except Exception:  # the mail must never hide the error it reports
        db.session.rollback()
        logger.warning("error mail not queued", exc_info=True)
        return False
    return True


def _error_text(exc: BaseException, kind: str, now: datetime) -> str:
    trace = "".join(traceback.format_exception(exc))[-TRACEBACK_MAX:]
    minutes = current_app.config["ERROR_MAIL_WINDOW_MINUTES"]
    return (
        "Ocurrió un error no controlado en el sistema de la Secretaría Técnica.\n\n"
        f"Número de reporte: {get_request_id()}\n"
        f"Fecha (UTC): {now.isoformat(timespec='seconds')}\n"
        f"Solicitud: {request.method} {request.path[:PATH_MAX]}\n"
        f"Usuario: {_user_id() or 'sin sesión'}\n"
        f"Error: {kind}\n\n"
        f"Se envía un solo aviso por tipo de error cada {minutes} minutos; el registro del "
        "servidor tiene cada caso con su número de reporte.\n\n" + trace)
