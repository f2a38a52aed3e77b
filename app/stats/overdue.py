"""The overdue lists of the statistics: the most overdue tickets now or at the end of a past
period (the dashboard's and the memo's, read from the day-end lists ``app/stats/rollups.py``
keeps, else from the history) and the full list the CSV streams."""
from datetime import datetime

from sqlalchemy import and_, func, or_, select, true, union_all

from app.extensions import db
from app.stats import rollups
from app.tickets import constants as c
from app.tickets import history
from app.tickets.models import Ticket, overdue_status_clause
from app.timeutil import local_today
from app.units.models import Category, Unit

OVERDUE_STATUSES = c.OVERDUE_STATUSES  # one definition: the tickets feature owns it
OVERDUE_LIST_LIMIT = rollups.OVERDUE_KEPT  # on screen and in the PDF; the CSV has them all
OVERDUE_CHUNK = 1000


def _overdue(now: datetime):
    return and_(overdue_status_clause(), Ticket.due_date < local_today(now))


def _unit_filter(unit_id):
    return Ticket.unit_id == unit_id if unit_id is not None else true()


def list_overdue_tickets(now: datetime, unit_id: int | None = None,
                         limit: int = OVERDUE_LIST_LIMIT, at: datetime | None = None,
                         closed: set | None = None) -> list[dict]:
    """The tickets overdue at ``at`` (default ``now``), most overdue first (at most ``limit``),
    as plain dicts.

    Now, each overdue status is read in due-date order from the (status, due_date) index and
    the short lists are merged, so the query never sorts every overdue ticket. At the end of
    a closed day (``closed``: ``Scope.closed``), from that day's stored lists; at another
    past instant, from the history.
    """
    if at is not None and at < now:
        stored = rollups.most_overdue_at(at, now, closed, limit, unit_id)
        rows = db.session.execute(_overdue_then_query(at, unit_id, limit, stored).limit(limit))
        return [_overdue_row(local_today(at), *row) for row in rows]
    today = local_today(now)
    firsts = [select(Ticket.id.label("id"), Ticket.due_date.label("due"))
              .where(Ticket.status == status, Ticket.due_date < today, _unit_filter(unit_id))
              .order_by(Ticket.due_date, Ticket.id).limit(limit).subquery()
              for status in OVERDUE_STATUSES]
    merged = union_all(*[select(sub.c.id, sub.c.due) for sub in firsts]).subquery()
    rows = db.session.execute(
        select(Ticket.id, Ticket.folio, Unit.name, Category.name, Ticket.due_date,
               Ticket.status)
        .select_from(merged).join(Ticket, Ticket.id == merged.c.id)
        .join(Unit, Unit.id == Ticket.unit_id).join(Category, Category.id == Ticket.category_id)
        .order_by(merged.c.due, merged.c.id).limit(limit))
    return [_overdue_row(today, *row) for row in rows]


def _overdue_then_query(instant: datetime, unit_id, first: int | None = None, state=None):
    """The tickets overdue at a past instant, with the unit, due date and status then (only
    enough for the ``first`` most overdue, when given), from ``state`` (the stored lists of
    ``rollups.most_overdue_at``) or else from the history."""
    if state is None:
        state = history.state_at(instant, unit_id, overdue_on=local_today(instant),
                                 most_overdue=first)
    return (select(state.c.ticket_id, Ticket.folio, Unit.name, Category.name, state.c.due_date,
                   state.c.status)
            .select_from(state).join(Ticket, Ticket.id == state.c.ticket_id)
            .join(Unit, Unit.id == state.c.unit_id)
            .join(Category, Category.id == Ticket.category_id)
            .order_by(state.c.due_date, state.c.ticket_id))


