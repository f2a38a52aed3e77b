"""Writes around the outbox: the sender address, retries and each user's mail preferences.

Services add and flush; the view or command commits once.
"""
from datetime import datetime
from email.utils import parseaddr

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import update

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.outbox import FAILED, PENDING, enqueue  # noqa: F401  (enqueue re-exported)
from app.settings import MAIL_SENDER, get_setting, set_setting
from app.validators import ValidationError, clean


def get_sender() -> str:
    """The From header: the administrator's setting, else MAIL_DEFAULT_SENDER (config)."""
    return get_setting(MAIL_SENDER) or current_app.config["MAIL_DEFAULT_SENDER"]


def split_sender(sender: str) -> tuple[str, str]:
    """(display name, address) of a From header."""
    return parseaddr(sender)


def save_sender(name: str | None, address: str | None) -> str:
    """Validate and store the sender shown in every mail; returns the From header."""
    name = clean(name) or ""
    if any(ch in name for ch in "<>\"\r\n") or len(name) > 100:
        raise ValidationError("El nombre del remitente no puede llevar comillas, < ni > "
                              "y admite como máximo 100 caracteres.", "name")
    try:
        address = validate_email(clean(address) or "", check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValidationError("Escriba un correo electrónico válido para el remitente.", "address")
    sender = _format_sender(name, address)
    set_setting(MAIL_SENDER, sender)
    return sender


def _format_sender(name: str, address: str) -> str:
    # Readable (unencoded) in the settings table; EmailMessage encodes it when sending.
    if not name:
        return address
    if any(ch in name for ch in "(),.:;@[]\\"):
        name = f'"{name}"'
    return f"{name} <{address}>"


def retry_message(message: OutboxMessage, now: datetime) -> None:
    """Put a failed mail back in the queue for the next run of the sender."""
    if message.status != FAILED:
        raise ValidationError("Solo se pueden reintentar los correos que fallaron.")
    message.status = PENDING
    message.attempts = 0
    message.next_attempt_at = now
    db.session.flush()


def retry_all_failed(now: datetime) -> int:
    """Put every failed mail back in the queue (one UPDATE); returns how many."""
    result = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.status == FAILED)
        .values(status=PENDING, attempts=0, next_attempt_at=now)
        .execution_options(synchronize_session=False))
    return result.rowcount


def save_preferences(user, *, digest: bool, reminders: bool) -> None:
    """Switch the optional mails (daily digest, weekly-report reminders) on or off."""
    user.notify_digest = bool(digest)
    user.notify_reminders = bool(reminders)
    db.session.flush()
