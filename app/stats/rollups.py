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

from sqlalchemy import (Date, Integer, String, and_, cast, delete, distinct, func, insert,
                        literal, null, or_, select, true, union_all, update)

from app.extensions import db
from app.stats.models import (DAY, MONTH, StatsCitizen, StatsCitizenCount, StatsColonia,
                              StatsDay, StatsFlow, StatsOverdue, StatsResolution, StatsState)
from app.stats.periods import Period
from app.tickets import constants as c
from app.tickets import history
from app.tickets.models import Ticket
from app.units.models import Category
from app.timeutil import UTCDateTime, local_day_range_utc, local_today

CLOSE_GRACE = timedelta(minutes=15)
# Per closed day: the most overdue of all the units (the dashboard's and the memo's list)
# and of each unit (the memo's oldest per unit). A unit's list of a past day is longer than
# its kept few: it comes from the history.
OVERDUE_KEPT, OVERDUE_KEPT_PER_UNIT = 200, 20
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
    listed: frozenset = frozenset()  # the days whose most overdue tickets are stored


def closed_days(first: date, last: date) -> Closed:
    """The closed days among first..last and the first ticket's day (one query)."""
    rows = db.session.execute(union_all(
        select(StatsDay.day, StatsDay.overdue_listed, cast(null(), UTCDateTime()))
        .where(StatsDay.day >= first, StatsDay.day <= last),
        select(cast(null(), Date), literal(False), func.min(Ticket.created_at)))).all()
    result = Closed(day for day, _listed, _first in rows if day is not None)
    result.listed = frozenset(day for day, listed, _first in rows if day is not None and listed)
    oldest = next((at for day, _listed, at in rows if day is None), None)
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


@dataclass
class Volume:
    """What a plan's days received, channeled and concluded, and the citizens they served."""

    # {(unit_id, channel, kind, category_id): [received, channeled, concluded]}
    flows: dict = field(default_factory=dict)
    citizens: int = 0  # distinct citizens with a citizen-attention request


def read_volumes(plans: list[Plan], now: datetime, unit_id: int | None = None,
                 detailed: int | None = None) -> tuple[list[Volume], dict]:
    """Per plan its ``Volume``, and {category_id: name} of the categories in them: one
    query (the flows grouped by key, then a row per plan with its distinct citizens).
    The first ``detailed`` plans (default: all) keep every key; the others are summed per
    channel only, the other keys None (a series needs no more)."""
    detailed = len(plans) if detailed is None else detailed
    flow_parts, citizen_parts = [], []
    for index, p in enumerate(plans):
        flow_parts.append(select(literal(index).label("b"),
                                 *_flow_keys(StatsFlow, index < detailed),
                                 *[getattr(StatsFlow, s) for s in FLOW_SUMS])
                          .where(_stored(StatsFlow, p), _unit(StatsFlow.unit_id, unit_id)))
        facts = _live(p, now, index)
        if facts is not None:
            flow_parts.append(select(literal(index), *_flow_keys(facts.c, index < detailed),
                                     *[facts.c[s] for s in FLOW_SUMS])
                              .where(_unit(facts.c.unit_id, unit_id)))
        citizen_parts.append(select(
            literal(index), literal(False), cast(null(), Integer), cast(null(), String),
            cast(null(), String), cast(null(), Integer), cast(null(), String),
            _citizen_count(p, facts, unit_id), literal(0), literal(0)))
    rows = union_all(*flow_parts).subquery()
    keys = [rows.c[k] for k in FLOW_KEYS]
    flows = (select(rows.c.b, literal(True), *keys, Category.name,
                    *[func.sum(rows.c[s]) for s in FLOW_SUMS])
             .select_from(rows).outerjoin(Category, Category.id == rows.c.category_id)
             .group_by(rows.c.b, *keys, Category.name))
    result, names = [Volume() for _ in plans], {}
    for b, is_flow, *key, name, received, channeled, concluded in db.session.execute(
            union_all(flows, *citizen_parts)):
        if not is_flow:
            result[b].citizens = int(received or 0)
            continue
        result[b].flows[tuple(key)] = [int(n or 0) for n in (received, channeled, concluded)]
        if key[3] is not None:
            names[key[3]] = name
    return result, names


def _flow_keys(table, detailed: bool) -> list:
    """The key columns of ``table`` (a model or a subquery's ``.c``): all of them, or only
    the channel."""
    if detailed:
        return [getattr(table, k).label(k) for k in FLOW_KEYS]
    return [cast(null(), Integer).label("unit_id"), table.channel.label("channel"),
            cast(null(), String).label("kind"), cast(null(), Integer).label("category_id")]


