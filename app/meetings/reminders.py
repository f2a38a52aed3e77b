"""Agreement reminders, run by ``flask report-reminders`` with the weekly-report ones.

Each unit's staff hear once about each open agreement due soon (``due_soon_until``), and once
when it falls overdue. Idempotent through the outbox dedupe keys (per agreement, kind, user).
"""
from datetime import datetime

from app.meetings import queries, workflow as wf
from app.notifications import links
from app.notifications.outbox import enqueue
from app.notifications.queries import list_unit_staff
from app.tickets.queries import due_soon_until
from app.timeutil import format_date, local_today


def send_agreement_reminders(now: datetime) -> int:
    """Queue the due-soon and overdue notices; returns how many mails were queued."""
    today = local_today(now)
    until = due_soon_until(today)  # the window of «vence pronto», tickets and home page
    queued = 0
    for agreement in queries.list_due_or_overdue(until):
        overdue = wf.is_overdue(agreement.status, agreement.due_date, now)
        for unit in agreement.units:
            for user in list_unit_staff(unit.id, option="reminders"):
                queued += _notify(agreement, user, overdue, now)
    return queued


def _notify(agreement, user, overdue: bool, now) -> bool:
    due = format_date(agreement.due_date)
    if overdue:
        kind, subject = "overdue", f"Acuerdo de gabinete vencido (núm. {agreement.id})"
        lead = f"El acuerdo núm. {agreement.id} venció el {due} y sigue abierto:"
    else:
        kind, subject = "soon", f"Acuerdo de gabinete por vencer (núm. {agreement.id})"
        lead = f"El acuerdo núm. {agreement.id} vence el {due}:"
    link = links.public_url("meetings.agreement", "/reuniones/acuerdos/{agreement_id}",
                            agreement_id=agreement.id)
    text = f"{lead}\n\n{agreement.text}\n\nRepórtelo en {link}\n"
    return enqueue(f"agreement_{kind}", user.email, subject, text, now=now,
                   dedupe_key=f"agreement-{kind}:a{agreement.id}:u{user.id}")
