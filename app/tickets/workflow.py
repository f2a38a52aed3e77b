"""The ticket state machine: the ONLY code that writes ``Ticket.status``.

Roles act on tickets through one table of allowed transitions. ``transition`` validates
the move, updates the ticket, appends a ``TicketEvent`` (history is never edited) and
raises ``WorkflowError`` with a Spanish message otherwise.

Decisions (documented for the other features that call this module):
- ``actor=None`` is the system role (portal, Open311, scheduled jobs); pass
  ``actor_label`` ("Ciudadano", "Sistema", "API") to name who acted.
- Channeling (and re-channeling, and reopening) sets the unit, ``channeled_at`` and a
  new due date: ``category.due_days`` business days from the local date of ``now``.
- Devuelta clears the unit and the due date: the ticket is back in triage and the
  unit that returned it no longer sees it (the event keeps ``unit_from``).
- A move that changes the unit (re-channeling, devuelta) clears the assignee.
- Leaving "en espera" pushes the due date by the business days spent waiting.
- Improcedente/duplicada/cerrada set ``closed_at``; atendida sets ``resolved_at``.
- Mail: this module writes no mail. Every ``TicketEvent`` a transaction inserts (here, in
  ``services`` and in the portal) becomes the citizen's and the unit's outbox rows when the
  transaction commits, in ``app.notifications.events`` (hooks registered by ``create_app``
  through ``events.init_app``); who gets what is decided there, per event, from the status
  facts (``constants.STATUS_FACTS[...].citizen_mail``). A rollback mails nobody; the demo
  mutes it with ``events.muted()``.
- Bulk callers (the demo, the auto-close job) wrap their moves in ``with batch():``: the
  municipal non-working days are read once and the session is flushed once, at the end.
"""
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy.orm.exc import StaleDataError

from app.auth.permissions import FRONTDESK, SECRETARY, UNIT
from app.businessdays import add_business_days, business_days_between, load_municipal_days
from app.extensions import db
from app.tickets import constants as c
from app.tickets.models import Ticket, TicketEvent
from app.timeutil import local_today

SYSTEM = "system"
_BATCH = "workflow_batch"  # session.info key: the municipal days of the open batch
FINISHED = set(c.FINISHED_STATUSES)

# The desk: any open ticket may be channeled, rejected or marked duplicate; a finished one
# may be reopened (channeled again), and an atendida one closed once the citizen confirms.
_DESK = {status: set(c.DESK_ACTIONS) for status in c.OPEN_STATUSES}
_DESK.update({status: {c.CHANNELED} for status in c.FINISHED_STATUSES})  # reopen
_DESK[c.RESOLVED].add(c.CLOSED)  # citizen confirmed by phone

# role -> from status -> allowed target statuses. Admin has no ticket rights at all.
TRANSITIONS: dict[str, dict[str, set[str]]] = {
    SECRETARY: _DESK,
    FRONTDESK: _DESK,
    UNIT: {
        c.CHANNELED: {c.IN_PROGRESS, c.RETURNED, c.RESOLVED},
        c.IN_PROGRESS: {c.WAITING_CITIZEN, c.RETURNED, c.RESOLVED},
        c.WAITING_CITIZEN: {c.IN_PROGRESS, c.RETURNED, c.RESOLVED},
    },
    SYSTEM: {
        c.RECEIVED: {c.CHANNELED},  # automatic channeling by the catalog
        c.WAITING_CITIZEN: {c.IN_PROGRESS},  # the citizen answered
        c.RESOLVED: {c.CLOSED, c.IN_PROGRESS},  # confirmed or auto-closed / not solved
    },
}

NOTE_REQUIRED = {code: row.note_required for code, row in c.STATUS_FACTS.items()
                 if row.note_required}
REOPEN_NOTE = "Indique el motivo de la reapertura."

# Labels of the actions offered on the detail page.
ACTION_LABELS = {code: row.action for code, row in c.STATUS_FACTS.items() if row.action}


