"""Daily rollups: the ticket figures of every closed local day, so any range up to a year is
read from a few hundred rows instead of its tickets.

What a day adds is ``app.tickets.history.day_facts`` (received, first channeling, first
conclusion, resolution seconds); backlog and overdue at the day's end are
``history.count_state_per_unit``. This module writes them per day (and, once a month's days
are all closed, per month) and reads any range back as the sum of:

* the month rows of the whole months inside it whose days are all closed;
* the day rows of its other closed days;
* the same facts computed live from the tickets for the days not closed yet (today always),

so a figure is the same whether its days are closed or not, and a day that was not closed
makes a page slower, never wrong. The states at a period's end come from the closed day's
snapshot, else from the history (now: the tickets).

Why a scheduled command (``flask stats-close-days``, crontab just after midnight) and not the
alternatives: triggers would put the statistics' rules in PL/pgSQL beside the Python ones, and
SQLite (development, tests) would need another copy; session hooks would write in every
request that moves a ticket, with a hot row per unit and day under contention; PostgreSQL
materialized views refresh whole (O(N) every time) and do not exist on SQLite. The command
writes each day once, idempotently (a day is deleted and rewritten in one transaction with
its ``stats_days`` row), computed by the same selects the live path runs; ``--now`` makes it
testable and ``flask stats-backfill`` fills existing data. A day is closed only
``CLOSE_GRACE`` after it ends, so a request that committed late cannot be missed.
``flask stats-check`` recomputes closed days from the rows and reports any difference.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import (Date, and_, cast, delete, distinct, func, insert, literal, null, or_,
                        select, true, union_all, update)

from app.extensions import db
from app.stats.models import (DAY, MONTH, StatsCitizen, StatsColonia, StatsDay, StatsFlow,
                              StatsResolution, StatsState)
from app.stats.periods import Period
from app.tickets import constants as c
from app.tickets import history
from app.tickets.models import Ticket
from app.timeutil import UTCDateTime, local_day_range_utc, local_today

CLOSE_GRACE = timedelta(minutes=15)
DAYS_PER_BATCH = 31
FLOW_KEYS = ("unit_id", "channel", "kind", "category_id")
PLACE_KEYS = ("unit_id", "colonia", "colonia_id", "category_id", "web")
FLOW_SUMS = ("received", "channeled", "concluded")


# --- Reading ----------------------------------------------------------------------------

@dataclass
class Plan:
    """How a range of local days is read: whole closed months, other closed days, live days."""

    months: list = field(default_factory=list)      # first days of the months
    ranges: list = field(default_factory=list)      # (first, last) of closed days
    live: list = field(default_factory=list)        # days computed from the tickets


class Closed(set):
    """The closed days of a range, and the first ticket's day: the days before it hold
    nothing, closed or not."""

    first_ticket_day: date | None = None


def closed_days(first: date, last: date) -> Closed:
    """The closed days among first..last and the first ticket's day (one query)."""
    rows = db.session.execute(union_all(
        select(StatsDay.day, cast(null(), UTCDateTime()))
        .where(StatsDay.day >= first, StatsDay.day <= last),
        select(cast(null(), Date), func.min(Ticket.created_at)))).all()
    result = Closed(day for day, _first in rows if day is not None)
    oldest = next((at for day, at in rows if day is None), None)
    result.first_ticket_day = local_today(oldest) if oldest is not None else None
    return result


