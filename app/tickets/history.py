"""A ticket's state at a past instant, read from its append-only status history.

The first status move of a ticket after an instant holds, in its "from" columns, the unit,
status and due date the ticket had at that instant; a ticket not moved since has today's
values. The statistics (app/stats/queries.py) and the ticket-list filters that reproduce
their figures both read these selects, so a past week gives the same figures and the same
lists whatever happened since. Moves since an instant and moves in a period are read from
ix_ticket_events_type_created_at, so recent instants and short periods are cheap.

The daily facts (``day_facts``) say what each local day added to the statistics, once per
ticket and kind of fact, so that any range's figure is the sum of its days' (the daily
rollups of app/stats/rollups.py add them up; the ticket list selects the same tickets):

* received: the ticket was created that day; its unit is the one it had at the day's end;
* channeled: the ticket's first channeling ever, to the unit it was channeled to;
* concluded: the ticket's first move from an open to a finished status, for the unit that
  concluded it; with, when it was solved (atendida, cerrada), the seconds from reception.
"""
from bisect import bisect_left, insort
from heapq import merge
from itertools import islice
from datetime import date, datetime, timedelta

from sqlalchemy import (Date, Integer, and_, bindparam, case, cast, func, literal, null, or_,
                        select, text, true, union_all)
from sqlalchemy.orm import aliased

from app.extensions import db
from app.tickets import constants as c
from app.tickets.models import Ticket, TicketEvent, finished_at, overdue_status_clause
from app.timeutil import (LOCAL_TZ, UTCDateTime, local_day_range_utc, local_midnight_utc,
                          local_today)

# SQLite refuses a compound SELECT of more than 500 parts: a days table is built in chunks.
DAYS_PER_CHUNK = 400


def first_moves(instant: datetime):
    """Each ticket's first status move at or after ``instant``: (ticket_id, first_id)."""
    return (select(TicketEvent.ticket_id, func.min(TicketEvent.id).label("first_id"))
            .where(TicketEvent.type == c.EVENT_STATUS, TicketEvent.created_at >= instant)
            .group_by(TicketEvent.ticket_id).subquery())


def state_at(instant: datetime, unit_id: int | None = None, overdue_on: date | None = None,
             most_overdue: int | None = None):
    """The tickets open at ``instant`` (only those overdue on the local day ``overdue_on``
    when given): a subquery of (ticket_id, unit_id, status, due_date) as they were then.
    With ``most_overdue`` (and ``overdue_on``), only enough rows for that many most overdue: the
    tickets not moved since are read per status from the (status, due_date) index."""
    moves = first_moves(instant)
    first = aliased(TicketEvent)
    if overdue_on is None:
        open_then = first.status_from.in_(c.OPEN_STATUSES)
        open_now = Ticket.status.in_(c.OPEN_STATUSES)
    else:
        open_then = and_(first.status_from.in_(c.OVERDUE_STATUSES),
                         first.due_date_from < overdue_on)
        open_now = and_(overdue_status_clause(), Ticket.due_date < overdue_on)
    # The moved tickets' reception is read per move (a scalar subquery on the primary key):
    # as a join, PostgreSQL hashes every ticket received before the instant.
    received = (select(Ticket.created_at).where(Ticket.id == moves.c.ticket_id)
                .scalar_subquery())
    moved = (select(moves.c.ticket_id.label("ticket_id"), first.unit_from_id.label("unit_id"),
                    first.status_from.label("status"), first.due_date_from.label("due_date"))
             .select_from(moves).join(first, first.id == moves.c.first_id)
             .where(received < instant, open_then,
                    first.unit_from_id == unit_id if unit_id is not None else true()))
    later = aliased(TicketEvent)
    moved_since = (select(later.id).where(later.ticket_id == Ticket.id,
                                          later.type == c.EVENT_STATUS,
                                          later.created_at >= instant).exists())
    unmoved = (select(Ticket.id.label("ticket_id"), Ticket.unit_id, Ticket.status,
                      Ticket.due_date)
               .where(open_now, Ticket.created_at < instant, ~moved_since,
                      Ticket.unit_id == unit_id if unit_id is not None else true()))
    if most_overdue is None or overdue_on is None:
        return union_all(unmoved, moved).subquery()
    firsts = [select(unmoved.where(Ticket.status == status)
                     .order_by(Ticket.due_date, Ticket.id).limit(most_overdue).subquery())
              for status in c.OVERDUE_STATUSES]
    return union_all(*firsts, moved).subquery()


