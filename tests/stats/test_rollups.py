"""The daily rollups against the rows: random work through the real workflow (re-channeling,
reopening, moves around local midnight), recounted here in Python from the tickets and their
history, must give every figure the statistics give, with the days closed or not."""
import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.stats import overdue
from app.stats import queries as q
from app.stats import rollups
from app.stats.models import (StatsCitizen, StatsCitizenCount, StatsColonia, StatsDay,
                              StatsFlow, StatsOverdue, StatsResolution, StatsState)
from app.stats.periods import Period
from app.tickets import constants as c
from app.tickets import history
from app.tickets import workflow
from app.tickets.models import Ticket, TicketEvent
from app.tickets.workflow import WorkflowError
from app.timeutil import local_day_range_utc, local_today
from tests.factories import make_category, make_ticket, make_unit, make_user
from tests.stats.fixtures import local

FIRST = date(2026, 3, 2)
DAYS = 16
NOW = local(2026, 3, 21, 12)
COLONIAS = ["Centro", "Zona Centro", None, "Las Américas"]
CHANNELS = ["presencial", "telefonica", "escrito", "web", "api"]


@pytest.fixture
def random_work(app):
    """About 70 tickets and 200 moves over 16 days, many of them close to midnight."""
    rng = random.Random(20261201)
    units = [make_unit(name=f"Unidad {n}", code=f"U{n}", created_at=local(2025, 1, 1))
             for n in range(3)]
    categories = [make_category(unit=unit, name=f"Tema {n}") for n, unit in enumerate(units)]
    secretary = make_user(role="secretary")
    staff = {unit.id: make_user(role="unit", unit=unit) for unit in units}
    tickets, clock = [], local(2026, 3, 1)
    for day in range(DAYS):
        moments = sorted(_moment(rng, FIRST + timedelta(days=day))
                         for _ in range(rng.randint(2, 6)))
        for moment in moments:
            # One clock for every write: a ticket's moves are in time order, as in the app.
            when = clock = max(clock, moment)
            channel = rng.choice(CHANNELS)
            tickets.append(make_ticket(
                rng.choice(categories), now=when, channel=channel,
                kind="denuncia" if channel in c.WEB_CHANNELS else rng.choice(["tramite", "queja"]),
                colonia=rng.choice(COLONIAS),
                citizen_data={"name": f"Persona {rng.randint(1, 12)}",
                              "phone": f"49300000{rng.randint(10, 21)}"}))
            for _ in range(rng.randint(0, 5)):
                clock = _move(rng, tickets, units, secretary, staff, clock)
    db.session.commit()
    return {"units": units}


def _moment(rng, day: date) -> datetime:
    minute = rng.choice([5, 30, 600, 900, 1380, 1430, 1439])
    return local(day.year, day.month, day.day) + timedelta(minutes=minute, seconds=rng.randint(0, 59))


def _move(rng, tickets, units, secretary, staff, when: datetime) -> datetime:
    when += timedelta(minutes=rng.choice([1, 3, 20, 50, 90]))
    ticket = rng.choice(tickets)
    actor = staff[ticket.unit_id] if ticket.unit_id and rng.random() < 0.6 else secretary
    targets = [t for t in workflow.allowed_targets(ticket, actor) if t != c.DUPLICATE]
    if not targets or when >= NOW - timedelta(days=1):
        return when
    target = rng.choice(targets)
    unit = rng.choice([u for u in units if u.id != ticket.unit_id]) if target == c.CHANNELED else None
    try:
        workflow.transition(ticket, target, actor, note="Movimiento de prueba.", now=when,
                            unit=unit)
    except WorkflowError:
        db.session.rollback()
    return when


# --- The recount, from the rows alone ---------------------------------------------------