def plan(period: Period, now: datetime, closed: set[date]) -> Plan:
    """The plan of ``period``'s days up to today (``closed``: from ``closed_days``)."""
    result = Plan()
    last = min(period.last, local_today(now))
    first_ticket = getattr(closed, "first_ticket_day", None)
    if first_ticket is None and isinstance(closed, Closed):
        return result  # no ticket at all
    # Before the first ticket's month nothing happened (closed or not).
    day = max(period.first, first_ticket.replace(day=1)) if first_ticket else period.first
    while day <= last:
        month_end = _month_end(day)
        whole = day.day == 1 and month_end <= last
        if whole and all(d in closed for d in history.day_range(day, month_end)):
            result.months.append(day)
            day = month_end + timedelta(days=1)
            continue
        if day in closed:
            if result.ranges and result.ranges[-1][1] == day - timedelta(days=1):
                result.ranges[-1] = (result.ranges[-1][0], day)
            else:
                result.ranges.append((day, day))
        else:
            result.live.append(day)
        day += timedelta(days=1)
    return result


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _stored(model, p: Plan, by_day: bool = False):
    """The clause selecting ``model``'s rows of plan ``p`` (day grain only when ``by_day``)."""
    days = or_(*[model.day.between(a, b) for a, b in p.ranges]) if p.ranges else None
    if by_day:
        spans = [(m, _month_end(m)) for m in p.months] + p.ranges
        return or_(*[model.day.between(a, b) for a, b in spans]) if spans else literal(False)
    clauses = []
    if p.months:
        clauses.append(and_(model.grain == MONTH, model.day.in_(p.months)))
    if days is not None:
        clauses.append(and_(model.grain == DAY, days))
    return or_(*clauses) if clauses else literal(False)


def _unit(column, unit_id):
    return column == unit_id if unit_id is not None else true()


def _live(p: Plan, now: datetime, index: int = 0):
    """The facts of the plan's live days (None when it has none)."""
    if not p.live:
        return None
    return history.day_facts(history.days_table(p.live, now, f"days_{index}"))


def read_flows(plans: list[Plan], now: datetime, unit_id: int | None = None) -> list[dict]:
    """Per plan: {(unit_id, channel, kind, category_id): [received, channeled, concluded]}."""
    parts = []
    for index, p in enumerate(plans):
        keys = [getattr(StatsFlow, k) for k in FLOW_KEYS]
        parts.append(select(literal(index).label("b"), *keys,
                            *[getattr(StatsFlow, s) for s in FLOW_SUMS])
                     .where(_stored(StatsFlow, p), _unit(StatsFlow.unit_id, unit_id)))
        facts = _live(p, now, index)
        if facts is not None:
            parts.append(select(literal(index), *[facts.c[k] for k in FLOW_KEYS],
                                *[facts.c[s] for s in FLOW_SUMS])
                         .where(_unit(facts.c.unit_id, unit_id)))
    rows = union_all(*parts).subquery()
    result = [{} for _ in plans]
    for b, *key_sums in db.session.execute(
            select(rows.c.b, *[rows.c[k] for k in FLOW_KEYS],
                   *[func.sum(rows.c[s]) for s in FLOW_SUMS])
            .group_by(rows.c.b, *[rows.c[k] for k in FLOW_KEYS])):
        result[b][tuple(key_sums[:4])] = [int(n or 0) for n in key_sums[4:]]
    return result


def _citizen_rows(p: Plan, now: datetime, unit_id, index: int):
    """The (citizen_id) rows of plan ``p``: stored ones and the live days'."""
    parts = [select(StatsCitizen.citizen_id.label("citizen_id"))
             .where(_stored(StatsCitizen, p), _unit(StatsCitizen.unit_id, unit_id))]
    facts = _live(p, now, index)
    if facts is not None:
        parts.append(select(facts.c.citizen_id).where(
            facts.c.received == 1, facts.c.channel.in_(c.DESK_CHANNELS),
            facts.c.citizen_id.is_not(None), _unit(facts.c.unit_id, unit_id)))
    return union_all(*parts).subquery()


def read_citizens(plans: list[Plan], now: datetime, unit_id: int | None = None) -> list[int]:
    """Per plan: the distinct citizens with a citizen-attention request in it (one query)."""
    parts = []
    for index, p in enumerate(plans):
        rows = _citizen_rows(p, now, unit_id, index)
        parts.append(select(literal(index).label("b"),
                            func.count(distinct(rows.c.citizen_id)).label("n")))
    result = [0] * len(plans)
    for b, n in db.session.execute(union_all(*parts)):
        result[b] = n
    return result