def open_at(instant: datetime, overdue_on: date | None = None):
    """A clause on tickets: open at the past ``instant`` (overdue on the local day
    ``overdue_on``, when given), by the same rule as ``state_at`` (the first move since holds
    the state then), checked per ticket on the (ticket_id, id) index among the tickets that
    can be: received before it, and open now or finished since (a reopening clears
    ``resolved_at``/``closed_at``, so a ticket finished now after being open then has them
    after the instant). Its cost follows the tickets open then, not the moves since: a list
    of a day two years ago costs what yesterday's does."""
    first_id = (select(func.min(TicketEvent.id))
                .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.type == c.EVENT_STATUS,
                       TicketEvent.created_at >= instant)
                .correlate(Ticket).scalar_subquery())  # Ticket: the outer query's, even nested
    then = aliased(TicketEvent)
    status_then = func.coalesce(select(then.status_from).where(then.id == first_id)
                                .scalar_subquery(), Ticket.status)
    candidates = and_(Ticket.created_at < instant,
                      or_(Ticket.status.in_(c.OPEN_STATUSES), finished_at() >= instant))
    if overdue_on is None:
        return and_(candidates, status_then.in_(c.OPEN_STATUSES))
    due_then = case((first_id.is_(None), Ticket.due_date),
                    else_=select(then.due_date_from).where(then.id == first_id)
                    .scalar_subquery())
    return and_(candidates, status_then.in_(c.OVERDUE_STATUSES), due_then < overdue_on)


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


def days_table(days: list[date], now: datetime, name: str = "days"):
    """The local ``days`` as a CTE (d, s, e): each day's UTC bounds, the end capped at
    ``now`` (today counts up to now); ``name`` tells apart several in one statement.
    PostgreSQL computes the bounds from one array of dates (its time-zone rules are
    exact); SQLite gets them as literal rows computed here."""
    window = (local_midnight_utc(min(days)), min(local_day_range_utc(max(days), max(days))[1], now))
    if db.engine.dialect.name == "postgresql":
        table = (text(f"SELECT d AS d, (d::timestamp AT TIME ZONE '{LOCAL_TZ.key}') AS s, "
                     f"least(((d + 1)::timestamp AT TIME ZONE '{LOCAL_TZ.key}'), :{name}_now) "
                     f"AS e FROM unnest(CAST(:{name}_days AS date[])) AS d")
                .bindparams(bindparam(f"{name}_days", list(days)),
                            bindparam(f"{name}_now", now, type_=UTCDateTime()))
                 .columns(d=Date(), s=UTCDateTime(), e=UTCDateTime()).cte(name))
        table.window = window
        return table

    def row(day):
        start, end = local_day_range_utc(day, day)
        return select(literal(day).label("d"), literal(start, UTCDateTime()).label("s"),
                      literal(min(end, now), UTCDateTime()).label("e"))

    chunks = [union_all(*[row(day) for day in days[i:i + DAYS_PER_CHUNK]])
              for i in range(0, len(days), DAYS_PER_CHUNK)]
    table = (chunks[0] if len(chunks) == 1
             else union_all(*[select(chunk.subquery()) for chunk in chunks])).cte(name)
    table.window = window  # [first start, last end): lets the planner cut the rows first
    return table