def iter_overdue_tickets(now: datetime, unit_id: int | None = None,
                         chunk: int = OVERDUE_CHUNK, at: datetime | None = None):
    """Every ticket overdue at ``at`` (default ``now``), most overdue first, as plain dicts:
    no cap, memory flat whatever the count (keyset chunks of ``chunk`` rows on (due_date, id)
    now; one streamed query at a past instant)."""
    if at is not None and at < now:
        today = local_today(at)
        result = db.session.execute(
            _overdue_then_query(at, unit_id).execution_options(yield_per=chunk))
        for row in result:
            yield _overdue_row(today, *row)
        return
    today = local_today(now)
    after = None
    while True:
        query = (select(Ticket.id, Ticket.folio, Unit.name, Category.name, Ticket.due_date,
                        Ticket.status)
                 .join(Unit, Unit.id == Ticket.unit_id)
                 .join(Category, Category.id == Ticket.category_id)
                 .where(_overdue(now), _unit_filter(unit_id)))
        if after is not None:
            query = query.where(or_(Ticket.due_date > after[0],
                                    and_(Ticket.due_date == after[0], Ticket.id > after[1])))
        rows = db.session.execute(query.order_by(Ticket.due_date, Ticket.id).limit(chunk)).all()
        for row in rows:
            yield _overdue_row(today, *row)
        if len(rows) < chunk:
            return
        after = (rows[-1].due_date, rows[-1].id)


def _overdue_row(today, ticket_id, folio, unit, category, due, status) -> dict:
    return {"id": ticket_id, "folio": folio, "unit": unit, "category": category, "due_date": due,
            "days_late": (today - due).days, "status": c.STATUS_LABELS.get(status, status)}


def list_oldest_overdue_per_unit(now: datetime, unit_ids, per_unit: int = 3,
                                 at: datetime | None = None, closed: set | None = None) -> dict:
    """{unit_id: the ``per_unit`` most overdue tickets of the unit} at ``at`` (default
    ``now``), for the given units, as ``list_overdue_tickets``'s dicts. One query: now, per
    unit and overdue status, the first rows of the (unit_id, status, due_date, id) index, so
    nothing sorts every overdue ticket; at a past instant, ranked from the history."""
    if at is not None and at < now:
        return _oldest_overdue_then(at, unit_ids, per_unit, rollups.most_overdue_at(
            at, now, closed, per_unit, per_unit=True))
    today = local_today(now)
    firsts = [select(Ticket.id.label("id"), Ticket.unit_id.label("unit_id"),
                     Ticket.due_date.label("due"))
              .where(Ticket.unit_id == unit_id, Ticket.status == status, Ticket.due_date < today)
              .order_by(Ticket.due_date, Ticket.id).limit(per_unit).subquery()
              for unit_id in unit_ids for status in OVERDUE_STATUSES]
    if not firsts:
        return {}
    merged = union_all(*[select(sub.c.id, sub.c.unit_id, sub.c.due) for sub in firsts]).subquery()
    rows = db.session.execute(
        select(merged.c.unit_id, Ticket.id, Ticket.folio, Unit.name, Category.name,
               Ticket.due_date, Ticket.status)
        .select_from(merged).join(Ticket, Ticket.id == merged.c.id)
        .join(Unit, Unit.id == Ticket.unit_id).join(Category, Category.id == Ticket.category_id)
        .order_by(merged.c.unit_id, merged.c.due, merged.c.id))
    oldest = {}
    for unit_id, *row in rows:
        tickets = oldest.setdefault(unit_id, [])
        if len(tickets) < per_unit:
            tickets.append(_overdue_row(today, *row))
    return oldest


def _oldest_overdue_then(instant: datetime, unit_ids, per_unit: int, state=None) -> dict:
    """As ``list_oldest_overdue_per_unit`` at a past instant, from ``state`` (the stored
    lists) or else from the history."""
    if state is None:
        state = history.state_at(instant, None, overdue_on=local_today(instant))
    rank = func.row_number().over(partition_by=state.c.unit_id,
                                  order_by=(state.c.due_date, state.c.ticket_id))
    ranked = (select(state.c.ticket_id, state.c.unit_id, state.c.due_date, state.c.status,
                     rank.label("rn")).where(state.c.unit_id.in_(list(unit_ids))).subquery())
    rows = db.session.execute(
        select(ranked.c.unit_id, Ticket.id, Ticket.folio, Unit.name, Category.name,
               ranked.c.due_date, ranked.c.status)
        .select_from(ranked).join(Ticket, Ticket.id == ranked.c.ticket_id)
        .join(Unit, Unit.id == ranked.c.unit_id)
        .join(Category, Category.id == Ticket.category_id)
        .where(ranked.c.rn <= per_unit)
        .order_by(ranked.c.unit_id, ranked.c.due_date, ranked.c.ticket_id))
    today, oldest = local_today(instant), {}
    for unit_id, *row in rows:
        oldest.setdefault(unit_id, []).append(_overdue_row(today, *row))
    return oldest