class WorkflowError(Exception):
    """An illegal or incomplete transition; the message is Spanish and shown to the user."""

    field = None  # same shape as ValidationError, so views show both alike


class StaleTicketError(WorkflowError):
    """Someone else changed the ticket since the form was loaded."""

    def __init__(self):
        super().__init__("Otra persona modificó este ticket mientras usted lo revisaba. "
                         "No se guardó ningún cambio: revise el estado actual e intente de nuevo.")


def role_of(actor) -> str | None:
    """The transition-table role of an actor (None for a user without ticket rights)."""
    if actor is None:
        return SYSTEM
    return actor.role if actor.role in TRANSITIONS and actor.active else None


def allowed_targets(ticket: Ticket, actor) -> list[str]:
    """Statuses the actor may move the ticket to now (for the detail page)."""
    role = role_of(actor)
    if role is None or (role == UNIT and unit_id_of(ticket) != actor.unit_id):
        return []
    return [s for s in c.STATUS_LABELS if s in TRANSITIONS[role].get(ticket.status, ())]


def unit_id_of(ticket: Ticket) -> int | None:
    """The ticket's unit id, right even before a flush (the relationship is authoritative)."""
    return ticket.unit.id if ticket.unit is not None else None


def is_reopening(ticket: Ticket, to_status: str) -> bool:
    return ticket.status in FINISHED and to_status not in FINISHED


def check_version(ticket: Ticket, expected_version) -> None:
    """Refuse a form built on an older version of the ticket."""
    if expected_version is not None and str(expected_version) != str(ticket.version):
        raise StaleTicketError()


@contextmanager
def batch():
    """Many moves in one go: the municipal days (yielded) read once, one flush at the end.

    The days are read before anything else, so the read's autoflush writes nothing early."""
    info = db.session.info
    if _BATCH in info:
        yield info[_BATCH]
        return
    info[_BATCH] = load_municipal_days()
    try:
        yield info[_BATCH]
        flush_ticket()
    finally:
        info.pop(_BATCH, None)


def start(ticket: Ticket, actor, *, now: datetime, actor_label: str | None = None,
          note: str = "Solicitud recibida.") -> TicketEvent:
    """Give a new ticket its first status (recibida) and the 'created' event."""
    ticket.status = c.RECEIVED
    ticket.created_at = now
    event = TicketEvent(ticket=ticket, actor=actor, actor_label=_label(actor, actor_label),
                        created_at=now, type=c.EVENT_CREATED, status_to=c.RECEIVED,
                        note=note, public=True)
    db.session.add(event)
    return event


def transition(ticket: Ticket, to_status: str, actor, *, note: str | None = None,
               now: datetime, unit=None, public: bool = True, actor_label: str | None = None,
               duplicate_of: Ticket | None = None, expected_version=None) -> TicketEvent:
    """Move ``ticket`` to ``to_status`` on behalf of ``actor`` (None = system), or raise.

    Flushed at once, unless inside ``batch()``.
    """
    check_version(ticket, expected_version)
    note = (note or "").strip() or None
    _check_allowed(ticket, to_status, actor)
    _check_requirements(ticket, to_status, note, unit, duplicate_of)
    municipal = db.session.info[_BATCH] if in_batch() else load_municipal_days()
    status_from, unit_from, due_from = ticket.status, ticket.unit, ticket.due_date
    _apply(ticket, to_status, now=now, unit=unit, duplicate_of=duplicate_of, municipal=municipal)
    if note is None and to_status == c.CHANNELED:
        note = f"Canalizada a {ticket.unit.name}."
    event = TicketEvent(ticket=ticket, actor=actor, actor_label=_label(actor, actor_label),
                        created_at=now, type=c.EVENT_STATUS, status_from=status_from,
                        status_to=to_status, unit_from=unit_from, unit_to=ticket.unit,
                        due_date_from=due_from, due_date_to=ticket.due_date, note=note,
                        public=public)
    db.session.add(event)
    if not in_batch():
        flush_ticket()
    return event


