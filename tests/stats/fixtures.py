"""Hand-built ticket rows with explicit timestamps (no workflow): statistics fixtures."""
from datetime import date, datetime
from itertools import count

from app.citizens.models import Citizen
from app.extensions import db
from app.tickets.models import Ticket, TicketEvent
from app.timeutil import LOCAL_TZ

_seq = count(1)


def local(year, month, day, hour=0, minute=0, second=0) -> datetime:
    """An aware datetime given in Fresnillo's local time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=LOCAL_TZ)


def add_citizen(name: str) -> Citizen:
    citizen = Citizen(name=name, search_name=name.lower())
    db.session.add(citizen)
    db.session.flush()
    return citizen


def add_ticket(category, created: datetime, *, unit="default", status="canalizada",
               channel="presencial", kind="reporte", citizen=None, colonia=None,
               channeled: datetime | None = None, resolved: datetime | None = None,
               closed: datetime | None = None, due: date | None = None) -> Ticket:
    """A ticket row exactly as described; ``unit`` defaults to the category's unit."""
    n = next(_seq)
    ticket = Ticket(
        folio=f"T-{n:05d}", channel=channel, kind=kind, category_id=category.id,
        description="Solicitud de prueba.", colonia=colonia, citizen=citizen,
        unit_id=category.default_unit_id if unit == "default" else (unit.id if unit else None),
        status=status, due_date=due, created_at=created, channeled_at=channeled,
        resolved_at=resolved, closed_at=closed, lookup_code=f"L{n:07d}")
    db.session.add(ticket)
    db.session.flush()
    _add_history(ticket)
    return ticket


def _add_history(ticket: Ticket) -> None:
    """The status history the row's timestamps tell: created, channeled, resolved, closed."""
    moves, status, unit_id = [], "recibida", None
    if ticket.channeled_at is not None:
        moves.append((ticket.channeled_at, "canalizada", ticket.unit_id))
    if ticket.resolved_at is not None:
        moves.append((ticket.resolved_at, "atendida", ticket.unit_id))
    if ticket.closed_at is not None:
        moves.append((ticket.closed_at, ticket.status, ticket.unit_id))
    db.session.add(TicketEvent(ticket_id=ticket.id, created_at=ticket.created_at, type="created",
                               status_to=status, actor_label="Sistema"))
    due = None
    for at, to_status, to_unit in moves:
        due_to = ticket.due_date if to_status in ("canalizada", "en_proceso") else due
        db.session.add(TicketEvent(
            ticket_id=ticket.id, created_at=at, type="status", status_from=status,
            status_to=to_status, unit_from_id=unit_id, unit_to_id=to_unit, due_date_from=due,
            due_date_to=due_to, actor_label="Sistema"))
        status, unit_id, due = to_status, to_unit, due_to
    db.session.flush()
