"""Weekly-report mails (``flask report-reminders``).

* Each unit that has not handed in (nor been excused from) the current week's report is reminded
  from the business day before its deadline until the deadline (``schedule.is_reminder_due``).
* Once a deadline has passed, the Secretaría Técnica gets the list of the units that missed it
  (one mail per week and deadline: units with their own deadline are listed when theirs passes).

Statuses come from ``app/reports/queries.py`` / ``compliance.py``; nothing here decides on time,
late or owed. Idempotent through the outbox dedupe keys (per week, unit or deadline, and user).
"""
from collections import defaultdict
from datetime import datetime, timedelta

from app.businessdays import load_municipal_days
from app.notifications import links, queries
from app.notifications.messages import queue_mail
from app.notifications.schedule import is_reminder_due
from app.reports import compliance as cm
from app.reports.queries import list_unit_compliance


def send_report_reminders(now: datetime) -> int:
    """Queue the due reminders and missed-deadline lists; returns how many mails were queued."""
    municipal = load_municipal_days()
    this_monday = cm.week_monday(*cm.current_week(now))
    # Last week: a deadline late in the week is reported on the next week's first run. Next
    # week: a Monday or Tuesday deadline after a long weekend is reminded the week before.
    week = timedelta(days=7)
    summary = list_unit_compliance(this_monday - week, this_monday + week, now)
    queued = 0
    missed = defaultdict(list)
    for row in summary.rows:
        for cell in row.cells:
            if cell.status == cm.PENDIENTE and is_reminder_due(cell.deadline_at, now, municipal):
                queued += _remind_unit(row, cell, now)
            elif cell.status == cm.NO_ENTREGADO:
                missed[(cell.iso_year, cell.iso_week, cell.deadline_at)].append(row)
    for (iso_year, iso_week, deadline_at), rows in sorted(missed.items()):
        queued += _send_missed_list(iso_year, iso_week, deadline_at, rows, now)
    return queued


def _remind_unit(row, cell, now) -> int:
    week = _week(cell.iso_year, cell.iso_week)
    subject = f"Recordatorio: el informe semanal de {row.unit_name} vence pronto"
    queued = 0
    for user in queries.list_unit_staff(row.unit_id, option="reminders"):
        queued += queue_mail(
            "report_reminder", user.email, subject, now=now,
            dedupe_key=f"reminder:{cell.iso_year}-W{cell.iso_week:02d}:u{row.unit_id}:{user.id}",
            name=user.name, unit_name=row.unit_name, week=week, deadline_at=cell.deadline_at,
            link=links.report_submit_url(cell.iso_year, cell.iso_week))
    return queued


def _send_missed_list(iso_year, iso_week, deadline_at, rows, now) -> int:
    week = _week(iso_year, iso_week)
    subject = f"Unidades sin informe semanal: semana {iso_week} de {iso_year} ({len(rows)})"
    stamp = int(deadline_at.timestamp())
    queued = 0
    for user in queries.list_secretaries(option="reminders"):
        queued += queue_mail(
            "reports_missed", user.email, subject, now=now,
            dedupe_key=f"missed:{iso_year}-W{iso_week:02d}:{stamp}:{user.id}",
            name=user.name, week=week, deadline_at=deadline_at,
            units=sorted(row.unit_name for row in rows), link=links.missing_reports_url())
    return queued


def _week(iso_year, iso_week) -> str:
    label = cm.week_label(iso_year, iso_week)  # "Semana 5 de 2026 (...)", used mid-sentence
    return label[:1].lower() + label[1:]