def _recount(first: date, last: date) -> dict:
    """Every figure of first..last recounted from the tickets and their history."""
    tickets = {t.id: t for t in db.session.scalars(select(Ticket))}
    moves = {}
    for event in db.session.scalars(select(TicketEvent).where(TicketEvent.type == c.EVENT_STATUS)
                                    .order_by(TicketEvent.id)):
        moves.setdefault(event.ticket_id, []).append(event)
    start, end = local_day_range_utc(first, last)
    figures = {"received": {}, "channeled": {}, "concluded": {}, "channels": {}, "colonias": {},
               "citizens": set(), "solved": {}}
    for ticket in tickets.values():
        history = moves.get(ticket.id, [])
        if start <= ticket.created_at < end:
            day_end = local_day_range_utc(*(local_today(ticket.created_at),) * 2)[1]
            later = [m for m in history if m.created_at >= day_end]
            unit = later[0].unit_from_id if later else ticket.unit_id
            _add(figures["received"], unit)
            _add(figures["channels"], ticket.channel)
            _add(figures["colonias"], ticket.colonia or q.NO_COLONIA)
            if ticket.channel in c.DESK_CHANNELS:
                figures["citizens"].add(ticket.citizen_id)
        channeling = [m for m in history if m.status_to == c.CHANNELED][:1]
        for m in channeling:
            if start <= m.created_at < end:
                _add(figures["channeled"], m.unit_to_id)
        conclusion = [m for m in history if m.status_from in c.OPEN_STATUSES
                      and m.status_to in c.FINISHED_STATUSES][:1]
        for m in conclusion:
            if start <= m.created_at < end:
                _add(figures["concluded"], m.unit_to_id)
                if m.status_to in c.SOLVED_STATUSES:
                    figures["solved"].setdefault(m.unit_to_id, []).append(
                        (m.created_at - ticket.created_at).total_seconds())
    figures["backlog"], figures["overdue"] = _states_at(min(end, NOW), tickets, moves)
    return figures


def _states_at(instant: datetime, tickets: dict, moves: dict) -> tuple[dict, dict]:
    open_, overdue = {}, {}
    for ticket in tickets.values():
        if ticket.created_at >= instant:
            continue
        later = [m for m in moves.get(ticket.id, []) if m.created_at >= instant]
        unit, status, due = ((later[0].unit_from_id, later[0].status_from, later[0].due_date_from)
                             if later else (ticket.unit_id, ticket.status, ticket.due_date))
        if status in c.OPEN_STATUSES:
            _add(open_, unit)
            if status in c.OVERDUE_STATUSES and due is not None and due < local_today(instant):
                _add(overdue, unit)
    return open_, overdue


def _add(counts: dict, key) -> None:
    counts[key] = counts.get(key, 0) + 1


def _figures_of(stats) -> dict:
    per_unit = {name: {row.unit_id: getattr(row, name) for row in stats.units if getattr(row, name)}
                for name in ("received", "channeled", "concluded", "backlog", "overdue")}
    labels = {label: key for key, label in c.CHANNEL_LABELS.items()}
    return {**per_unit, "channels": {labels[label]: n for label, n in stats.by_channel},
            "colonias": dict(stats.by_colonia), "citizens": stats.attention_citizens,
            "solved": {row.unit_id: row.solved for row in stats.units if row.solved}}


def _expected(recount: dict) -> dict:
    colonias = {}
    for name, n in recount["colonias"].items():
        colonias[name] = colonias.get(name, 0) + n
    return {**{k: recount[k] for k in ("received", "channeled", "concluded", "backlog",
                                       "overdue", "channels")},
            "colonias": colonias, "citizens": len(recount["citizens"]),
            "solved": {unit: len(values) for unit, values in recount["solved"].items()}}


PERIODS = [Period(FIRST + timedelta(days=n), FIRST + timedelta(days=n)) for n in range(DAYS)] + [
    Period(date(2026, 3, 2), date(2026, 3, 8)), Period(date(2026, 3, 9), date(2026, 3, 15)),
    Period(date(2026, 3, 1), date(2026, 3, 31)), Period(date(2026, 3, 5), date(2026, 3, 12))]


def test_every_figure_from_the_rollups_equals_the_recount_from_the_rows(random_work):
    recounts = [_expected(_recount(p.first, p.last)) for p in PERIODS]
    live = [_figures_of(q.get_ticket_stats(p, NOW)) for p in PERIODS]
    assert rollups.close_days(NOW)  # every day up to yesterday
    closed = [_figures_of(q.get_ticket_stats(p, NOW)) for p in PERIODS]
    assert sum(r["received"].get(u.id, 0) for r in recounts[:DAYS]
               for u in random_work["units"]) > 20  # the test does see real work
    assert any(r["backlog"] for r in recounts) and any(r["concluded"] for r in recounts)
    for period, expected, from_live, from_rollups in zip(PERIODS, recounts, live, closed):
        assert from_live == expected, period
        assert from_rollups == expected, period
    assert rollups.check_days(FIRST, FIRST + timedelta(days=DAYS), NOW) == []