def day_range(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _seconds(column):
    """Whole UTC epoch seconds of a timestamp, computed the same way on both databases."""
    if db.engine.dialect.name == "postgresql":
        return func.floor(func.extract("epoch", column))
    return cast(func.strftime("%s", column), Integer)


def _unit_at_end(days):
    """The received ticket's unit at its day's end: the first later move's "from" unit."""
    later, moved = aliased(TicketEvent), aliased(TicketEvent)
    first_after = (select(func.min(later.id))
                   .where(later.ticket_id == Ticket.id, later.type == c.EVENT_STATUS,
                          later.created_at >= days.c.e).scalar_subquery())
    return moved, moved.id == first_after, case((moved.id.is_(None), Ticket.unit_id),
                                               else_=moved.unit_from_id)


def _dims():
    return (Ticket.channel, Ticket.kind, Ticket.category_id, Ticket.colonia, Ticket.colonia_id,
            Ticket.citizen_id)


def first_events(kind: str):
    """(event, clause): the status events that are a ticket's first channeling ("channeled")
    or its first move from an open to a finished status ("concluded")."""
    event, earlier = aliased(TicketEvent), aliased(TicketEvent)
    if kind == "channeled":
        def qualifies(e):
            return and_(e.type == c.EVENT_STATUS, e.status_to == c.CHANNELED)
    else:
        def qualifies(e):
            return and_(e.type == c.EVENT_STATUS, e.status_from.in_(c.OPEN_STATUSES),
                        e.status_to.in_(c.FINISHED_STATUSES))
    none_before = ~(select(earlier.id).where(earlier.ticket_id == event.ticket_id,
                                             earlier.id < event.id, qualifies(earlier))
                    .exists())
    return event, and_(qualifies(event), none_before)


def day_facts(days):
    """Per local day of ``days`` (``days_table``) and ticket, what the day added: columns
    day, ticket_id, unit_id, received, channeled, concluded, seconds (solved: from reception
    to the concluding move), channel, kind, category_id, colonia, colonia_id (the catalogue's),
    citizen_id."""
    moved, on, unit = _unit_at_end(days)
    start, end = days.window
    received = (select(days.c.d.label("day"), Ticket.id.label("ticket_id"),
                       unit.label("unit_id"), literal(1, Integer).label("received"),
                       literal(0, Integer).label("channeled"),
                       literal(0, Integer).label("concluded"),
                       cast(null(), Integer).label("seconds"), *_dims())
                .select_from(Ticket)
                .join(days, and_(Ticket.created_at >= days.c.s, Ticket.created_at < days.c.e))
                .outerjoin(moved, on)
                .where(Ticket.created_at >= start, Ticket.created_at < end))
    parts = [received]
    for kind in ("channeled", "concluded"):
        event, clause = first_events(kind)
        seconds = (case((event.status_to.in_(c.SOLVED_STATUSES),
                         _seconds(event.created_at) - _seconds(Ticket.created_at)))
                   if kind == "concluded" else null())
        parts.append(
            select(days.c.d, event.ticket_id, event.unit_to_id, literal(0, Integer),
                   literal(int(kind == "channeled"), Integer),
                   literal(int(kind == "concluded"), Integer), cast(seconds, Integer),
                   *_dims())
            .select_from(event)
            .join(days, and_(event.created_at >= days.c.s, event.created_at < days.c.e))
            .join(Ticket, Ticket.id == event.ticket_id)
            .where(event.type == c.EVENT_STATUS, event.created_at >= start,
                   event.created_at < end, clause))
    return union_all(*parts).subquery(f"facts_{days.name}")


def fact_ids(kind: str, first: date, last: date, now: datetime, unit_id, any_unit: bool):
    """The ids of the tickets whose ``kind`` fact ("received", "channeled", "concluded") fell
    in the local days first..last, for ``unit_id`` (None: no unit) unless ``any_unit``: the
    tickets ``day_facts`` counts (the received ones by unit need a days table of the range)."""
    def same_unit(column):
        if any_unit:
            return true()
        return column.is_(None) if unit_id is None else column == unit_id

    if kind == "received":
        facts = day_facts(days_table(day_range(first, last), now))
        return select(facts.c.ticket_id).where(facts.c.received == 1, same_unit(facts.c.unit_id))
    start, end = local_day_range_utc(first, last)
    event, clause = first_events(kind)
    return select(event.ticket_id).where(clause, event.created_at >= start,
                                         event.created_at < min(end, now),
                                         same_unit(event.unit_to_id))


# --- States at an instant, counted per unit (the statistics' rezago and vencidas). ---------

def count_current_per_unit(now: datetime, unit_id: int | None = None) -> dict:
    """{"open": {unit_id: n}, "overdue": {unit_id: n}} now, in one query."""
    overdue = case((and_(overdue_status_clause(), Ticket.due_date < local_today(now)), 1))
    rows = db.session.execute(
        select(Ticket.unit_id, func.count(), func.count(overdue))
        .where(Ticket.status.in_(c.OPEN_STATUSES),
               Ticket.unit_id == unit_id if unit_id is not None else true())
        .group_by(Ticket.unit_id))
    result = {"open": {}, "overdue": {}}
    for unit, n, late in rows:
        result["open"][unit] = n
        if late:
            result["overdue"][unit] = late
    return result


def _touched_since(instant: datetime):
    """The tickets created before ``instant`` and moved since, read from the history alone:
    today's unit, status and due date (the last move's "to" columns) beside those of the
    instant (the first later move's "from" columns)."""
    moves = (select(TicketEvent.ticket_id, func.min(TicketEvent.id).label("first_id"),
                    func.max(TicketEvent.id).label("last_id"))
             .where(TicketEvent.type == c.EVENT_STATUS, TicketEvent.created_at >= instant)
             .group_by(TicketEvent.ticket_id).subquery())
    first, last, created = aliased(TicketEvent), aliased(TicketEvent), aliased(TicketEvent)
    created_since = (select(created.id).where(created.ticket_id == moves.c.ticket_id,
                                              created.type == c.EVENT_CREATED,
                                              created.created_at >= instant).exists())
    return (select(last.unit_to_id.label("unit_id"), last.status_to.label("status"),
                   last.due_date_to.label("due_date"), first.unit_from_id.label("unit_then"),
                   first.status_from.label("status_then"), first.due_date_from.label("due_then"))
            .select_from(moves).join(first, first.id == moves.c.first_id)
            .join(last, last.id == moves.c.last_id)
            .where(~created_since).cte("touched"))


def count_state_per_unit(instant: datetime, now: datetime, unit_id: int | None = None) -> dict:
    """{"open": {unit_id: n}, "overdue": {unit_id: n}} at ``instant`` (now or past).

    At a past instant: today's open tickets (an index-only count), minus those created since,
    minus today's share of those moved since, plus their share at the instant; only the
    last two read the history, and only since the instant."""
    if instant >= now:
        return count_current_per_unit(now, unit_id)
    day = local_today(instant)
    touched = _touched_since(instant)

    def part(sign, unit, status, due, source, *conditions):
        overdue = case((and_(status.in_(c.OVERDUE_STATUSES), due < day), 1), else_=0)
        unit_clause = unit == unit_id if unit_id is not None else true()
        return (select(unit.label("unit_id"), (sign * func.count()).label("n"),
                       (sign * func.coalesce(func.sum(overdue), 0)).label("late"))
                .select_from(source).where(status.in_(c.OPEN_STATUSES), unit_clause, *conditions)
                .group_by(unit))

    parts = [part(1, Ticket.unit_id, Ticket.status, Ticket.due_date, Ticket.__table__),
             part(-1, Ticket.unit_id, Ticket.status, Ticket.due_date, Ticket.__table__,
                  Ticket.created_at >= instant),
             part(-1, touched.c.unit_id, touched.c.status, touched.c.due_date, touched),
             part(1, touched.c.unit_then, touched.c.status_then, touched.c.due_then, touched)]
    result = {"open": {}, "overdue": {}}
    for unit, n, late in db.session.execute(union_all(*parts)):
        result["open"][unit] = result["open"].get(unit, 0) + n
        result["overdue"][unit] = result["overdue"].get(unit, 0) + late
    return {key: {unit: n for unit, n in values.items() if n} for key, values in result.items()}


def count_states_per_day(first: date, last: date, most_overdue: tuple[int, int] | None = None):
    """{day: {unit_id: [open, overdue]}} at the end of each local day first..last, by the
    rule of ``count_state_per_unit`` (the first move after an instant holds the state then,
    a ticket not moved since has today's values), for many days in one pass: each relevant
    ticket's states become intervals of day ends, added with difference arrays (a ticket's
    moves are in time order: their ids follow their times). Relevant: created before the
    last day's end, and open now or moved since the first day began.

    With ``most_overdue`` = (overall, per unit) it returns (those counts, an iterator of
    (day, [(due_date, ticket_id, status, unit_id), ...], {unit_id: [...]}) in day order): the
    ``overall`` most overdue tickets at each day's end and each unit's ``per unit`` most
    overdue, ranked as ``state_at`` ranks them (due date, then id), a day at a time."""
    start, end = local_day_range_utc(first, last)
    size = (last - first).days + 1
    later = aliased(TicketEvent)
    moved = (select(later.id).where(later.ticket_id == Ticket.id, later.type == c.EVENT_STATUS,
                                    later.created_at >= start).exists())
    relevant = and_(Ticket.created_at < end, or_(Ticket.status.in_(c.OPEN_STATUSES), moved))
    if db.engine.dialect.name == "postgresql":
        # The two streams are read to the end: plan them for the whole, not the first rows.
        db.session.execute(text("SET LOCAL cursor_tuple_fraction = 1"))
    tickets = db.session.execute(
        select(Ticket.id, Ticket.created_at, Ticket.unit_id, Ticket.status, Ticket.due_date)
        .where(relevant).order_by(Ticket.id).execution_options(yield_per=5000))
    events = db.session.execute(
        select(TicketEvent.ticket_id, TicketEvent.created_at, TicketEvent.unit_from_id,
               TicketEvent.status_from, TicketEvent.due_date_from)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.type == c.EVENT_STATUS, relevant)
        .order_by(TicketEvent.ticket_id, TicketEvent.id).execution_options(yield_per=5000))
    diffs, overdue_spans = {}, []
    pending = next(events, None)
    for ticket_id, created_at, unit, status, due in tickets:
        bounds, states = [created_at], []
        while pending is not None and pending[0] < ticket_id:
            pending = next(events, None)
        while pending is not None and pending[0] == ticket_id:
            bounds.append(pending[1])
            states.append(pending[2:])
            pending = next(events, None)
        states.append((unit, status, due))
        bounds.append(None)
        for k, (unit_then, status_then, due_then) in enumerate(states):
            if status_then not in c.OPEN_STATUSES:
                continue
            low = (local_today(bounds[k]) - first).days
            high = (size - 1 if bounds[k + 1] is None
                    else (local_today(bounds[k + 1]) - first).days - 1)
            _add_span(diffs, unit_then, 0, max(low, 0), min(high, size - 1))
            if status_then in c.OVERDUE_STATUSES and due_then is not None:
                span = (max(low, (due_then - first).days, 0), min(high, size - 1))
                _add_span(diffs, unit_then, 1, *span)
                if most_overdue and span[0] <= span[1]:
                    overdue_spans.append((*span, (due_then, ticket_id, status_then,
                                                  unit_then)))
    counts = _accumulate(diffs, first, size)
    if not most_overdue:
        return counts
    return counts, _most_overdue_per_day(overdue_spans, first, size, *most_overdue)


