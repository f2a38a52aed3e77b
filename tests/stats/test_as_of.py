"""Past figures are states at the period's end read from the status history: a memo made
later for an old week gives the figures it gave then, whatever happened since."""
import hashlib
import re
from datetime import date, timedelta

import pytest

from app.extensions import db
from app.stats import cabinet, overdue
from app.stats import queries as q
from app.tickets import workflow
from app.stats.periods import current_week
from app.tickets.models import Ticket
from app.timeutil import utcnow
from tests.factories import make_ticket, make_user
from tests.stats.conftest import NOW, W10
from tests.stats.fixtures import add_ticket, local
from tests.stats.test_cabinet import pdf_text

LATER = NOW + timedelta(days=1)


def _states(now):
    stats = q.get_ticket_stats(W10, now)
    units = {row.name: (row.backlog, row.overdue) for row in stats.units}
    listed = [(r["folio"], r["unit"], r["days_late"]) for r in
              overdue.list_overdue_tickets(now, at=q.as_of(W10, now))]
    return stats.backlog, stats.overdue, units, listed


def _move_everything(week):
    """After the week: reopen a solved ticket, solve open ones, re-channel one, open a new one."""
    t = week["tickets"]
    secretary = make_user(role="secretary")
    worker_a = make_user(role="unit", unit=week["a"])
    worker_b = make_user(role="unit", unit=week["b"])
    workflow.transition(t[6], "canalizada", secretary, note="No quedó resuelta.", now=NOW)
    workflow.transition(t[1], "atendida", worker_a, note="Reparada.", now=NOW)
    workflow.transition(t[11], "atendida", worker_a, note="Reparada.", now=NOW)
    workflow.transition(t[5], "en_proceso", worker_b, now=NOW)
    workflow.transition(t[5], "canalizada", secretary, unit=week["a"], now=NOW)
    workflow.transition(t[7], "canalizada", secretary, unit=week["b"], now=NOW)
    make_ticket(now=NOW)
    db.session.commit()


def test_a_past_week_keeps_its_backlog_and_overdue_after_later_moves(week):
    before = _states(NOW - timedelta(hours=1))
    # Known answers at 9 March 00:00: open 1, 5, 7, 10, 11, 12; overdue 11 (A), 1 (A), 5 (B).
    t = week["tickets"]
    assert before[:2] == (6, 3)
    assert before[3] == [(t[11].folio, "A Obras", 17), (t[1].folio, "A Obras", 4),
                         (t[5].folio, "B Servicios", 3)]
    open_before = q.count_open_per_unit()
    _move_everything(week)
    assert q.count_open_per_unit() != open_before  # the moves did change today's figures
    assert _states(LATER) == before


def test_a_ticket_solved_after_the_end_counts_as_backlog_and_one_reopened_after_does_not(week):
    t = week["tickets"]
    _move_everything(week)
    units = {row.name: row for row in q.get_ticket_stats(W10, LATER).units}
    # t6 was solved on 8 March (reopened since): not backlog at the end; t1, t11: backlog.
    assert units["A Obras"].backlog == 3  # 1, 11, 12
    assert units["B Servicios"].backlog == 2  # 5 (at B then), 10
    assert t[6].status == "canalizada"


def test_overdue_at_the_end_uses_the_due_date_of_then(app):
    from tests.factories import make_category, make_unit

    unit = make_unit(created_at=local(2025, 1, 1))
    category = make_category(unit=unit)
    ticket = add_ticket(category, local(2026, 2, 2, 9), channeled=local(2026, 2, 2, 10),
                        due=date(2026, 3, 4))
    db.session.commit()
    # Re-channeled after the week: a new, later due date; at the week's end it was overdue.
    workflow.transition(ticket, "canalizada", make_user(role="secretary"), unit=make_unit(),
                        now=NOW)
    db.session.commit()
    assert ticket.due_date > date(2026, 3, 10)
    assert q.count_state_per_unit(W10.end_utc, LATER)["overdue"] == {unit.id: 1}
    assert q.count_state_per_unit(LATER, LATER)["overdue"] == {}


def test_the_running_week_reads_today(week):
    running = q.get_ticket_stats(W10, local(2026, 3, 6, 12))  # Friday of week 10
    assert running.backlog == sum(q.count_open_per_unit().values())


def _figures(text: str) -> str:
    """The PDF's text without the generation line (the only part that differs)."""
    return re.sub(r"Generado el [^\n]*", "", text)


def test_a_memo_regenerated_later_has_the_same_figures_and_the_archive_still_checks(week):
    secretary = make_user(role="secretary", name="Lic. Beatriz Acuña")
    first = cabinet.generate_cabinet_report("2026-W10", "", secretary, NOW)
    db.session.commit()
    _move_everything(week)
    second = cabinet.generate_cabinet_report("2026-W10", "", secretary, LATER)
    db.session.commit()
    assert _figures(pdf_text(second.pdf)) == _figures(pdf_text(first.pdf))
    kept = db.session.get(type(first), first.id)
    assert hashlib.sha256(kept.pdf).hexdigest() == kept.sha256
    assert db.session.query(Ticket).count() == 14


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_the_overdue_csv_of_a_past_week_streams_the_state_then(week, chunk):
    _move_everything(week)
    rows = list(overdue.iter_overdue_tickets(LATER, chunk=chunk, at=W10.end_utc))
    t = week["tickets"]
    assert [r["folio"] for r in rows] == [t[11].folio, t[1].folio, t[5].folio]
    assert rows[2]["unit"] == "B Servicios"


def test_the_dashboard_says_when_overdue_is_counted(week, login_as):
    client = login_as(make_user(role="secretary"))
    past = client.get("/estadisticas/?desde=2026-03-02&hasta=2026-03-08").text
    assert "Vencidas (al cierre del periodo)" in past
    week_now = current_week(utcnow())
    running = client.get(f"/estadisticas/?desde={week_now.first}&hasta={week_now.last}").text
    assert "Vencidas (a hoy)" in running and "Vencidas (al cierre" not in running


def test_the_oldest_overdue_per_unit_of_a_past_week_are_those_of_then(week):
    t = week["tickets"]
    a, b = week["a"].id, week["b"].id
    _move_everything(week)
    oldest = overdue.list_oldest_overdue_per_unit(LATER, [a, b], 3, at=W10.end_utc)
    assert [r["folio"] for r in oldest[a]] == [t[11].folio, t[1].folio]
    assert [(r["folio"], r["days_late"]) for r in oldest[b]] == [(t[5].folio, 3)]
    assert overdue.list_oldest_overdue_per_unit(LATER, [a, b], 3).get(b) is None