def read_colonias(p: Plan, now: datetime, unit_id: int | None = None) -> list[tuple]:
    """[(colonia, received)] of plan ``p``."""
    parts = [select(StatsColonia.colonia.label("colonia"), StatsColonia.received.label("n"))
             .where(_stored(StatsColonia, p), _unit(StatsColonia.unit_id, unit_id))]
    facts = _live(p, now)
    if facts is not None:
        parts.append(select(facts.c.colonia, facts.c.received)
                     .where(facts.c.received == 1, _unit(facts.c.unit_id, unit_id)))
    rows = union_all(*parts).subquery()
    return db.session.execute(select(rows.c.colonia, func.sum(rows.c.n))
                              .group_by(rows.c.colonia)).all()


def read_places(plans: list[Plan], now: datetime) -> list[dict]:
    """Per plan: {(colonia_id, category_id, web): received} (colonia_id: the catalogue's)."""
    parts = []
    for index, p in enumerate(plans):
        parts.append(select(literal(index).label("b"), StatsColonia.colonia_id,
                            StatsColonia.category_id, StatsColonia.web, StatsColonia.received)
                     .where(_stored(StatsColonia, p)))
        facts = _live(p, now, index)
        if facts is not None:
            parts.append(select(literal(index), facts.c.colonia_id, facts.c.category_id,
                                facts.c.channel.in_(c.WEB_CHANNELS), facts.c.received)
                         .where(facts.c.received == 1))
    rows = union_all(*parts).subquery()
    result = [{} for _ in plans]
    for b, colonia_id, category_id, web, n in db.session.execute(
            select(rows.c.b, rows.c.colonia_id, rows.c.category_id, rows.c.web,
                   func.sum(rows.c.received))
            .group_by(rows.c.b, rows.c.colonia_id, rows.c.category_id, rows.c.web)):
        result[b][(colonia_id, category_id, bool(web))] = int(n)
    return result


def resolution_rows(p: Plan, now: datetime, unit_id: int | None = None):
    """A subquery of (unit_id, d): the seconds of each ticket solved in plan ``p``."""
    parts = [select(StatsResolution.unit_id.label("unit_id"), StatsResolution.seconds.label("d"))
             .where(_stored(StatsResolution, p, by_day=True),
                    _unit(StatsResolution.unit_id, unit_id))]
    facts = _live(p, now)
    if facts is not None:
        parts.append(select(facts.c.unit_id, facts.c.seconds)
                     .where(facts.c.concluded == 1, facts.c.seconds.is_not(None),
                            _unit(facts.c.unit_id, unit_id)))
    return union_all(*parts).subquery()


def read_states(instants: list[datetime], now: datetime, closed: set[date],
                unit_id: int | None = None) -> dict:
    """{instant: {"open": {unit_id: n}, "overdue": {unit_id: n}}}: a closed day's snapshot
    (one query for all of them) when the instant ends one, else from the tickets and their
    history."""
    result, snapshots = {}, {}
    for instant in instants:
        day = local_today(instant - timedelta(microseconds=1))
        if instant < now and day in closed and local_day_range_utc(day, day)[1] == instant:
            snapshots[day] = instant
        else:
            result[instant] = history.count_state_per_unit(instant, now, unit_id)
    for instant in snapshots.values():
        result[instant] = {"open": {}, "overdue": {}}
    if snapshots:
        for day, unit, n_open, n_overdue in db.session.execute(
                select(StatsState.day, StatsState.unit_id, StatsState.open, StatsState.overdue)
                .where(StatsState.day.in_(list(snapshots)), _unit(StatsState.unit_id, unit_id))):
            states = result[snapshots[day]]
            if n_open:
                states["open"][unit] = n_open
            if n_overdue:
                states["overdue"][unit] = n_overdue
    return result


# --- Writing ----------------------------------------------------------------------------

