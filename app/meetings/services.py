"""Writes of the meetings feature (the agreement status itself: ``workflow.py``).

Services add and flush; the view commits once. Bad input raises ``ValidationError`` (Spanish)
before anything is added, so nothing partial is stored.
"""
from datetime import date, datetime, time, timedelta, timezone

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.formatting import integer
from app.meetings import queries, workflow as wf
from app.meetings.models import KIND_LABELS, AgendaItem, Agreement, AgreementEvent, Meeting
from app.reports import compliance as cm
from app.reports.queries import list_unit_compliance
from app.stats.periods import last_complete_week
from app.stats.queries import count_overdue_per_unit
from app.tickets import files
from app.timeutil import LOCAL_TZ, format_date, local_today
from app.units.models import Unit
from app.validators import ValidationError, collect_errors

MAX_TEXT = 2000
TOP_OVERDUE_UNITS = 5
MAX_AGREEMENT_ITEMS = 15
DATA_SOURCES = ("reports", "overdue", "actions", "agreements")
EVIDENCE_FIELD = "evidence_file"


def create_meeting(held_on: date, at: time, kind: str, actor, now: datetime) -> Meeting:
    """A new meeting at a local date and time, with its agenda proposed from the data."""
    if kind not in KIND_LABELS:
        raise ValidationError("Elija si la reunión es ordinaria o extraordinaria.", "kind")
    held_at = datetime.combine(held_on, at, tzinfo=LOCAL_TZ).astimezone(timezone.utc)
    meeting = Meeting(held_at=held_at, kind=kind, created_by=actor, created_at=now)
    db.session.add(meeting)
    propose_agenda(meeting, now)
    return meeting


def record_attendance(meeting: Meeting, unit_ids: list[int], item_ids: list[int]) -> None:
    """Mark the units present and the agenda items discussed (the whole set, as ticked)."""
    meeting.present_units = list(db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids))))
    for item in meeting.agenda:
        item.discussed = item.id in item_ids
    db.session.flush()


def propose_agenda(meeting: Meeting, now: datetime) -> int:
    """Replace the data items not yet discussed with fresh ones; the Secretaría's own items
    stay. Returns how many items the data proposed."""
    meeting.agenda = [item for item in meeting.agenda
                      if item.source not in DATA_SOURCES or item.discussed]
    lines = _agenda_lines(meeting, now)
    start = max((item.position for item in meeting.agenda), default=0)
    for n, (source, text) in enumerate(lines, 1):
        meeting.agenda.append(AgendaItem(source=source, text=text, position=start + n))
    db.session.flush()
    return len(lines)


def _agenda_lines(meeting: Meeting, now: datetime) -> list[tuple[str, str]]:
    lines = []
    late = _units_with_late_reports(meeting, now)
    if late:
        lines.append(("reports", "Unidades con informe semanal faltante o extemporáneo: "
                      + "; ".join(late) + "."))
    overdue = _units_with_most_overdue(now)
    if overdue:
        lines.append(("overdue", "Unidades con más solicitudes vencidas: "
                      + "; ".join(overdue) + "."))
    lines += [("actions", text) for text in queries.list_actions_behind_schedule(now)]
    lines += _agreement_lines(meeting, now)
    return lines


def _units_with_late_reports(meeting, now) -> list[str]:
    week = last_complete_week(min(meeting.held_at, now))
    iso = week.first.isocalendar()
    summary = list_unit_compliance(week.first, week.first, now)
    labels = {cm.NO_ENTREGADO: "sin informe", cm.EXTEMPORANEO: "extemporáneo"}
    return [f"{row.unit_name} ({labels[row.cells[0].status]}, semana {iso[1]})"
            for row in summary.rows if row.cells and row.cells[0].status in labels]


def _units_with_most_overdue(now) -> list[str]:
    counts = count_overdue_per_unit(now)
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(counts))).all())
    top = sorted(((n, names[i]) for i, n in counts.items() if i in names),
                 key=lambda pair: (-pair[0], pair[1]))[:TOP_OVERDUE_UNITS]
    return [f"{name} ({integer(n)})" for n, name in top]


