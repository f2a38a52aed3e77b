"""What the public lookup may show of a ticket: an explicit allow-list of plain values.

The template never receives the Ticket row, so no staff name, internal note or citizen contact
datum can slip into the page by a template change (the citizen's own description is shown).
"""
from dataclasses import dataclass
from datetime import date, datetime

from app.tickets import constants as c


@dataclass(frozen=True)
class PublicUpdate:
    at: datetime
    title: str
    note: str | None


@dataclass(frozen=True)
class PublicStatus:
    folio: str
    received_at: datetime
    category: str
    status: str
    status_label: str
    unit: str
    due_date: date | None
    updates: list[PublicUpdate]
    awaiting_feedback: bool
    version: int
    description: str = ""
    next_step: str = ""
    photos: tuple[int, ...] = ()  # ids of the public photos


def _title(event) -> str:
    if event.type == c.EVENT_CREATED:
        return "Solicitud recibida"
    if event.type == c.EVENT_STATUS:
        if event.status_from == c.RESOLVED and event.status_to == c.IN_PROGRESS:
            return "Reabierta a petición del ciudadano"
        return f"Estado: {c.STATUS_LABELS.get(event.status_to, event.status_to)}"
    if event.type == c.EVENT_ATTACHMENT:
        return "Se agregó un archivo"
    return "Actualización"


def public_status(ticket, public_events, public_photos=()) -> PublicStatus:
    """The citizen-facing summary of a ticket, its public history (newest first) and the
    ids of its public photos."""
    updates = [PublicUpdate(at=e.created_at, title=_title(e),
                            note=None if e.type == c.EVENT_ATTACHMENT else e.note)
               for e in reversed(public_events) if e.public]
    open_due = ticket.status in c.UNIT_STATUSES
    return PublicStatus(
        folio=ticket.folio, received_at=ticket.created_at, category=ticket.category.name,
        status=ticket.status, status_label=c.STATUS_LABELS.get(ticket.status, ticket.status),
        unit=ticket.unit.name if ticket.unit else "En revisión por la Secretaría Técnica",
        due_date=ticket.due_date if open_due else None, updates=updates,
        awaiting_feedback=ticket.status == c.RESOLVED, version=ticket.version,
        description=ticket.description, next_step=c.STATUS_FACTS[ticket.status].next_step,
        photos=tuple(a.id for a in public_photos if a.content_type.startswith("image/")))
