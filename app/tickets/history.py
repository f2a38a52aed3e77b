"""A ticket's state at a past instant, read from its append-only status history.

The first status move of a ticket after an instant holds, in its "from" columns, the unit,
status and due date the ticket had at that instant; a ticket not moved since has today's
values. The statistics (app/stats/queries.py) and the ticket-list filters that reproduce
their figures both read these selects, so a past week gives the same figures and the same
lists whatever happened since. Moves since an instant and moves in a period are read from
ix_ticket_events_type_created_at, so recent instants and short periods are cheap.
"""
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select, true, union_all
from sqlalchemy.orm import aliased

from app.tickets import constants as c
from app.tickets.models import Ticket, TicketEvent, overdue_status_clause


def first_moves(instant: datetime):
    """Each ticket's first status move at or after ``instant``: (ticket_id, first_id)."""
    return (select(TicketEvent.ticket_id, func.min(TicketEvent.id).label("first_id"))
            .where(TicketEvent.type == c.EVENT_STATUS, TicketEvent.created_at >= instant)
            .group_by(TicketEvent.ticket_id).subquery())


def state_at(instant: datetime, unit_id: int | None = None, overdue_on: date | None = None):
    """The tickets open at ``instant`` (only those overdue on the local day ``overdue_on``
    when given): a subquery of (ticket_id, unit_id, status, due_date) as they were then."""
    moves = first_moves(instant)
    first = aliased(TicketEvent)
    if overdue_on is None:
        open_then = first.status_from.in_(c.OPEN_STATUSES)
        open_now = Ticket.status.in_(c.OPEN_STATUSES)
    else:
        open_then = and_(first.status_from.in_(c.OVERDUE_STATUSES),
                         first.due_date_from < overdue_on)
        open_now = and_(overdue_status_clause(), Ticket.due_date < overdue_on)
    moved = (select(Ticket.id.label("ticket_id"), first.unit_from_id.label("unit_id"),
                    first.status_from.label("status"), first.due_date_from.label("due_date"))
             .select_from(moves).join(first, first.id == moves.c.first_id)
             .join(Ticket, Ticket.id == moves.c.ticket_id)
             .where(Ticket.created_at < instant, open_then,
                    first.unit_from_id == unit_id if unit_id is not None else true()))
    later = aliased(TicketEvent)
    moved_since = (select(later.id).where(later.ticket_id == Ticket.id,
                                          later.type == c.EVENT_STATUS,
                                          later.created_at >= instant).exists())
    unmoved = (select(Ticket.id.label("ticket_id"), Ticket.unit_id, Ticket.status,
                      Ticket.due_date)
               .where(open_now, Ticket.created_at < instant, ~moved_since,
                      Ticket.unit_id == unit_id if unit_id is not None else true()))
    return union_all(unmoved, moved).subquery()


def period_moves(start: datetime, end: datetime):
    """Per ticket moved in [start, end): its last move (``last_id``: the unit and status at
    the end), whether a move channeled it, and the time of the last move from an open to a
    finished status (``finished_at``)."""
    finishing = and_(TicketEvent.status_from.in_(c.OPEN_STATUSES),
                     TicketEvent.status_to.in_(c.FINISHED_STATUSES))
    return (select(TicketEvent.ticket_id, func.max(TicketEvent.id).label("last_id"),
                   func.max(case((TicketEvent.status_to == c.CHANNELED, 1), else_=0))
                   .label("channeled"),
                   func.max(case((finishing, TicketEvent.created_at))).label("finished_at"))
            .where(TicketEvent.type == c.EVENT_STATUS, TicketEvent.created_at >= start,
                   TicketEvent.created_at < end)
            .group_by(TicketEvent.ticket_id).subquery())


def concluded(moves, last):
    """A ticket of ``period_moves`` concluded in it: finished then and still at the end."""
    return and_(moves.c.finished_at.is_not(None), last.status_to.in_(c.FINISHED_STATUSES))


def channeled_ids(start: datetime, end: datetime):
    """The ids of the tickets channeled in [start, end) (the last channeling as of the end)."""
    moves = period_moves(start, end)
    return select(moves.c.ticket_id).where(moves.c.channeled == 1)


def concluded_ids(start: datetime, end: datetime):
    """The ids of the tickets concluded in [start, end) and still finished at its end."""
    moves, last = period_moves(start, end), aliased(TicketEvent)
    return (select(moves.c.ticket_id).select_from(moves)
            .join(last, last.id == moves.c.last_id).where(concluded(moves, last)))


def unit_at(unit_id: int | None, instant: datetime):
    """A clause on tickets: the ticket's unit at ``instant`` was ``unit_id`` (None: none)."""
    def same(column):
        return column.is_(None) if unit_id is None else column == unit_id

    moves, first, later = first_moves(instant), aliased(TicketEvent), aliased(TicketEvent)
    moved_since = (select(later.id).where(later.ticket_id == Ticket.id,
                                          later.type == c.EVENT_STATUS,
                                          later.created_at >= instant).exists())
    moved_from = (select(moves.c.ticket_id).select_from(moves)
                  .join(first, first.id == moves.c.first_id).where(same(first.unit_from_id)))
    return or_(and_(same(Ticket.unit_id), ~moved_since), Ticket.id.in_(moved_from))
