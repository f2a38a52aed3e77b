"""Demo meetings: three past weekly meetings with their attendance, agreements in every status,
the minutes and each unit's follow-up archived, and evidence on what a unit reported done."""
import io
from datetime import datetime, time, timedelta, timezone

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
from werkzeug.datastructures import FileStorage

from app import demo_data as data
from app.businessdays import add_business_days
from app.meetings import documents, queries, services, workflow as wf
from app.timeutil import LOCAL_TZ, to_local


def seed_meetings(now: datetime, units: dict, users: dict, staff: dict) -> int:
    """The meetings of ``data.AGREEMENTS`` (Tuesdays 10:00); returns the agreements made.
    ``staff``: {unit id: the account acting for the unit}."""
    secretary, municipal = users["secretaria"], frozenset()
    count = 0
    today = to_local(now).date()
    for weeks_ago in sorted({row[0] for row in data.AGREEMENTS}, reverse=True):
        day = today - timedelta(days=today.weekday() - 1 + 7 * weeks_ago)
        held = datetime.combine(day, time(10, 0), tzinfo=LOCAL_TZ).astimezone(timezone.utc)
        meeting = services.create_meeting(day, time(10, 0), "ordinaria", secretary, held)
        meeting.present_units = list(units.values())[:15]
        for item in meeting.agenda:
            item.discussed = True
        made = []
        for _, codes, text, days, status in (r for r in data.AGREEMENTS if r[0] == weeks_ago):
            due = add_business_days(day, days, municipal)
            made.append((services.create_agreement(
                meeting, text, [units[c].id for c in codes], due, secretary, held),
                status, staff[units[codes[0]].id], due))
        # The documents of the day, before anything was reported on its agreements.
        closed = held + timedelta(hours=2)
        documents.generate_minutes(meeting, secretary, closed)
        for unit in queries.list_responsible_units(meeting.id):
            documents.followup_report(meeting, unit, secretary, closed)
        for agreement, status, worker, due in made:
            _walk(agreement, status, worker, secretary, held, due, now)
        count += len(made)
    return count


def _walk(agreement, status, worker, secretary, held, due, now) -> None:
    """Walk the agreement to ``status`` through the workflow, at plausible past times; what a
    unit reports done carries a reference, and the one left to verify an acta in PDF."""
    reported = min(datetime.combine(due, time(12, 0), tzinfo=LOCAL_TZ).astimezone(timezone.utc),
                   now - timedelta(hours=2))
    steps = {wf.PENDING: [], wf.IN_PROGRESS: [(worker, wf.IN_PROGRESS, None)],
             wf.PROPOSED: [(worker, wf.PROPOSED, "Se concluyó; se anexa el acta de entrega.")],
             wf.DONE: [(worker, wf.PROPOSED, "Concluido según lo acordado."),
                       (secretary, wf.DONE, None)],
             wf.CANCELLED: [(secretary, wf.CANCELLED, "El programa se reprogramó.")]}[status]
    for n, (actor, to_status, note) in enumerate(steps):
        at = held + timedelta(days=1) if to_status == wf.IN_PROGRESS else reported
        reporting = to_status == wf.PROPOSED
        services.change_agreement(
            agreement, to_status, actor, now=at + timedelta(hours=n), note=note,
            evidence=f"Oficio {agreement.units[0].code}/{agreement.id:03d}/2026" if reporting
            else None, upload=_acta(agreement) if reporting and status == wf.PROPOSED else None)


def _acta(agreement) -> FileStorage:
    """A one-page «acta de entrega-recepción» for the agreement, as a unit would scan it."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=letter)
    page.setFont("Helvetica-Bold", 14)
    page.drawString(72, 700, "Acta de entrega-recepción (demostración)")
    page.setFont("Helvetica", 11)
    page.drawString(72, 670, f"Acuerdo de gabinete núm. {agreement.id}: {agreement.text}"[:95])
    page.drawString(72, 650, f"Unidad: {agreement.units[0].name}")
    page.save()
    return FileStorage(io.BytesIO(out.getvalue()), filename=f"acta-acuerdo-{agreement.id}.pdf")
