"""Delivering the outbox over SMTP (``flask send-mail``).

* A run claims a batch of due rows and marks them "sending" in the claim's own transaction:
  ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two senders running at once never
  take the same row; elsewhere (SQLite) a conditional UPDATE per row plays the same role.
* Each mail's outcome is committed as soon as it is known: sent; back to pending with an
  exponential backoff (server down, connection lost, 4xx answer); or failed for good (5xx
  answer, an address the server or the message format refuses, or too many attempts).
* A claimed row keeps a lease (``next_attempt_at`` = claim + LEASE). If the sender dies before
  recording the outcome, the row is taken again once the lease ends: a crash can at worst
  repeat one mail, it never loses one.
"""
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app
from sqlalchemy import select, update

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.outbox import FAILED, PENDING, SENDING, SENT
from app.notifications.services import get_sender

BATCH_SIZE = 50
LEASE = timedelta(minutes=15)
MAX_ATTEMPTS = 12  # 1, 2, 4 ... minutes, capped: about a day of retries
BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)
SMTP_TIMEOUT = 30


@dataclass
class SendResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after ``attempts`` failed tries (1 min, 2, 4, ... 6 h)."""
    return min(BASE_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


def send_pending(now: datetime, *, batch_size: int = BATCH_SIZE,
                 max_batches: int | None = None) -> SendResult:
    """Deliver every due mail, batch after batch, until none is left."""
    result, batches = SendResult(), 0
    while max_batches is None or batches < max_batches:
        batch = claim_batch(now, batch_size)
        if not batch:
            break
        batches += 1
        _deliver(batch, now, result)
    return result


def _due(now: datetime):
    # A "sending" row whose lease ran out was abandoned by a sender that died.
    return (OutboxMessage.status.in_((PENDING, SENDING)), OutboxMessage.next_attempt_at <= now)


def claim_batch(now: datetime, size: int) -> list[OutboxMessage]:
    """Take up to ``size`` due rows for this sender alone and commit the claim."""
    if db.session.get_bind().dialect.name == "postgresql":
        rows = list(db.session.scalars(
            select(OutboxMessage).where(*_due(now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(size)
            .with_for_update(skip_locked=True)))
        for row in rows:
            row.status, row.attempts, row.next_attempt_at = SENDING, row.attempts + 1, now + LEASE
        ids = [row.id for row in rows]
    else:
        candidates = db.session.scalars(
            select(OutboxMessage.id).where(*_due(now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(size)).all()
        ids = [i for i in candidates if _claim_one(i, now)]
    db.session.commit()
    if not ids:
        return []
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))
                                   .order_by(OutboxMessage.id)))


def _claim_one(message_id: int, now: datetime) -> bool:
    """Conditional UPDATE: only one sender's statement matches the row while it is due."""
    result = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, *_due(now))
        .values(status=SENDING, attempts=OutboxMessage.attempts + 1, next_attempt_at=now + LEASE)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


class _Transient(Exception):
    """Worth retrying later: the server is down, busy or answered 4xx."""


class _Permanent(Exception):
    """Retrying will not help: 5xx answer or an address that cannot be used."""


def _deliver(batch: list[OutboxMessage], now: datetime, result: SendResult) -> None:
    sender = get_sender()
    try:
        connection = _connect()
    except _Transient as exc:
        for message in batch:
            _record_transient(message, now, str(exc), result)
        return
    try:
        for index, message in enumerate(batch):
            try:
                _send_one(connection, message, sender)
            except _Permanent as exc:
                _record(message, FAILED, str(exc), result)
            except _Transient as exc:
                _record_transient(message, now, str(exc), result)
                if not _is_alive(connection):
                    for rest in batch[index + 1:]:
                        _record_transient(rest, now, "Se perdió la conexión con el servidor de correo.", result)
                    return
            else:
                message.sent_at = now
                _record(message, SENT, None, result)
    finally:
        _close(connection)


def _connect() -> smtplib.SMTP:
    config = current_app.config
    try:
        connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT)
        if config.get("MAIL_USE_TLS"):
            connection.starttls()
        if config.get("MAIL_USERNAME"):
            connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        return connection
    except smtplib.SMTPResponseException as exc:
        raise _Transient(f"El servidor de correo rechazó la conexión ({exc.smtp_code}): "
                         f"{_text(exc.smtp_error)}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise _Transient(f"No se pudo conectar con el servidor de correo: {exc}") from exc


def _send_one(connection: smtplib.SMTP, message: OutboxMessage, sender: str) -> None:
    try:
        email = build_email(message, sender)
    except (ValueError, TypeError) as exc:  # header injection, malformed address
        raise _Permanent(f"Dirección o encabezado no válido: {exc}") from exc
    try:
        connection.send_message(email, from_addr=parseaddr(sender)[1],
                                to_addrs=[message.recipient])
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        raise _classify(code, text, "El servidor rechazó la dirección") from exc
    except smtplib.SMTPResponseException as exc:
        raise _classify(exc.smtp_code, exc.smtp_error, "El servidor rechazó el mensaje") from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise _Permanent(f"El servidor no admite esta dirección: {exc}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise _Transient(f"Se perdió la conexión con el servidor de correo: {exc}") from exc


def _classify(code: int, text, prefix: str) -> Exception:
    detail = f"{prefix} ({code}): {_text(text)}"
    return _Permanent(detail) if code >= 500 else _Transient(detail)


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The MIME message of an outbox row: plain text, plus HTML when there is one, plus the
    archived cabinet PDF when the row names one."""
    address = parseaddr(message.recipient)[1]
    if not address or "@" not in address or any(c in message.recipient for c in "\r\n,;"):
        raise ValueError(f"«{message.recipient}» no es una dirección de correo válida")
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    email["Message-ID"] = make_msgid(f"outbox-{message.id}", domain=domain)
    email["X-Outbox-Id"] = str(message.id)
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    if message.cabinet_report_id is not None:
        filename, pdf = _ATTACHMENTS[message.kind](message.cabinet_report_id)
        email.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return email


# kind -> loader(id) -> (file name, PDF bytes). A feature that mails an archived PDF registers
# its loader here, so the outbox needs no import of that feature.
_ATTACHMENTS: dict = {}


def register_attachment(kind: str, loader) -> None:
    """Let outbox rows of ``kind`` carry the PDF that ``loader(id)`` returns."""
    _ATTACHMENTS[kind] = loader


def _record_transient(message, now, error, result) -> None:
    if message.attempts >= MAX_ATTEMPTS:
        _record(message, FAILED, f"Se agotaron los {MAX_ATTEMPTS} intentos. Último error: {error}",
                result)
        return
    message.next_attempt_at = now + backoff(message.attempts)
    _record(message, PENDING, error, result)


def _record(message, status, error, result) -> None:
    message.status = status
    if error:  # a mail sent after retries keeps the last error, for the record
        message.last_error = error[:2000]
    db.session.commit()
    if status == SENT:
        result.sent += 1
    elif status == FAILED:
        result.failed += 1
    else:
        result.retried += 1


def _is_alive(connection) -> bool:
    try:
        return connection.noop()[0] == 250
    except (OSError, smtplib.SMTPException):
        return False


def _close(connection) -> None:
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException, socket.error):
        connection.close()


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