def test_resolution_percentiles_from_the_rollups_equal_the_recount(random_work):
    rollups.close_days(NOW)
    month = Period(date(2026, 3, 1), date(2026, 3, 31))
    solved = _recount(month.first, month.last)["solved"]
    times = q.list_resolution_times(month, now=NOW)
    assert times and set(times) == set(solved)
    for unit, values in solved.items():
        n, median, p90 = times[unit]
        assert n == len(values)
        assert median == pytest.approx(_percentile(sorted(values), 0.5), abs=1)
        assert p90 == pytest.approx(_percentile(sorted(values), 0.9), abs=1)


def _percentile(values, fraction):
    position = fraction * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def _rows():
    tables = {}
    for model in (StatsFlow, StatsColonia, StatsCitizen, StatsCitizenCount, StatsResolution,
                  StatsState):
        columns = [col for col in model.__table__.columns if col.name != "id"]
        tables[model.__tablename__] = sorted(
            db.session.execute(select(*columns)).all(), key=str)
    tables["days"] = sorted(db.session.scalars(select(StatsDay.day)))
    return tables


def test_backfill_twice_gives_the_same_rows_and_closing_again_writes_nothing(random_work):
    first = rollups.close_days(NOW, FIRST - timedelta(days=3), None)
    once = _rows()
    assert once["days"] == first and once["stats_flows"]
    # March's days are not all closed (the month runs to the 31st): no month rows yet.
    assert not [r for r in once["stats_flows"] if r.grain == "m"]
    assert rollups.close_days(NOW, FIRST - timedelta(days=3), None) == first
    assert _rows() == once
    assert rollups.close_days(NOW) == []  # already up to date


def test_a_closed_month_is_read_from_its_month_rows_with_the_same_figures(random_work):
    month = Period(date(2026, 3, 1), date(2026, 3, 31))
    later = local(2026, 4, 2, 9)
    before = _figures_of(q.get_ticket_stats(month, later))
    rollups.close_days(later, date(2026, 3, 1), None)
    plan = rollups.plan(month, later, rollups.closed_days(month.first, month.last))
    assert plan.months == [date(2026, 3, 1)] and not plan.ranges and not plan.live
    assert db.session.scalar(select(StatsFlow.id).where(StatsFlow.grain == "m")) is not None
    assert _figures_of(q.get_ticket_stats(month, later)) == before


def test_a_closed_months_citizens_are_stored_counts_and_the_check_recounts_them(random_work):
    month = Period(date(2026, 3, 1), date(2026, 3, 31))
    later = local(2026, 4, 2, 9)
    units = [None] + [u.id for u in random_work["units"]]
    before = {u: q.get_ticket_stats(month, later, u).attention_citizens for u in units}
    assert before[None] > 0 and sum(before[u] for u in units[1:]) >= before[None]
    rollups.close_days(later, date(2026, 3, 1), None)
    counts = {(row.every_unit, row.unit_id): row.citizens
              for row in db.session.scalars(select(StatsCitizenCount))}
    assert counts[(True, None)] == before[None]
    assert {u: q.get_ticket_stats(month, later, u).attention_citizens for u in units} == before
    assert rollups.check_days(month.first, month.last, later) == []
    row = db.session.scalar(select(StatsCitizenCount).where(StatsCitizenCount.every_unit))
    row.citizens += 1
    db.session.commit()
    assert [line[:7] for line in rollups.check_days(month.first, month.last, later)] == ["2026-03"]


