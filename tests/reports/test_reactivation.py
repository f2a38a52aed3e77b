"""Compliance after a deactivate -> reactivate cycle: the weeks a unit was inactive are not
owed, the others are, and the figures over the range are exact.

The unit (created in 2025) is deactivated on Wednesday of week 10 of 2026 and reactivated on
Thursday of week 14, through the unit services: it owes weeks 8 and 9, not 10 to 14 (10: it was
deactivated during it; 14: reactivated after its Monday 00:00), and again 15 and 16.
"""
from datetime import date, datetime, timedelta, timezone

import pytest

from app.extensions import db
from app.reports import compliance as cm
from app.reports import queries, services
from app.timeutil import LOCAL_TZ
from app.units import services as unit_services
from app.validators import ValidationError
from tests.reports.factories import make_report, make_reporting_unit

UTC = timezone.utc
W8, W16 = date(2026, 2, 16), date(2026, 4, 13)
NOW = datetime(2026, 4, 30, 12, tzinfo=UTC)  # every deadline of the range has passed
WEEKS = list(range(8, 17))


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ).astimezone(UTC)


def deadline(week):
    return cm.deadline_for_week(2026, week, cm.DeadlineRule())


def cycle(unit, off, on):
    unit_services.set_unit_active(unit, False, off)
    unit_services.set_unit_active(unit, True, on)
    db.session.commit()
    return unit


@pytest.fixture
def cycled(app):
    unit = cycle(make_reporting_unit(name="A Reactivada"), local(2026, 3, 4, 11),
                 local(2026, 4, 2, 9))
    make_report(unit, 2026, 8, submitted_at=deadline(8))
    make_report(unit, 2026, 12, submitted_at=deadline(12))  # handed in while inactive
    make_report(unit, 2026, 15, submitted_at=deadline(15) + timedelta(seconds=1))
    steady = make_reporting_unit(name="B Constante")
    for week in WEEKS:
        make_report(steady, 2026, week, submitted_at=deadline(week))
    return unit


def statuses(row):
    return dict(zip(WEEKS, (cell.status for cell in row.cells)))


def test_only_the_weeks_the_unit_was_active_are_owed(cycled):
    row = queries.list_unit_compliance(W8, W16, NOW, unit_id=cycled.id).rows[0]
    assert statuses(row) == {8: cm.A_TIEMPO, 9: cm.NO_ENTREGADO, 10: None, 11: None, 12: None,
                             13: None, 14: None, 15: cm.EXTEMPORANEO, 16: cm.NO_ENTREGADO}
    assert row.cells[WEEKS.index(12)].report_id is not None  # shown, not counted
    assert row.active is True


def test_figures_over_the_cycle_are_exact(cycled):
    summary = queries.list_unit_compliance(W8, W16, NOW)
    rows = {row.unit_name: row.figures for row in summary.rows}
    assert {k: v for k, v in rows["A Reactivada"].counts.items() if v} == {
        cm.A_TIEMPO: 1, cm.EXTEMPORANEO: 1, cm.NO_ENTREGADO: 2}
    assert rows["A Reactivada"].mean_score == 1.5 / 4
    assert rows["B Constante"].mean_score == 1.0
    assert {k: v for k, v in summary.overall.counts.items() if v} == {
        cm.A_TIEMPO: 10, cm.EXTEMPORANEO: 1, cm.NO_ENTREGADO: 2}
    assert summary.overall.mean_score == 10.5 / 13
    assert [row.unit_name for row in summary.ranking] == ["B Constante", "A Reactivada"]


@pytest.mark.parametrize("first,last,owed", [
    (date(2026, 3, 9), date(2026, 3, 29), 0),  # weeks 11-13: inactive, the unit is not listed
    (date(2026, 3, 2), date(2026, 4, 5), 0),  # weeks 10-14
    (date(2026, 2, 23), date(2026, 4, 12), 2),  # weeks 9-15
])
def test_ranges_inside_the_gap_owe_nothing(cycled, first, last, owed):
    summary = queries.list_unit_compliance(first, last, NOW)
    rows = {row.unit_name: row.figures.owed for row in summary.rows}
    assert rows.get("A Reactivada", 0) == owed


@pytest.mark.parametrize("week,allowed", [(9, True), (10, False), (13, False), (14, False),
                                          (15, True)])
def test_reports_and_excuses_are_refused_only_for_the_inactive_weeks(cycled, week, allowed):
    report = lambda: services.submit_report(  # noqa: E731
        cycled, 2026, week, summary="Resumen", now=NOW)
    excuse = lambda: services.excuse_week(  # noqa: E731
        cycled, 2026, week, "Motivo", actor=None, now=NOW)
    for action in (excuse, report):
        if allowed:
            action()
        else:
            with pytest.raises(ValidationError, match=f"no debía informe en la semana {week} "):
                action()
    db.session.rollback()


@pytest.mark.parametrize("off,on,expected", [
    # Deactivated Tuesday and reactivated Thursday of week 10: week 10 is not owed.
    (local(2026, 3, 3, 10), local(2026, 3, 5, 10), {9: True, 10: False, 11: True}),
    # Within the same hour on Monday morning: still not owed.
    (local(2026, 3, 2, 9), local(2026, 3, 2, 9, 30), {9: True, 10: False, 11: True}),
    # Deactivated on Sunday 23:59 of week 9, back at Monday 00:00 of week 10: 9 not owed, 10 is.
    (local(2026, 3, 1, 23, 59), local(2026, 3, 2), {9: False, 10: True, 11: True}),
])
def test_a_cycle_within_a_week(app, off, on, expected):
    unit = cycle(make_reporting_unit(), off, on)
    row = queries.list_unit_compliance(date(2026, 2, 23), date(2026, 3, 9), NOW,
                                       unit_id=unit.id).rows[0]
    assert {cell.iso_week: cell.status is not None for cell in row.cells} == expected