def first_day() -> date | None:
    """Where a backfill starts: the 1st of the first ticket's month (so that month's rows
    are written too)."""
    first = db.session.scalar(select(func.min(Ticket.created_at)))
    return None if first is None else local_today(first).replace(day=1)


def last_closable(now: datetime) -> date:
    """The last local day that may be closed at ``now``: it ended CLOSE_GRACE ago."""
    return local_today(now - CLOSE_GRACE) - timedelta(days=1)


def close_days(now: datetime, first: date | None = None, last: date | None = None) -> list[date]:
    """Close the days first..last (default: every day after the last closed one, up to
    ``last_closable``), rewriting any already closed; returns the days written. Each batch
    of days is one transaction."""
    last = min(last or last_closable(now), last_closable(now))
    if first is None:
        newest = db.session.scalar(select(func.max(StatsDay.day)))
        first = newest + timedelta(days=1) if newest else first_day()
    if first is None or first > last:
        return []
    days = history.day_range(first, last)
    states = history.count_states_per_day(first, last)  # one pass for every day
    for i in range(0, len(days), DAYS_PER_BATCH):
        _write_days(days[i:i + DAYS_PER_BATCH], now, states)
        db.session.commit()
    return days


def _write_days(days: list[date], now: datetime, states: dict) -> None:
    for model in (StatsFlow, StatsColonia, StatsCitizen):
        db.session.execute(delete(model).where(model.grain == DAY, model.day.in_(days)))
    for model in (StatsResolution, StatsState, StatsDay):
        db.session.execute(delete(model).where(model.day.in_(days)))
    facts = history.day_facts(history.days_table(days, now))
    _insert_grouped(StatsFlow, facts, ("day", *FLOW_KEYS), FLOW_SUMS, true())
    web = facts.c.channel.in_(c.WEB_CHANNELS)
    db.session.execute(insert(StatsColonia).from_select(
        ["grain", "day", *PLACE_KEYS, "received"],
        select(literal(DAY), facts.c.day, facts.c.unit_id, facts.c.colonia, facts.c.colonia_id,
               facts.c.category_id, web, func.sum(facts.c.received))
        .where(facts.c.received == 1)
        .group_by(facts.c.day, facts.c.unit_id, facts.c.colonia, facts.c.colonia_id,
                  facts.c.category_id, web)))
    db.session.execute(insert(StatsCitizen).from_select(
        ["grain", "day", "unit_id", "citizen_id"],
        select(literal(DAY), facts.c.day, facts.c.unit_id, facts.c.citizen_id).distinct()
        .where(facts.c.received == 1, facts.c.channel.in_(c.DESK_CHANNELS),
               facts.c.citizen_id.is_not(None))))
    db.session.execute(insert(StatsResolution).from_select(
        ["day", "ticket_id", "unit_id", "seconds"],
        select(facts.c.day, facts.c.ticket_id, facts.c.unit_id, facts.c.seconds)
        .where(facts.c.concluded == 1, facts.c.seconds.is_not(None))))
    for day in days:
        db.session.add_all(StatsState(day=day, unit_id=unit, open=n_open, overdue=n_overdue)
                           for unit, (n_open, n_overdue) in states[day].items())
        db.session.add(StatsDay(day=day, closed_at=now))
    db.session.flush()
    for month in sorted({day.replace(day=1) for day in days}):
        _write_month(month)


def _insert_grouped(model, facts, keys, sums, where) -> None:
    db.session.execute(insert(model).from_select(
        ["grain", *keys, *sums],
        select(literal(DAY), *[facts.c[k] for k in keys], *[func.sum(facts.c[s]) for s in sums])
        .where(where).group_by(*[facts.c[k] for k in keys])))


