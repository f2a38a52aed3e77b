"""Scheduled delivery of the cabinet memo: the Secretary's distribution list and the weekly
job that archives the last complete week's PDF and queues it, attached, for every recipient."""
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.outbox import enqueue
from app.notifications.sender import register_attachment
from app.settings import CABINET_DISTRIBUTION, get_setting, set_setting
from app.stats.cabinet import generate_cabinet_report
from app.stats.models import CabinetReport
from app.stats.periods import last_complete_week, week_value
from app.validators import ValidationError

MAX_RECIPIENTS = 50
MAIL_KIND = "cabinet_memo"
_DEDUPE_MAX = OutboxMessage.__table__.c.dedupe_key.type.length
_SEPARATORS = re.compile(r"[\n,;]+")


@dataclass
class Delivery:
    week: str  # "2026-W48"
    report: CabinetReport | None
    queued: int
    reused: bool  # the week's memo had already been archived by this job


def init_app(_app) -> None:
    """Let the outbox attach the archived memo to the rows this job queues."""
    register_attachment(MAIL_KIND, _memo_attachment)


def _memo_attachment(report_id: int) -> tuple[str, bytes]:
    report = db.session.get(CabinetReport, report_id)
    return f"informe-gabinete-{report.iso_year}-W{report.iso_week:02d}.pdf", report.pdf


def parse_distribution(text: str | None) -> list[str]:
    """The addresses of the list (one a line or comma-separated), normalised and without
    repeats; ValidationError in Spanish naming every bad line."""
    addresses, bad = [], []
    for raw in _SEPARATORS.split(text or ""):
        entry = raw.strip()
        if not entry:
            continue
        try:
            address = validate_email(entry, check_deliverability=False).normalized
        except EmailNotValidError:
            bad.append(entry)
            continue
        if address.lower() not in {a.lower() for a in addresses}:
            addresses.append(address)
    if bad:
        shown = ", ".join(f"«{entry[:80]}»" for entry in bad[:10])
        raise ValidationError(f"No son correos válidos: {shown}. No se guardó la lista.",
                              "recipients")
    if len(addresses) > MAX_RECIPIENTS:
        raise ValidationError(f"La lista admite como máximo {MAX_RECIPIENTS} correos "
                              f"(tiene {len(addresses)}). No se guardó la lista.", "recipients")
    return addresses


def get_distribution() -> list[str]:
    """The cabinet members' addresses kept by the Secretary (empty when none)."""
    return [a for a in (get_setting(CABINET_DISTRIBUTION) or "").splitlines() if a]


def save_distribution(text: str | None) -> list[str]:
    """Validate and store the distribution list (all or nothing); flushes."""
    addresses = parse_distribution(text)
    set_setting(CABINET_DISTRIBUTION, "\n".join(addresses))
    return addresses


def deliver_cabinet_memo(now: datetime) -> Delivery:
    """Archive the last complete week's memo (once per week) and queue it for every recipient.

    Idempotent: a second run for the same week reuses the archive this job made and the outbox's
    dedupe key skips the recipients already queued. An empty list does nothing.
    """
    period = last_complete_week(now)
    week = week_value(period)
    recipients = get_distribution()
    if not recipients:
        return Delivery(week, None, 0, False)
    report = _delivered_report(week)
    reused = report is not None
    if report is None:
        report = generate_cabinet_report(week, None, None, now)
    subject = f"Informe de gabinete: {period.label}"
    text = (f"Se adjunta el informe semanal de gabinete de la {period.label}.\n\n"
            f"Es la copia archivada por la Secretaría Técnica (SHA-256 {report.sha256}).\n")
    queued = sum(enqueue(MAIL_KIND, address, subject, text, dedupe_key=_dedupe_key(week, address),
                         now=now, cabinet_report_id=report.id)
                 for address in recipients)
    db.session.flush()
    return Delivery(week, report, queued, reused)


def _dedupe_key(week: str, address: str) -> str:
    key = f"cabinet:{week}:{address.lower()}"
    if len(key) <= _DEDUPE_MAX:
        return key
    return f"cabinet:{week}:{hashlib.sha256(address.lower().encode()).hexdigest()}"


def _delivered_report(week: str) -> CabinetReport | None:
    """The archive this job already mailed for ``week``, if any."""
    return db.session.scalars(
        select(CabinetReport).join(OutboxMessage, OutboxMessage.cabinet_report_id == CabinetReport.id)
        .where(OutboxMessage.kind == MAIL_KIND,
               OutboxMessage.dedupe_key.like(f"cabinet:{week}:%"))
        .order_by(CabinetReport.id).limit(1)).first()
