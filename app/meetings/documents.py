"""The meeting's documents: printable agenda, minutes and per-unit follow-ups (archived with
their SHA-256 in ``cabinet_reports`` through ``app.stats.cabinet.archive_pdf``), and the mails
that carry them through the outbox."""
import hashlib
from datetime import datetime

from app.extensions import db
from app.meetings import pdf, queries, workflow as wf
from app.meetings.models import KIND_LABELS, Meeting, MeetingFollowup
from app.notifications import links
from app.notifications.models import OutboxMessage
from app.notifications.outbox import enqueue
from app.notifications.queries import list_unit_staff
from app.notifications.sender import register_attachment
from app.stats.cabinet import archive_pdf
from app.stats.delivery import get_distribution
from app.stats.models import CabinetReport
from app.timeutil import format_date, format_datetime, local_today
from app.units.queries import list_units

MINUTES = "minutes"
FOLLOWUP = "followup"
FOLLOWUP_MAIL = "meeting_followup"
AGENDA_MAIL = "meeting_agenda"
_DEDUPE_MAX = OutboxMessage.__table__.c.dedupe_key.type.length


def init_app(_app) -> None:
    """Let the outbox attach an archived follow-up to the mails queued here."""
    register_attachment(FOLLOWUP_MAIL, _followup_attachment)


def _followup_attachment(report_id: int) -> tuple[str, bytes]:
    report = db.session.get(CabinetReport, report_id)
    return f"seguimiento-acuerdos-{report.id}.pdf", report.pdf


def _header(meeting: Meeting) -> dict:
    return {"kind": KIND_LABELS[meeting.kind].lower(), "held_at": format_datetime(meeting.held_at)}


def _agreement_rows(agreements) -> list[tuple]:
    return [(a.id, a.text, ", ".join(u.name for u in a.units), format_date(a.due_date))
            for a in agreements]


def build_agenda(meeting: Meeting, now: datetime) -> bytes:
    """The printable agenda (not archived: it may still change)."""
    return pdf.build_agenda_pdf({**_header(meeting), "generated_at": format_datetime(now),
                                 "items": [item.text for item in meeting.agenda]})


def generate_minutes(meeting: Meeting, actor, now: datetime) -> CabinetReport:
    """Build the minutes and archive them (a new copy each time; the meeting links the last)."""
    present = {u.id for u in meeting.present_units}
    data = {**_header(meeting), "generated_at": format_datetime(now),
            "generated_by": actor.name if actor is not None else "Sistema",
            "present": [u.name for u in meeting.present_units],
            "absent": [u.name for u in list_units(active_only=True) if u.id not in present],
            "items": [item.text for item in meeting.agenda if item.discussed],
            "agreements": _agreement_rows(meeting.agreements)}
    report = archive_pdf(pdf.build_minutes_pdf(data), MINUTES, local_today(meeting.held_at),
                         actor, now)
    meeting.minutes = report
    db.session.flush()
    return report


def followup_report(meeting: Meeting, unit, actor, now: datetime) -> CabinetReport:
    """The unit's follow-up for this meeting, archived the first time it is asked for."""
    existing = queries.get_followup(meeting.id, unit.id)
    if existing is not None:
        return existing.report
    agreements = queries.list_open_agreements(unit.id)
    # What a unit reported done is still open until verified: its evidence, for reference.
    evidence = queries.list_evidence_references(
        [a.id for a in agreements if a.status == wf.PROPOSED])
    rows = [(a.id, a.text, wf.display_state(a, now), format_date(a.due_date),
             evidence.get(a.id, "—")) for a in agreements]
    data = {**_header(meeting), "unit": unit.name, "agreements": rows,
            "generated_at": format_datetime(now)}
    report = archive_pdf(pdf.build_followup_pdf(data), FOLLOWUP, local_today(meeting.held_at),
                         actor, now)
    db.session.add(MeetingFollowup(meeting_id=meeting.id, unit_id=unit.id, report_id=report.id))
    db.session.flush()
    return report


def send_followups(meeting: Meeting, actor, now: datetime) -> int:
    """Queue each responsible unit's follow-up (PDF attached) for its staff and its address:
    once per unit and meeting, whatever how often it is asked. Returns the mails queued."""
    queued = 0
    for unit in queries.list_responsible_units(meeting.id):
        report = followup_report(meeting, unit, actor, now)
        subject = f"Seguimiento de acuerdos de gabinete: {unit.name}"
        link = links.public_url("meetings.agreements", "/reuniones/acuerdos")
        text = (f"Se adjunta el seguimiento de los acuerdos abiertos de {unit.name} tras la "
                f"reunión de gabinete del {format_datetime(meeting.held_at)}.\n\n"
                f"Repórtelos como cumplidos en {link}\n")
        addresses = [user.email for user in list_unit_staff(unit.id)] + [unit.email or ""]
        for address in dict.fromkeys(a.strip() for a in addresses if a and a.strip()):
            queued += enqueue(FOLLOWUP_MAIL, address, subject, text, now=now,
                              dedupe_key=_key(f"followup:m{meeting.id}:u{unit.id}", address),
                              cabinet_report_id=report.id)
    db.session.flush()
    return queued


def send_agenda(meeting: Meeting, now: datetime) -> int | None:
    """Queue the agenda for the cabinet's distribution list (once per meeting and address);
    None when the list is empty."""
    recipients = get_distribution()
    if not recipients:
        return None
    subject = f"Orden del día: reunión de gabinete del {format_datetime(meeting.held_at)}"
    lines = [f"{n}. {item.text}" for n, item in enumerate(meeting.agenda, 1)]
    text = (f"Orden del día de la reunión de gabinete {KIND_LABELS[meeting.kind].lower()} del "
            f"{format_datetime(meeting.held_at)}:\n\n" + "\n".join(lines or ["Sin puntos."]) + "\n")
    queued = sum(enqueue(AGENDA_MAIL, address, subject, text, now=now,
                         dedupe_key=_key(f"agenda:m{meeting.id}", address))
                 for address in recipients)
    db.session.flush()
    return queued


def _key(prefix: str, address: str) -> str:
    key = f"{prefix}:{address.lower()}"
    if len(key) <= _DEDUPE_MAX:
        return key
    return f"{prefix}:{hashlib.sha256(address.lower().encode()).hexdigest()}"
