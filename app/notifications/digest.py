"""The daily digest (``flask daily-digest``): one mail per unit with its overdue tickets and
those due in the next 2 business days; nothing on non-business days or when there is nothing
to say. Idempotent through the outbox dedupe key (per day, unit and user)."""
from datetime import datetime

from sqlalchemy import select

from app.businessdays import load_municipal_days
from app.extensions import db
from app.notifications import links, queries
from app.notifications.messages import queue_mail
from app.notifications.schedule import digest_window
from app.tickets.queries import list_due_by_unit
from app.timeutil import local_today
from app.units.models import Unit

LISTED_PER_UNIT = 50


def send_daily_digest(now: datetime) -> int:
    """Queue today's digests; returns how many mails were queued."""
    today = local_today(now)
    until = digest_window(today, load_municipal_days())
    if until is None:
        return 0
    due = list_due_by_unit(until, per_unit=LISTED_PER_UNIT)
    units = db.session.scalars(select(Unit).where(Unit.id.in_(due), Unit.active.is_(True))
                               .order_by(Unit.name))
    queued = 0
    for unit in units:
        total, rows = due[unit.id]
        overdue = [row for row in rows if row.due_date < today]
        soon = [row for row in rows if row.due_date >= today]
        subject = f"Resumen diario de {unit.name}: {total} ticket(s) por vencer o vencidos"
        for user in queries.list_unit_staff(unit.id, option="digest"):
            queued += queue_mail(
                "daily_digest", user.email, subject, now=now,
                dedupe_key=f"digest:{today.isoformat()}:u{unit.id}:{user.id}",
                name=user.name, unit_name=unit.name, today=today, until=until, total=total,
                overdue=overdue, soon=soon, listed=len(rows), link=links.inbox_url())
    return queued
