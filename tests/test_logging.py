"""Logs: one JSON line per request on stderr, tracebacks too, tied by the request id."""
import json

import pytest

from app.auth.decorators import public
from tests.factories import make_user


def _json_lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


def _request_lines(capsys) -> list[dict]:
    return [r for r in _json_lines(capsys.readouterr().err) if r["logger"] == "app.requests"]


def _add_failing_route(app):
    @app.route("/_falla")
    @public
    def failing():
        raise KeyError("sin esta llave")


def test_each_request_writes_one_json_line_with_its_fields(client, login_as, capsys):
    user = make_user(role="secretary")
    login_as(user)
    capsys.readouterr()
    response = client.get("/tickets/?q=Ana+Pérez")
    [line] = _request_lines(capsys)
    assert line["level"] == "INFO" and line["method"] == "GET"
    assert line["path"] == "/tickets/"  # the query string may carry names: never logged
    assert line["status"] == 200 and line["user_id"] == user.id
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert len(line["request_id"]) == 32 and "time" in line


def test_an_anonymous_request_logs_no_user(client, capsys):
    client.get("/cuenta/entrar")
    [line] = _request_lines(capsys)
    assert line["user_id"] is None and line["status"] == 200


@pytest.mark.parametrize("incoming,kept", [
    ("9f1c2a7e-lb-01", True), ("a" * 64, True),
    ("a" * 65, False), ("dos palabras", False), ("<script>", False), ("", False),
])
def test_a_sane_incoming_request_id_is_kept_and_echoed(client, capsys, incoming, kept):
    response = client.get("/cuenta/entrar", headers={"X-Request-ID": incoming})
    [line] = _request_lines(capsys)
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert (response.headers["X-Request-ID"] == incoming) is kept


@pytest.mark.config(PROPAGATE_EXCEPTIONS=False)
def test_an_unhandled_error_logs_its_traceback_as_json_with_the_request_id(app, client, capsys):
    _add_failing_route(app)
    response = client.get("/_falla")
    assert response.status_code == 500
    lines = _json_lines(capsys.readouterr().err)
    [error] = [r for r in lines if r["level"] == "ERROR"]
    assert error["logger"] == "app" and "Exception on /_falla [GET]" in error["message"]
    assert "Traceback (most recent call last)" in error["traceback"]
    assert "KeyError: 'sin esta llave'" in error["traceback"]
    assert error["request_id"] == response.headers["X-Request-ID"]
    [line] = [r for r in lines if r["logger"] == "app.requests"]
    assert line["status"] == 500 and line["request_id"] == error["request_id"]