def _citizen_count(p: Plan, facts, unit_id):
    """The distinct citizens of plan ``p``: a whole closed month's stored count, else a
    count over its citizen rows."""
    if len(p.months) == 1 and not p.ranges and not p.live:
        which = (StatsCitizenCount.every_unit.is_(True) if unit_id is None else
                 and_(StatsCitizenCount.every_unit.is_(False),
                      StatsCitizenCount.unit_id == unit_id))
        return func.coalesce(select(StatsCitizenCount.citizens).where(
            StatsCitizenCount.month == p.months[0], which).scalar_subquery(), 0)
    rows = _citizen_rows(p, facts, unit_id)
    # DISTINCT in a subquery lets PostgreSQL hash; count(DISTINCT ...) always sorts.
    citizens = select(rows.c.citizen_id).distinct().subquery()
    return select(func.count()).select_from(citizens).scalar_subquery()


def _citizen_rows(p: Plan, facts, unit_id):
    """The (citizen_id) rows of plan ``p``: stored ones and its live days' ``facts``."""
    parts = [select(StatsCitizen.citizen_id.label("citizen_id"))
             .where(_stored(StatsCitizen, p), _unit(StatsCitizen.unit_id, unit_id))]
    if facts is not None:
        parts.append(select(facts.c.citizen_id).where(
            facts.c.received == 1, facts.c.channel.in_(c.DESK_CHANNELS),
            facts.c.citizen_id.is_not(None), _unit(facts.c.unit_id, unit_id)))
    return union_all(*parts).subquery()


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
        day = snapshot_day(instant, now, closed)
        if day is not None:
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


def snapshot_day(instant: datetime, now: datetime, closed: set[date]) -> date | None:
    """The closed day that ``instant`` ends (its snapshots hold the states then), if any."""
    day = local_today(instant - timedelta(microseconds=1))
    if instant < now and day in closed and local_day_range_utc(day, day)[1] == instant:
        return day
    return None


def most_overdue_at(instant: datetime, now: datetime, closed: Closed | None,
                    limit: int | None = None, unit_id: int | None = None,
                    per_unit: bool = False):
    """The stored most overdue tickets at ``instant`` as a subquery of (ticket_id, unit_id,
    status, due_date), as ``history.state_at`` gives them: the first ``limit`` of all the
    units, or (``per_unit``) of each unit, or of ``unit_id``. None when ``instant`` does not
    end a day whose lists are stored (``closed``: from ``closed_days``; None reads the
    day's) or more are asked than are kept."""
    own = per_unit or unit_id is not None
    kept = OVERDUE_KEPT_PER_UNIT if own else OVERDUE_KEPT
    limit = kept if limit is None else limit
    if instant >= now or limit > kept:
        return None
    if closed is None:
        day = local_today(instant - timedelta(microseconds=1))
        closed = closed_days(day, day)
    day = snapshot_day(instant, now, closed)
    if day is None or day not in getattr(closed, "listed", ()):
        return None
    return (select(StatsOverdue.ticket_id, StatsOverdue.unit_id, StatsOverdue.status,
                   StatsOverdue.due_date)
            .where(StatsOverdue.day == day, StatsOverdue.every_unit.is_(not own),
                   StatsOverdue.rank <= limit, _unit(StatsOverdue.unit_id, unit_id)).subquery())


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
    # One pass for every day: the states, and each unit's most overdue, a day at a time.
    states, most_overdue = history.count_states_per_day(
        first, last, (OVERDUE_KEPT, OVERDUE_KEPT_PER_UNIT))
    for i in range(0, len(days), DAYS_PER_BATCH):
        batch = days[i:i + DAYS_PER_BATCH]
        _write_days(batch, now, states, [next(most_overdue) for _ in batch])
        db.session.commit()
    return days


def _write_days(days: list[date], now: datetime, states: dict, most_overdue: list) -> None:
    for model in (StatsFlow, StatsColonia, StatsCitizen):
        db.session.execute(delete(model).where(model.grain == DAY, model.day.in_(days)))
    for model in (StatsResolution, StatsState, StatsOverdue, StatsDay):
        db.session.execute(delete(model).where(model.day.in_(days)))
    _write_most_overdue(most_overdue)
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
        db.session.add(StatsDay(day=day, closed_at=now, overdue_listed=True))
    db.session.flush()
    for month in sorted({day.replace(day=1) for day in days}):
        _write_month(month)


def _write_most_overdue(days: list) -> None:
    """The (day, overall, {unit_id: tickets}) of ``history.count_states_per_day``; a ticket
    is (due_date, ticket_id, status, unit_id)."""
    rows = []
    for day, overall, per_unit in days:
        lists = [(True, overall)] + [(False, tickets) for tickets in per_unit.values()]
        rows += [{"day": day, "every_unit": every_unit, "unit_id": unit, "rank": rank,
                  "ticket_id": ticket_id, "status": status, "due_date": due}
                 for every_unit, tickets in lists
                 for rank, (due, ticket_id, status, unit) in enumerate(tickets, 1)]
    if rows:
        db.session.execute(insert(StatsOverdue), rows)


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
    db.session.execute(delete(StatsCitizenCount).where(StatsCitizenCount.month == month))
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
    _write_citizen_counts(month)


