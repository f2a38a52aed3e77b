"""Ticket mails, written to the outbox in the same transaction as the ticket change.

A mapper hook collects every ``TicketEvent`` the session inserts; just before the commit the
collected events become outbox rows. So every path that changes a ticket (desk, units, portal,
Open311, scheduled jobs) notifies, and a rolled-back change notifies nobody. The hooks are
registered by ``init_app``, which the application factory calls.

Who gets what:
- the unit's active staff: a ticket channeled or re-channeled to their unit, and a ticket the
  citizen reopened because it was not solved;
- the citizen who left an e-mail: received (folio and lookup code), channeled, resolved
  (asking whether it was solved) and closed, whatever the note; and an update for every other
  public change, a public note or a public status change (en espera, en proceso...), one mail
  per change (``STATUS_FACTS[...].citizen_mail`` says which status mails on its own).
Citizen mails carry public notes only, never internal notes or staff names; what the citizen
did themself (their answer on the lookup page) sends them nothing.
"""
from contextlib import contextmanager

from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, object_session

from app.extensions import db
from app.notifications import links, queries
from app.notifications.messages import queue_mail
from app.tickets import constants as c
from app.tickets.models import TicketEvent

_COLLECTED = "notify_ticket_events"
_MUTED = "notify_muted"



@contextmanager
def muted():
    """Bulk loaders (the demo) change tickets without writing any mail."""
    db.session.info[_MUTED] = True
    try:
        yield
    finally:
        db.session.info.pop(_MUTED, None)


def init_app(_app) -> None:
    """Register the session hooks that turn ticket events into mails (idempotent)."""
    for target, name, hook in _HOOKS:
        if not sa_event.contains(target, name, hook):
            sa_event.listen(target, name, hook)


def _collect(_mapper, _connection, target):
    session = object_session(target)
    if session is not None and not session.info.get(_MUTED):
        session.info.setdefault(_COLLECTED, []).append(target)


def _queue_collected(session):
    collected = session.info.pop(_COLLECTED, None)
    if collected:
        # Events inserted inside a savepoint that was rolled back are no longer persistent.
        queue_ticket_mails([e for e in collected if sa_inspect(e).persistent])


def _forget(session, transaction):
    if transaction.parent is None:
        session.info.pop(_COLLECTED, None)


_HOOKS = ((TicketEvent, "after_insert", _collect), (Session, "before_commit", _queue_collected),
          (Session, "after_transaction_end", _forget))


def queue_ticket_mails(events: list[TicketEvent]) -> int:
    """Outbox rows for the events of one transaction; returns how many were queued."""
    created = {e.ticket_id for e in events if e.type == c.EVENT_CREATED}
    queued = 0
    for event in sorted(events, key=lambda e: e.id):
        queued += _mail_unit_staff(event)
        if event.type == c.EVENT_CREATED or event.ticket_id not in created:
            queued += _mail_citizen(event)
    return queued


def _mail_unit_staff(event: TicketEvent) -> int:
    ticket = event.ticket
    if event.type != c.EVENT_STATUS or ticket.unit is None:
        return 0
    if event.status_to == c.CHANNELED and event.status_from in c.FINISHED_STATUSES:
        reason = "reopened_by_staff"
    elif event.status_to == c.CHANNELED:
        reason = "rechanneled" if event.unit_from is not None else "channeled"
    elif event.status_from == c.RESOLVED and event.status_to == c.IN_PROGRESS:
        reason = "reopened"
    else:
        return 0
    subject = {"channeled": f"Nuevo ticket {ticket.folio} para {ticket.unit.name}",
               "rechanneled": f"Ticket {ticket.folio} re-canalizado a {ticket.unit.name}",
               "reopened_by_staff": f"Ticket {ticket.folio} reabierto y canalizado a "
                                    f"{ticket.unit.name}",
               "reopened": f"Ticket {ticket.folio} reabierto: el ciudadano indica que no "
                           "quedó resuelto"}[reason]
    queued = 0
    for user in queries.list_unit_staff(ticket.unit.id):
        queued += queue_mail("ticket_unit", user.email, subject, now=event.created_at,
                             dedupe_key=f"ticket-event:{event.id}:u{user.id}", reason=reason,
                             name=user.name, ticket=ticket, event=event,
                             category=ticket.category.name, link=links.ticket_url(ticket))
    return queued


def _mail_citizen(event: TicketEvent) -> int:
    ticket = event.ticket
    email = ticket.citizen.email if ticket.citizen is not None else None
    if not email:
        return 0
    reason = _citizen_reason(event)
    if reason is None:
        return 0
    label = c.STATUS_LABELS[ticket.status]
    subject = {"received": f"Recibimos su solicitud {ticket.folio}",
               c.MAIL_CHANNELED: f"Su solicitud {ticket.folio} fue canalizada",
               c.MAIL_UPDATE: f"Novedades de su solicitud {ticket.folio}",
               c.MAIL_RESOLVED: f"Su solicitud {ticket.folio} fue atendida: ¿quedó resuelta?",
               c.MAIL_CLOSED: f"Su solicitud {ticket.folio}: {label.lower()}"}[reason]
    return int(queue_mail(
        "ticket_citizen", email, subject, now=event.created_at,
        dedupe_key=f"ticket-event:{event.id}:c", reason=reason, ticket=ticket,
        status_label=label, unit_name=ticket.unit.name if ticket.unit else None,
        note=event.note if event.public and event.type != c.EVENT_CREATED else None,
        link=links.lookup_url(ticket)))


def _citizen_reason(event: TicketEvent) -> str | None:
    if event.type == c.EVENT_CREATED:
        return "received"
    if event.actor_label == c.ACTOR_CITIZEN:
        return None
    if event.type == c.EVENT_NOTE:
        return c.MAIL_UPDATE if event.public else None
    if event.type != c.EVENT_STATUS:
        return None
    # Every public move is news for the citizen: the status's own mail, else an update.
    reason = c.STATUS_FACTS[event.status_to].citizen_mail
    return reason or (c.MAIL_UPDATE if event.public else None)