def _write_month(month: date) -> None:
    """The month rows of ``month`` from its day rows, once all its days are closed."""
    end = _month_end(month)
    for model in (StatsFlow, StatsColonia, StatsCitizen):
        db.session.execute(delete(model).where(model.grain == MONTH, model.day == month))
    closed = db.session.scalar(select(func.count()).select_from(StatsDay)
                               .where(StatsDay.day.between(month, end)))
    if closed < (end - month).days + 1:
        return
    in_month = (StatsFlow.grain == DAY, StatsFlow.day.between(month, end))
    db.session.execute(insert(StatsFlow).from_select(
        ["grain", "day", *FLOW_KEYS, *FLOW_SUMS],
        select(literal(MONTH), literal(month), *[getattr(StatsFlow, k) for k in FLOW_KEYS],
               *[func.sum(getattr(StatsFlow, s)) for s in FLOW_SUMS])
        .where(*in_month).group_by(*[getattr(StatsFlow, k) for k in FLOW_KEYS])))
    place = [getattr(StatsColonia, k) for k in PLACE_KEYS]
    db.session.execute(insert(StatsColonia).from_select(
        ["grain", "day", *PLACE_KEYS, "received"],
        select(literal(MONTH), literal(month), *place, func.sum(StatsColonia.received))
        .where(StatsColonia.grain == DAY, StatsColonia.day.between(month, end))
        .group_by(*place)))
    db.session.execute(insert(StatsCitizen).from_select(
        ["grain", "day", "unit_id", "citizen_id"],
        select(literal(MONTH), literal(month), StatsCitizen.unit_id, StatsCitizen.citizen_id)
        .distinct().where(StatsCitizen.grain == DAY, StatsCitizen.day.between(month, end))))


def move_colonia(source_id: int, target_id: int) -> None:
    """The rows of a catalogue colonia merged into another follow its tickets."""
    db.session.execute(update(StatsColonia).where(StatsColonia.colonia_id == source_id)
                       .values(colonia_id=target_id).execution_options(synchronize_session=False))


def link_colonia_texts(texts: list[str], colonia_id: int) -> None:
    """The rows of free-text colonias linked to the catalogue follow their tickets."""
    db.session.execute(update(StatsColonia)
                       .where(StatsColonia.colonia_id.is_(None), StatsColonia.colonia.in_(texts))
                       .values(colonia_id=colonia_id)
                       .execution_options(synchronize_session=False))


# --- Checking ---------------------------------------------------------------------------

def check_days(first: date, last: date, now: datetime) -> list[str]:
    """The differences between the closed days' rows in first..last and the same figures
    recomputed from the tickets (empty when they agree), as Spanish lines."""
    differences = []
    for day in sorted(closed_days(first, last)):
        differences += _check_day(day, now)
    return differences


def _check_day(day: date, now: datetime) -> list[str]:
    one = Plan(ranges=[(day, day)])
    live = Plan(live=[day])
    stored_flows, live_flows = read_flows([one, live], now)
    lines = [f"{day.isoformat()}: flujos {key}: guardado {stored_flows.get(key)}, "
             f"calculado {live_flows.get(key)}"
             for key in sorted(set(stored_flows) | set(live_flows), key=str)
             if stored_flows.get(key) != live_flows.get(key)]
    stored_citizens, live_citizens = read_citizens([one, live], now)
    if stored_citizens != live_citizens:
        lines.append(f"{day.isoformat()}: ciudadanos: guardado {stored_citizens}, "
                     f"calculado {live_citizens}")
    if sorted(read_colonias(one, now), key=str) != sorted(read_colonias(live, now), key=str):
        lines.append(f"{day.isoformat()}: colonias distintas")
    stored_places, live_places = read_places([one, live], now)
    if stored_places != live_places:
        lines.append(f"{day.isoformat()}: colonias del catálogo distintas")
    stored, computed = (sorted(db.session.execute(select(rows.c.unit_id, rows.c.d)).all(),
                               key=str)
                        for rows in (resolution_rows(one, now), resolution_rows(live, now)))
    if stored != computed:
        lines.append(f"{day.isoformat()}: tiempos de resolución distintos")
    end = local_day_range_utc(day, day)[1]
    if read_states([end], now, {day})[end] != history.count_state_per_unit(end, now):
        lines.append(f"{day.isoformat()}: rezago o vencidas distintos")
    return lines