def _write_citizen_counts(month: date) -> None:
    """The month's distinct citizens, of every unit and per unit, from its month rows."""
    rows = (StatsCitizen.grain == MONTH, StatsCitizen.day == month)
    columns = ["month", "every_unit", "unit_id", "citizens"]
    db.session.execute(insert(StatsCitizenCount).from_select(columns, select(
        literal(month), literal(True), cast(null(), Integer),
        func.count(distinct(StatsCitizen.citizen_id))).where(*rows)))
    db.session.execute(insert(StatsCitizenCount).from_select(columns, select(
        literal(month), literal(False), StatsCitizen.unit_id, func.count())
        .where(*rows).group_by(StatsCitizen.unit_id)))


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
    closed = closed_days(first, last)
    for day in sorted(closed):
        differences += _check_day(day, now)
    month = first if first.day == 1 else _month_end(first) + timedelta(days=1)
    while _month_end(month) <= last:
        differences += _check_month(month, closed, now)
        month = _month_end(month) + timedelta(days=1)
    return differences


def _check_month(month: date, closed: set, now: datetime) -> list[str]:
    """A whole closed month's stored citizen counts against a count over its day rows."""
    end = _month_end(month)
    if not all(day in closed for day in history.day_range(month, end)):
        return []
    units = db.session.scalars(select(StatsCitizen.unit_id).distinct().where(
        StatsCitizen.grain == DAY, StatsCitizen.day.between(month, end),
        StatsCitizen.unit_id.is_not(None)))
    lines = []
    for unit_id in [None, *units]:  # None: every unit
        (stored, days), _names = read_volumes([Plan(months=[month]), Plan(ranges=[(month, end)])],
                                              now, unit_id)
        if stored.citizens != days.citizens:
            lines.append(f"{month:%Y-%m}: ciudadanos del mes ({unit_id or 'todas'}): "
                         f"guardado {stored.citizens}, calculado {days.citizens}")
    return lines


def _check_day(day: date, now: datetime) -> list[str]:
    one = Plan(ranges=[(day, day)])
    live = Plan(live=[day])
    (stored, live_volume), _names = read_volumes([one, live], now)
    stored_flows, live_flows = stored.flows, live_volume.flows
    lines = [f"{day.isoformat()}: flujos {key}: guardado {stored_flows.get(key)}, "
             f"calculado {live_flows.get(key)}"
             for key in sorted(set(stored_flows) | set(live_flows), key=str)
             if stored_flows.get(key) != live_flows.get(key)]
    if stored.citizens != live_volume.citizens:
        lines.append(f"{day.isoformat()}: ciudadanos: guardado {stored.citizens}, "
                     f"calculado {live_volume.citizens}")
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
    if _stored_most_overdue(day) != _live_most_overdue(end):
        lines.append(f"{day.isoformat()}: vencidas más antiguas distintas")
    return lines


def _stored_most_overdue(day: date) -> list:
    """(every unit, unit_id, rank, ticket_id, status, due_date) of the day's kept lists."""
    return sorted(((bool(r[0]), *r[1:]) for r in db.session.execute(
        select(StatsOverdue.every_unit, StatsOverdue.unit_id, StatsOverdue.rank,
               StatsOverdue.ticket_id, StatsOverdue.status, StatsOverdue.due_date)
        .where(StatsOverdue.day == day))), key=_list_order)


def _list_order(row) -> tuple:
    """The overall list by rank, then each unit's (no unit first) by rank."""
    every_unit, unit_id, rank = row[:3]
    return (every_unit, rank) if every_unit else (every_unit, unit_id is not None,
                                                   unit_id or 0, rank)


def _live_most_overdue(end: datetime) -> list:
    """The same lists at ``end``, recomputed from the history."""
    state = history.state_at(end, None, overdue_on=local_today(end))
    order = (state.c.due_date, state.c.ticket_id)
    ranked = select(state.c.unit_id, state.c.ticket_id, state.c.status, state.c.due_date,
                    func.row_number().over(order_by=order).label("overall"),
                    func.row_number().over(partition_by=state.c.unit_id, order_by=order)
                    .label("own")).subquery()
    rows = db.session.execute(select(ranked).where(or_(
        ranked.c.overall <= OVERDUE_KEPT, ranked.c.own <= OVERDUE_KEPT_PER_UNIT))).all()
    lists = [(True, r.unit_id, r.overall, r.ticket_id, r.status, r.due_date)
             for r in rows if r.overall <= OVERDUE_KEPT]
    lists += [(False, r.unit_id, r.own, r.ticket_id, r.status, r.due_date)
              for r in rows if r.own <= OVERDUE_KEPT_PER_UNIT]
    return sorted(lists, key=_list_order)
