"""Compliance over ranges of weeks, computed from the rows with a bounded number of queries."""
from datetime import date, datetime, time, timedelta, timezone

import pytest

from app.extensions import db
from app.reports import compliance as cm
from app.reports import queries
from app.reports.models import WeeklyReport
from tests.reports.factories import make_excuse, make_report, make_reporting_unit

UTC = timezone.utc
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)  # after week 48 of 2026
W45, W48 = date(2026, 11, 2), date(2026, 11, 23)


def deadline(week):
    return cm.deadline_for_week(2026, week, cm.DeadlineRule())


def on_time(unit, week):
    make_report(unit, 2026, week, submitted_at=deadline(week))


def late(unit, week):
    make_report(unit, 2026, week, submitted_at=deadline(week) + timedelta(seconds=1))


@pytest.fixture
def scenario(app):
    a = make_reporting_unit(name="A Catastro")
    on_time(a, 45), late(a, 46), make_excuse(a, 2026, 48)  # week 47 missing
    b = make_reporting_unit(name="B Nueva", created_at=datetime(2026, 11, 11, 18, tzinfo=UTC))
    on_time(b, 47), on_time(b, 48), on_time(b, 46)  # week 46 was not owed: ignored
    c = make_reporting_unit(name="C Cerrada", active=False,
                            deactivated_at=datetime(2026, 11, 18, 17, tzinfo=UTC))
    late(c, 45)  # week 46 missing; 47 and 48 not owed
    make_reporting_unit(name="D Futura", created_at=datetime(2026, 12, 1, tzinfo=UTC))
    e = make_reporting_unit(name="E Puntual")
    for week in (45, 46, 47, 48):
        on_time(e, week)
    return {"a": a, "b": b, "c": c, "e": e}


def counts(row):
    return {k: v for k, v in row.figures.counts.items() if v}


def test_per_unit_figures_over_a_range(scenario):
    summary = queries.list_unit_compliance(W45, W48, NOW)
    rows = {row.unit_name: row for row in summary.rows}
    assert list(rows) == ["A Catastro", "B Nueva", "C Cerrada", "E Puntual"]  # D owed nothing
    assert counts(rows["A Catastro"]) == {cm.A_TIEMPO: 1, cm.EXTEMPORANEO: 1,
                                          cm.NO_ENTREGADO: 1, cm.JUSTIFICADO: 1}
    assert rows["A Catastro"].figures.expected == 3
    assert rows["A Catastro"].figures.mean_score == 0.5
    assert rows["A Catastro"].figures.on_time_share == 1 / 3
    assert counts(rows["B Nueva"]) == {cm.A_TIEMPO: 2}
    assert [c.status for c in rows["B Nueva"].cells] == [None, None, cm.A_TIEMPO, cm.A_TIEMPO]
    assert rows["B Nueva"].cells[1].report_id is not None  # shown, not counted
    assert counts(rows["C Cerrada"]) == {cm.EXTEMPORANEO: 1, cm.NO_ENTREGADO: 1}
    assert rows["C Cerrada"].figures.mean_score == 0.25
    assert rows["E Puntual"].figures.mean_score == 1.0


def test_overall_pools_every_scored_unit_week(scenario):
    overall = queries.list_unit_compliance(W45, W48, NOW).overall
    assert {k: v for k, v in overall.counts.items() if v} == {
        cm.A_TIEMPO: 7, cm.EXTEMPORANEO: 2, cm.NO_ENTREGADO: 2, cm.JUSTIFICADO: 1}
    assert overall.expected == 11
    assert overall.mean_score == 8 / 11
    assert overall.on_time_share == 7 / 11


def test_ranking_lists_only_units_with_four_scored_weeks(scenario):
    ranking = queries.list_unit_compliance(W45, W48, NOW).ranking
    assert [row.unit_name for row in ranking] == ["E Puntual"]


def test_ranking_orders_by_score_then_on_time_share(app):
    first, second, third = (make_reporting_unit(name=n) for n in ("Z", "Y", "X"))
    for week in (45, 46, 47, 48):
        on_time(first, week)
        (late if week == 45 else on_time)(second, week)
    for week in (45, 46, 47):
        late(third, week)
    on_time(third, 48)
    names = [row.unit_name for row in queries.list_unit_compliance(W45, W48, NOW).ranking]
    assert names == ["Z", "Y", "X"]


