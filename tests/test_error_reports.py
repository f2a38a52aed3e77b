"""Unhandled errors: an error mail through the outbox, throttled, and a 500 page that says
only what is true."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.auth.decorators import public
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.observability import report_error

TEAM = "sistemas@fresnillo.gob.mx"
with_mail = pytest.mark.config(PROPAGATE_EXCEPTIONS=False, ERROR_MAIL_TO=TEAM)
without_mail = pytest.mark.config(PROPAGATE_EXCEPTIONS=False)


def _add_failing_routes(app):
    @app.route("/_falla")
    @public
    def failing():
        raise KeyError("sin esta llave")

    @app.route("/_otra-falla")
    @public
    def other_failure():
        raise ValueError("otro error")


def _mails():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


@with_mail
def test_an_error_queues_one_mail_to_the_configured_address(app, client):
    _add_failing_routes(app)
    response = client.get("/_falla")
    assert response.status_code == 500
    [mail] = _mails()
    assert mail.recipient == TEAM and mail.kind == "error_report" and mail.status == "pending"
    assert mail.subject == "Error del servidor: builtins.KeyError en GET /_falla"
    assert f"Número de reporte: {response.headers['X-Request-ID']}" in mail.body_text
    assert "KeyError: 'sin esta llave'" in mail.body_text
    assert "Traceback (most recent call last)" in mail.body_text


@with_mail
def test_the_same_error_again_sends_no_second_mail_but_another_kind_does(app, client):
    _add_failing_routes(app)
    for _ in range(5):
        assert client.get("/_falla").status_code == 500
    assert client.get("/_otra-falla").status_code == 500
    assert [m.subject.split(":")[1].split()[0] for m in _mails()] == [
        "builtins.KeyError", "builtins.ValueError"]


@with_mail
def test_the_throttle_is_one_mail_per_kind_per_window(app):
    start = datetime(2026, 3, 2, 16, 0, tzinfo=timezone.utc)
    with app.test_request_context("/tickets/"):
        for minutes in (0, 7, 14):
            assert report_error(KeyError("x"), now=start + timedelta(minutes=minutes)) is True
        assert len(_mails()) == 1
        assert report_error(KeyError("x"), now=start + timedelta(minutes=15)) is True
    assert len(_mails()) == 2


@with_mail
def test_with_error_mail_the_500_page_says_the_team_will_be_told(app, client):
    _add_failing_routes(app)
    response = client.get("/_falla")
    text = _text(response)
    assert "El equipo técnico recibirá un aviso" in text
    assert f"Número de reporte: <code>{response.headers['X-Request-ID']}</code>" in text


@without_mail
def test_without_error_mail_the_500_page_claims_no_notice(app, client):
    _add_failing_routes(app)
    response = client.get("/_falla")
    text = _text(response)
    assert response.status_code == 500 and _mails() == []
    assert "notificado" not in text and "recibirá un aviso" not in text
    assert "comuníquelo al equipo técnico con el número de reporte" in text
    assert f"Número de reporte: <code>{response.headers['X-Request-ID']}</code>" in text


@with_mail
def test_when_the_mail_cannot_be_queued_the_page_does_not_claim_it(app, client, monkeypatch):
    def broken_outbox(*args, **kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr("app.observability.enqueue", broken_outbox)
    _add_failing_routes(app)
    text = _text(client.get("/_falla"))
    assert "recibirá un aviso" not in text and "comuníquelo al equipo técnico" in text


def test_other_error_pages_show_no_report_number(client):
    assert "Número de reporte" not in _text(client.get("/no-existe"))