def _agreement_lines(meeting, now) -> list[tuple[str, str]]:
    today = local_today(now)
    until = max(local_today(meeting.held_at), today) + timedelta(days=7)
    rows = [a for a in queries.list_due_or_overdue(until) if a.meeting_id != meeting.id]
    lines = []
    for agreement in rows[:MAX_AGREEMENT_ITEMS]:
        state = "vencido" if wf.is_overdue(agreement.status, agreement.due_date, now) else "vence"
        units = ", ".join(u.name for u in agreement.units)
        lines.append(("agreements", f"Acuerdo núm. {agreement.id} ({units}), {state} el "
                      f"{format_date(agreement.due_date)}: {agreement.text}"))
    if len(rows) > MAX_AGREEMENT_ITEMS:
        lines.append(("agreements", f"Y {len(rows) - MAX_AGREEMENT_ITEMS} acuerdos más "
                      "por vencer o vencidos (véase la lista de acuerdos)."))
    return lines


def add_agenda_item(meeting: Meeting, text: str | None) -> AgendaItem:
    """A point the Secretaría adds at the end of the agenda."""
    text = _required_text(text, "Escriba el punto del orden del día.")
    position = max((item.position for item in meeting.agenda), default=0) + 1
    item = AgendaItem(source="manual", text=text, position=position)
    meeting.agenda.append(item)
    db.session.flush()
    return item


def remove_agenda_item(item: AgendaItem) -> None:
    """Take a point off the agenda."""
    db.session.delete(item)
    db.session.flush()


def create_agreement(meeting: Meeting, text: str | None, unit_ids: list[int], due_date,
                     actor, now: datetime) -> Agreement:
    """An agreement of ``meeting``: text, one or more active units and a due date not before
    the meeting's day."""
    text = _required_text(text, "Escriba el texto del acuerdo.")
    units = list(db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids or []),
                                                       Unit.active.is_(True))))
    if not units:
        raise ValidationError("Elija al menos una unidad responsable.", "units")
    if due_date is None:
        raise ValidationError("Indique la fecha límite.", "due_date")
    if due_date < local_today(meeting.held_at):
        raise ValidationError("La fecha límite no puede ser anterior a la reunión "
                              f"({format_date(meeting.held_at)}).", "due_date")
    agreement = Agreement(meeting=meeting, text=text, units=units, due_date=due_date)
    db.session.add(agreement)
    wf.start(agreement, actor, now)
    db.session.flush()
    return agreement


def _required_text(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message, "text")
    if len(text) > MAX_TEXT:
        raise ValidationError(f"El texto admite como máximo {MAX_TEXT} caracteres.", "text")
    return text


def change_problems(agreement: Agreement, to_status: str, actor, note: str | None,
                    upload) -> list[ValidationError]:
    """Everything wrong with a status change and its evidence file, in one round (the file
    is read and rewound), so the form shows every problem at once."""
    problems = collect_errors(lambda: wf.check_move(agreement, to_status, actor, note),
                              lambda: _read_evidence(to_status, upload))
    if hasattr(upload, "stream"):
        upload.stream.seek(0)
    return problems


def change_agreement(agreement: Agreement, to_status: str, actor, *, now: datetime,
                     note: str | None = None, evidence: str | None = None,
                     upload=None) -> AgreementEvent:
    """Move the agreement (``workflow.transition``) and keep the optional evidence file of a
    «cumplido propuesto» with its history row. Raises ValidationError; nothing is stored then
    (the file is written only once the move is allowed)."""
    wf.check_move(agreement, to_status, actor, note)
    pending = _read_evidence(to_status, upload)
    event = wf.transition(agreement, to_status, actor, now=now, note=note, evidence=evidence)
    if pending is not None:
        event.evidence_file_name = pending.name
        event.evidence_stored_name = files.write(pending, current_app.config["UPLOAD_DIR"])
        event.evidence_content_type = pending.content_type
        event.evidence_size = len(pending.data)
        db.session.flush()
    return event


def _read_evidence(to_status: str, upload) -> files.PendingFile | None:
    """The checked evidence file (None when none was chosen): PDF, picture, Word or Excel,
    10 MB at most, and only with «cumplido propuesto»."""
    if getattr(upload, "filename", None) and to_status != wf.PROPOSED:
        raise ValidationError("El archivo de evidencia se adjunta solo al reportar el acuerdo "
                              "como cumplido.", EVIDENCE_FIELD)
    return files.read_upload(upload, field=EVIDENCE_FIELD, office=True)
