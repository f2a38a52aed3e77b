"""The outbox and its SMTP sender, against a real SMTP server (aiosmtpd)."""
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.notifications import sender as sender_module
from app.notifications.models import OutboxMessage
from app.notifications.outbox import FAILED, PENDING, SENDING, SENT, enqueue
from app.notifications.sender import MAX_ATTEMPTS, backoff, claim_batch, send_pending
from app.notifications.services import save_sender

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)


def _queue(n=1, recipient="vecina@example.com", **kwargs):
    for i in range(n):
        enqueue("prueba", recipient, f"Asunto {i}", f"Texto {i}", f"<p>Texto {i}</p>", now=NOW, **kwargs)
    db.session.commit()


def _rows():
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _send(runner, now=NOW):
    result = runner.invoke(args=["send-mail", "--now", now.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def test_enqueue_writes_a_row_in_the_callers_transaction_and_sends_nothing(app, smtp_server):
    enqueue("prueba", "vecina@example.com", "Asunto", "Texto")
    db.session.rollback()
    assert _rows() == []
    enqueue("prueba", "vecina@example.com", "Asunto", "Texto")
    db.session.commit()
    assert [r.status for r in _rows()] == [PENDING]
    assert smtp_server.messages == []


def test_enqueue_skips_a_missing_recipient_and_a_repeated_dedupe_key(app):
    assert enqueue("prueba", None, "Asunto", "Texto") is False
    assert enqueue("prueba", "", "Asunto", "Texto") is False
    assert enqueue("prueba", "a@example.com", "Asunto", "Texto", dedupe_key="k1") is True
    assert enqueue("prueba", "a@example.com", "Asunto", "Texto", dedupe_key="k1") is False
    db.session.commit()
    assert enqueue("prueba", "a@example.com", "Asunto", "Texto", dedupe_key="k1") is False
    db.session.commit()
    assert len(_rows()) == 1


def test_sender_delivers_text_and_html_from_the_admins_sender(app, runner, smtp_server):
    save_sender("Secretaría Técnica", "avisos@fresnillo.gob.mx")
    _queue()
    output = _send(runner)
    assert "Correos enviados: 1" in output
    [(rcpts, message)] = smtp_server.messages
    assert rcpts == ["vecina@example.com"]
    assert message["To"] == "vecina@example.com"
    assert "avisos@fresnillo.gob.mx" in message["From"] and "Secretaría Técnica" in message["From"]
    assert message["Subject"] == "Asunto 0"
    assert message.get_body(("plain",)).get_content().strip() == "Texto 0"
    assert message.get_body(("html",)).get_content().strip() == "<p>Texto 0</p>"
    [row] = _rows()
    assert (row.status, row.attempts, row.sent_at) == (SENT, 1, NOW)
    assert message["X-Outbox-Id"] == str(row.id)
    _send(runner, NOW + timedelta(hours=1))
    assert len(smtp_server.messages) == 1, "a sent row is never sent again"


def test_sender_falls_back_to_the_configured_default_sender(app, runner, smtp_server):
    app.config["MAIL_DEFAULT_SENDER"] = "Ayuntamiento <no-responder@fresnillo.gob.mx>"
    _queue()
    _send(runner)
    assert "no-responder@fresnillo.gob.mx" in smtp_server.messages[0][1]["From"]


def test_server_down_keeps_rows_pending_and_they_go_out_once_it_is_back(app, runner, smtp_server):
    _queue(2)
    smtp_server.stop()
    assert "por reintentar: 2" in _send(runner)
    rows = _rows()
    assert [(r.status, r.attempts) for r in rows] == [(PENDING, 1), (PENDING, 1)]
    assert all(r.next_attempt_at == NOW + backoff(1) for r in rows)
    assert "conectar" in rows[0].last_error

    smtp_server.start()
    _send(runner, NOW + timedelta(seconds=30))  # still inside the backoff: nothing is tried
    assert smtp_server.messages == [] and [r.attempts for r in _rows()] == [1, 1]
    _send(runner, NOW + backoff(1))
    assert sorted(m["Subject"] for _, m in smtp_server.messages) == ["Asunto 0", "Asunto 1"]
    assert [(r.status, r.attempts) for r in _rows()] == [(SENT, 2), (SENT, 2)]


def test_a_5xx_answer_marks_the_mail_failed_and_it_is_not_retried(app, runner, smtp_server):
    smtp_server.handler.refuse["nadie@example.com"] = "550 5.1.1 No such user"
    _queue(recipient="nadie@example.com")
    _queue(recipient="vecina@example.com")
    _send(runner)
    refused, delivered = _rows()
    assert (refused.status, refused.attempts) == (FAILED, 1)
    assert "550" in refused.last_error
    assert delivered.status == SENT
    for hours in (1, 24, 24 * 7):
        _send(runner, NOW + timedelta(hours=hours))
    assert _rows()[0].attempts == 1
    assert len(smtp_server.messages) == 1


def test_a_4xx_answer_is_retried_with_growing_delays_then_given_up(app, runner, smtp_server):
    smtp_server.handler.refuse["ocupado@example.com"] = "451 4.7.1 Try again later"
    _queue(recipient="ocupado@example.com")
    now, delays = NOW, []
    for _ in range(MAX_ATTEMPTS + 5):
        _send(runner, now)
        row = _rows()[0]
        if row.status == FAILED:
            break
        delays.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert row.status == FAILED and row.attempts == MAX_ATTEMPTS
    assert "451" in row.last_error and "intentos" in row.last_error
    assert delays[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert delays[-1] == sender_module.MAX_DELAY
    assert smtp_server.messages == []


def test_an_address_that_would_inject_headers_fails_without_being_sent(app, runner, smtp_server):
    _queue(recipient="a@example.com\nBcc: todos@example.com")
    _queue(recipient="vecina@example.com")
    _send(runner)
    bad, good = _rows()
    assert bad.status == FAILED and "no es una dirección" in bad.last_error
    assert good.status == SENT
    assert [rcpts for rcpts, _ in smtp_server.messages] == [["vecina@example.com"]]


def test_a_claim_is_exclusive_until_its_lease_ends(app, runner, smtp_server):
    _queue(3)
    first = claim_batch(NOW, 2)
    assert [r.status for r in first] == [SENDING, SENDING]
    second = claim_batch(NOW, 10)
    assert {r.id for r in second}.isdisjoint({r.id for r in first}) and len(second) == 1
    assert claim_batch(NOW, 10) == []
    # A sender that died leaves "sending" rows: they are taken again after the lease.
    _send(runner, NOW + timedelta(minutes=1))
    assert smtp_server.messages == []
    _send(runner, NOW + sender_module.LEASE)
    assert len(smtp_server.messages) == 3
    assert [r.status for r in _rows()] == [SENT] * 3


def test_send_mail_refuses_a_malformed_now(runner):
    result = runner.invoke(args=["send-mail", "--now", "mañana"])
    assert result.exit_code != 0
    assert "Use una fecha y hora ISO" in result.output


def test_two_senders_in_parallel_deliver_each_mail_exactly_once(app, smtp_server):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locking (FOR UPDATE SKIP LOCKED) is PostgreSQL's; SQLite serialises "
                    "writers, run the suite with TEST_DATABASE_URL to exercise this")
    _queue(40)
    smtp_server.handler.delay = 0.01
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                results.append(send_pending(NOW, batch_size=4))
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    ids = [m["X-Outbox-Id"] for _, m in smtp_server.messages]
    assert len(ids) == 40 and len(set(ids)) == 40
    assert sum(r.sent for r in results) == 40
    assert all(r.sent > 0 for r in results), "both senders should have taken a share"
    assert db.session.scalar(select(func.count()).where(OutboxMessage.status == SENT)) == 40