def test_past_overdue_lists_from_the_stored_day_ends_equal_the_history(random_work,
                                                                       monkeypatch):
    # Caps the data passes: 3 of all the units and 2 of each are kept per day.
    monkeypatch.setattr(rollups, "OVERDUE_KEPT", 3)
    monkeypatch.setattr(rollups, "OVERDUE_KEPT_PER_UNIT", 2)
    rollups.close_days(NOW)
    closed = rollups.closed_days(FIRST, NOW.date())
    assert closed.listed == set(closed)
    units = [u.id for u in random_work["units"]]
    seen = 0
    for day in sorted(closed):
        end = local_day_range_utc(day, day)[1]
        for unit_id, limit in [(None, 3), *[(u, 2) for u in units]]:
            stored = overdue.list_overdue_tickets(NOW, unit_id, limit=limit, at=end, closed=closed)
            assert stored == overdue.list_overdue_tickets(NOW, unit_id, limit=limit, at=end,
                                                    closed=set()), (day, unit_id)
            seen += len(stored)
        assert (overdue.list_oldest_overdue_per_unit(NOW, units, 2, at=end, closed=closed)
                == overdue.list_oldest_overdue_per_unit(NOW, units, 2, at=end, closed=set()))
        # More than are kept: read from the history, never cut short.
        assert rollups.most_overdue_at(end, NOW, closed, 4) is None
        assert rollups.most_overdue_at(end, NOW, closed, 3, units[0]) is None
        assert rollups.most_overdue_at(end, NOW, closed, 3) is not None
    assert seen > 10  # the lists hold real tickets
    assert rollups.check_days(FIRST, FIRST + timedelta(days=DAYS), NOW) == []
    row = db.session.scalar(select(StatsOverdue).where(StatsOverdue.every_unit.is_(False)))
    row.due_date -= timedelta(days=1)
    db.session.commit()
    differences = rollups.check_days(row.day, row.day, NOW)
    assert differences == [f"{row.day.isoformat()}: vencidas más antiguas distintas"]


def test_the_dashboard_reads_a_past_overdue_list_from_the_stored_day_end(random_work):
    rollups.close_days(NOW)
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        data = q.get_dashboard(Period(date(2026, 3, 9), date(2026, 3, 15)), NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert data["overdue"] and any("stats_overdue" in s for s in statements)
    assert not any("ticket_events" in s for s in statements)  # no history read


def test_the_per_ticket_state_clause_finds_the_tickets_the_history_does(random_work):
    """``open_at`` (the lists' filter) picks, at every day's end, the tickets ``state_at``
    (the statistics') gives, open and overdue: reopenings and re-channelings included."""
    checked = 0
    for n in range(DAYS):
        day = FIRST + timedelta(days=n)
        end = local_day_range_utc(day, day)[1]
        for overdue_on in (None, day + timedelta(days=1)):
            state = history.state_at(end, overdue_on=overdue_on)
            expected = set(db.session.scalars(select(state.c.ticket_id)))
            found = set(db.session.scalars(select(Ticket.id).where(
                history.open_at(end, overdue_on))))
            assert found == expected, (day, overdue_on)
            checked += len(found)
    assert checked > 50


def test_a_day_is_closed_only_after_its_grace_and_a_late_commit_is_not_missed(app):
    unit = make_unit(created_at=local(2025, 1, 1))
    category = make_category(unit=unit)
    just_before_midnight = local(2026, 3, 2, 23, 59, 59)
    make_ticket(category, now=just_before_midnight)
    # The backfill starts on the 1st of the first ticket's month; the 2nd is within the grace.
    assert rollups.close_days(local(2026, 3, 3, 0, 5)) == [date(2026, 3, 1)]
    assert rollups.close_days(local(2026, 3, 3, 0, 20)) == [date(2026, 3, 2)]
    day = Period(date(2026, 3, 2), date(2026, 3, 2))
    assert q.get_ticket_stats(day, local(2026, 3, 3, 0, 20)).received == 1


def test_the_check_reports_a_rollup_that_no_longer_matches_the_rows(random_work):
    rollups.close_days(NOW)
    flow = db.session.scalar(select(StatsFlow).where(StatsFlow.received > 0).limit(1))
    flow.received += 1
    db.session.commit()
    differences = rollups.check_days(FIRST, FIRST + timedelta(days=DAYS), NOW)
    assert len(differences) == 1 and flow.day.isoformat() in differences[0]


STATS_QUERY_LIMIT = 10


@pytest.mark.parametrize("first, last", [
    (date(2026, 3, 9), date(2026, 3, 15)), (date(2026, 2, 1), date(2026, 2, 28)),
    (date(2025, 12, 1), date(2026, 2, 28)), (date(2025, 3, 1), date(2026, 2, 28))])
def test_the_dashboard_reads_a_week_or_a_year_in_the_same_few_queries(random_work, first, last):
    rollups.close_days(NOW, date(2025, 1, 1))  # the backfill of a year before the first ticket
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        data = q.get_dashboard(Period(first, last), NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert data["stats"].units  # the figures were read
    # Units with their activity, closed days, settings, reports and excuses, states, flows
    # with the categories and the citizens, colonias, resolution times with the answers,
    # overdue list, visits: whatever the range, compliance read once.
    assert len(statements) <= STATS_QUERY_LIMIT
    assert sum("weekly_reports" in s for s in statements) == 1
