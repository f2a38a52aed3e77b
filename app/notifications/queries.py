"""Reads for the outbox screens and the jobs that pick recipients."""
from sqlalchemy import func, select

from app.auth.models import User
from app.auth.permissions import SECRETARY, UNIT
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.outbox import FAILED, STATUS_LABELS

PER_PAGE = 50


def count_by_status() -> dict[str, int]:
    """Mails per status (one grouped query), every status present."""
    counts = dict.fromkeys(STATUS_LABELS, 0)
    rows = db.session.execute(select(OutboxMessage.status, func.count())
                              .group_by(OutboxMessage.status))
    counts.update({status: n for status, n in rows})
    return counts


def list_failed(page: int, per_page: int = PER_PAGE):
    """One page of failed mails, newest first."""
    stmt = (select(OutboxMessage).where(OutboxMessage.status == FAILED)
            .order_by(OutboxMessage.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def list_unit_staff(unit_id: int, *, option: str | None = None) -> list[User]:
    """Active staff of a unit with an e-mail; ``option`` ("digest" or "reminders") leaves out
    those who switched that optional mail off."""
    return _recipients(User.role == UNIT, User.unit_id == unit_id, option=option)


def list_secretaries(*, option: str | None = None) -> list[User]:
    """Active Secretaría Técnica users with an e-mail (same ``option`` filter)."""
    return _recipients(User.role == SECRETARY, option=option)


def _recipients(*conditions, option):
    stmt = select(User).where(*conditions, User.active.is_(True), User.email.is_not(None),
                              User.email != "")
    if option == "digest":
        stmt = stmt.where(User.notify_digest.is_(True))
    elif option == "reminders":
        stmt = stmt.where(User.notify_reminders.is_(True))
    return list(db.session.scalars(stmt.order_by(User.id)))
