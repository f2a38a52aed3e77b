"""Writing to the outbox: the only way the application "sends" an e-mail.

``enqueue`` adds a row in the caller's transaction and never touches the network, so a page
that causes a mail is as fast as one that does not, and the mail exists exactly when the change
that caused it was committed. ``app/notifications/sender.py`` delivers the rows later.
"""
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.timeutil import utcnow

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"

STATUS_LABELS = {
    PENDING: "Pendiente",
    SENDING: "Enviándose",
    SENT: "Enviado",
    FAILED: "Falló",
}

_SUBJECT_MAX = OutboxMessage.__table__.c.subject.type.length


def enqueue(kind: str, recipient: str, subject: str, text: str, html: str | None = None,
            dedupe_key: str | None = None, now: datetime | None = None,
            cabinet_report_id: int | None = None) -> bool:
    """Add one pending mail to the caller's transaction; False when skipped.

    A mail without a usable recipient is skipped. With ``dedupe_key`` a second mail with the same
    key is skipped too (even when two jobs race: the unique key decides), which is what makes
    the scheduled jobs idempotent. ``cabinet_report_id`` attaches that archived cabinet PDF.
    """
    recipient = (recipient or "").strip()
    if not recipient or "@" not in recipient:
        return False
    values = {"kind": kind, "recipient": recipient, "subject": _one_line(subject)[:_SUBJECT_MAX],
              "body_text": text, "body_html": html, "status": PENDING, "attempts": 0,
              "next_attempt_at": now or utcnow(), "created_at": now or utcnow(),
              "dedupe_key": dedupe_key, "cabinet_report_id": cabinet_report_id}
    if dedupe_key is None:
        db.session.add(OutboxMessage(**values))
        return True
    stmt = _insert_ignoring_duplicates().values(**values).returning(OutboxMessage.__table__.c.id)
    return db.session.execute(stmt).first() is not None


def _insert_ignoring_duplicates():
    dialect = db.session.get_bind().dialect.name
    table = OutboxMessage.__table__
    if dialect == "postgresql":
        return pg_insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])
    if dialect == "sqlite":
        return sqlite_insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])
    raise NotImplementedError(f"outbox deduplication is not written for {dialect}")


def _one_line(value: str) -> str:
    """Subjects are headers: no line breaks (they would break or inject headers)."""
    return " ".join((value or "").split())