def test_unit_filter_and_pending_current_week(scenario):
    thursday = datetime(2026, 11, 26, 18, tzinfo=UTC)  # before Friday's deadline of week 48
    summary = queries.list_unit_compliance(W48, W48, thursday, unit_id=scenario["e"].id)
    assert [row.unit_name for row in summary.rows] == ["E Puntual"]
    assert summary.rows[0].cells[0].status == cm.A_TIEMPO
    c_row = queries.list_unit_compliance(W48, W48, thursday, unit_id=scenario["c"].id).rows[0]
    assert c_row.cells[0].status is None and c_row.figures.owed == 0
    a_new = make_reporting_unit(name="Sin informe")
    cell = queries.get_unit_week(a_new.id, 2026, 48, thursday)
    assert (cell.status, cell.deadline_at) == (cm.PENDIENTE, deadline(48))
    assert queries.get_unit_week(a_new.id, 2026, 48, deadline(48) + timedelta(seconds=1)
                                 ).status == cm.NO_ENTREGADO


def test_missing_units_this_week(scenario):
    thursday = datetime(2026, 11, 26, 18, tzinfo=UTC)
    names = [row.unit_name for row in queries.list_missing_units(thursday)]
    assert names == []  # A excused, B and E handed in, C deactivated, D not yet created
    late_unit = make_reporting_unit(name="Tardía")
    assert [row.unit_name for row in queries.list_missing_units(thursday)] == ["Tardía"]
    assert queries.list_missing_units(thursday)[0].cells[0].status == cm.PENDIENTE


def test_unreported_weeks_use_the_unit_override(app):
    unit = make_reporting_unit(report_deadline_weekday=0, report_deadline_time=time(0, 0))
    cell = queries.get_unit_week(unit.id, 2026, 48, NOW)
    assert cell.deadline_at == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def test_a_range_across_years_includes_week_53(app):
    unit = make_reporting_unit()
    make_report(unit, 2026, 53, submitted_at=datetime(2027, 1, 1, 21, 0, tzinfo=UTC))
    make_report(unit, 2027, 1, submitted_at=datetime(2027, 1, 9, tzinfo=UTC))
    make_report(unit, 2027, 3, submitted_at=datetime(2027, 1, 9, tzinfo=UTC))  # out of range
    make_report(unit, 2026, 51, submitted_at=datetime(2027, 1, 9, tzinfo=UTC))  # out of range
    summary = queries.list_unit_compliance(date(2026, 12, 21), date(2027, 1, 4),
                                           datetime(2027, 2, 1, tzinfo=UTC))
    assert summary.weeks == [(2026, 52), (2026, 53), (2027, 1)]
    assert [c.status for c in summary.rows[0].cells] == [
        cm.NO_ENTREGADO, cm.A_TIEMPO, cm.EXTEMPORANEO]


def test_empty_range_returns_no_rows(app):
    make_reporting_unit()
    summary = queries.list_unit_compliance(W48, W45, NOW)
    assert (summary.weeks, summary.rows, summary.overall.expected) == ([], [], 0)


def test_three_years_of_many_units_take_three_queries(app, count_queries):
    units = [make_reporting_unit() for _ in range(6)]
    first = date(2024, 1, 1)
    weeks = cm.weeks_of_period(first, date(2026, 11, 23))
    db.session.add_all(
        WeeklyReport(unit_id=u.id, iso_year=y, iso_week=w,
                     deadline_at=cm.deadline_for_week(y, w, cm.DeadlineRule()),
                     submitted_at=cm.deadline_for_week(y, w, cm.DeadlineRule()), summary="s")
        for u in units for (y, w) in weeks if (y + w + u.id) % 5)
    db.session.commit()
    with count_queries() as statements:
        summary = queries.list_unit_compliance(first, date(2026, 11, 23), NOW)
    assert len(statements) == 3  # settings, units with their periods, reports and excuses
    expected_missing = sum(1 for u in units for (y, w) in weeks if not (y + w + u.id) % 5)
    assert summary.overall.counts[cm.NO_ENTREGADO] == expected_missing
    assert summary.overall.counts[cm.A_TIEMPO] == len(units) * len(weeks) - expected_missing