def in_batch() -> bool:
    """Whether the moves are inside ``batch()`` (flushed by it, not one by one)."""
    return _BATCH in db.session.info


def flush_ticket() -> None:
    """Flush, turning a concurrent update (version mismatch) into a StaleTicketError."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleTicketError() from exc


def _label(actor, actor_label):
    return actor_label if actor_label else (None if actor is not None else c.ACTOR_SYSTEM)


def _check_allowed(ticket, to_status, actor) -> None:
    if to_status not in c.STATUS_LABELS:
        raise WorkflowError("Estado desconocido.")
    role = role_of(actor)
    if role is None:
        raise WorkflowError("Su rol no puede cambiar el estado de los tickets.")
    if role == UNIT and unit_id_of(ticket) != actor.unit_id:
        raise WorkflowError("Este ticket no corresponde a su unidad.")
    if to_status not in TRANSITIONS[role].get(ticket.status, ()):
        raise WorkflowError(
            f"No se puede pasar de «{c.STATUS_LABELS[ticket.status]}» a "
            f"«{c.STATUS_LABELS[to_status]}» con su rol.")


def _check_requirements(ticket, to_status, note, unit, duplicate_of) -> None:
    if is_reopening(ticket, to_status) and not note:
        raise WorkflowError(REOPEN_NOTE)
    if ticket.status == c.RESOLVED and to_status == c.IN_PROGRESS and not note:
        raise WorkflowError("Indique por qué la solicitud no quedó resuelta.")
    if to_status in NOTE_REQUIRED and not note:
        raise WorkflowError(NOTE_REQUIRED[to_status])
    if to_status == c.CHANNELED:
        target = unit if unit is not None else (ticket.unit if ticket.status != c.CHANNELED else None)
        if target is None:
            raise WorkflowError("Seleccione la unidad a la que se canaliza.")
        if not target.active:
            raise WorkflowError("La unidad seleccionada está inactiva.")
        if ticket.status == c.CHANNELED and target.id == unit_id_of(ticket):
            raise WorkflowError("El ticket ya está canalizado a esa unidad.")
    if to_status == c.DUPLICATE:
        if duplicate_of is None:
            raise WorkflowError("Indique el folio original del que es duplicado.")
        if duplicate_of is ticket or duplicate_of.duplicate_of is ticket:
            raise WorkflowError("Un ticket no puede ser duplicado de sí mismo.")


def _apply(ticket, to_status, *, now, unit, duplicate_of, municipal) -> None:
    unit_before = ticket.unit
    if ticket.status == c.WAITING_CITIZEN and ticket.paused_at is not None:
        if ticket.due_date is not None:
            waited = business_days_between(local_today(ticket.paused_at), local_today(now), municipal)
            ticket.due_date = add_business_days(ticket.due_date, waited, municipal)
        ticket.paused_at = None
    if is_reopening(ticket, to_status) or to_status == c.IN_PROGRESS:
        ticket.resolved_at = ticket.closed_at = ticket.duplicate_of = None
    if to_status == c.CHANNELED:
        ticket.unit = unit if unit is not None else ticket.unit
        ticket.channeled_at = now
        ticket.due_date = add_business_days(local_today(now), ticket.category.due_days, municipal)
    elif to_status == c.WAITING_CITIZEN:
        ticket.paused_at = now
    elif to_status == c.RETURNED:
        ticket.unit = None
        ticket.due_date = None
    elif to_status == c.RESOLVED:
        ticket.resolved_at = now
    elif to_status == c.CLOSED:
        ticket.closed_at = now
    elif to_status in (c.REJECTED, c.DUPLICATE):
        ticket.closed_at = now
        if to_status == c.DUPLICATE:
            ticket.duplicate_of = duplicate_of.duplicate_of or duplicate_of
    if ticket.unit is not unit_before:
        ticket.assignee = None  # the assignee is always a person of the ticket's unit
    ticket.status = to_status