def _most_overdue_per_day(spans: list, first: date, size: int, overall: int, per_unit: int):
    """Sweep the days: each unit's overdue tickets in (due_date, ticket_id) order, kept
    sorted as spans begin and end; yield each day's first ``overall`` of all the units
    (merged) and first ``per_unit`` of each."""
    begins, ends = {}, {}
    for low, high, key in spans:
        begins.setdefault(low, []).append(key)
        ends.setdefault(high + 1, []).append(key)
    active = {}
    for i in range(size):
        for key in ends.pop(i, ()):
            keys = active[key[3]]
            del keys[bisect_left(keys, key)]
        for key in begins.pop(i, ()):
            insort(active.setdefault(key[3], []), key)
        firsts = list(islice(merge(*(keys[:overall] for keys in active.values())), overall))
        yield (first + timedelta(days=i), firsts,
               {unit: keys[:per_unit] for unit, keys in active.items() if keys})


def _add_span(diffs: dict, unit, column: int, low: int, high: int) -> None:
    if low > high:
        return
    counts = diffs.setdefault(unit, {})
    counts[(column, low)] = counts.get((column, low), 0) + 1
    counts[(column, high + 1)] = counts.get((column, high + 1), 0) - 1


def _accumulate(diffs: dict, first: date, size: int) -> dict:
    result = {first + timedelta(days=i): {} for i in range(size)}
    for unit, counts in diffs.items():
        running = [0, 0]
        for i in range(size):
            for column in (0, 1):
                running[column] += counts.get((column, i), 0)
            if running[0] or running[1]:
                result[first + timedelta(days=i)][unit] = list(running)
    return result
