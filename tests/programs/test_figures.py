"""The figures: expected progress from the curves at their boundaries, each status rule, the
per-unit and per-axis summaries, from real progress rows, in a bounded number of queries."""
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from app.extensions import db
from app.programs import figures as fig
from app.programs import lifecycle
from app.programs.models import LINEAR, QUARTERLY, ActionProgress
from app.reports import compliance as cm
from app.reports.queries import get_report_for_week
from tests.factories import make_unit
from tests.programs.factories import (APPROVED_AT, action_raw, make_action, make_axis,
                                      make_program)
from tests.reports.factories import make_report


def plan(curve=LINEAR, goal=100.0, start=date(2026, 1, 1), end=date(2026, 12, 31),
         targets=(None, None, None, None)):
    return SimpleNamespace(curve=curve, goal=goal, starts_on=start, ends_on=end,
                           targets=targets)


@pytest.mark.parametrize("day,expected", [
    (date(2025, 12, 31), 0.0),     # the day before the start
    (date(2026, 1, 1), 100 / 365),  # the first day counts whole
    (date(2026, 7, 2), 100 * 183 / 365),
    (date(2026, 12, 31), 100.0),   # the goal on the end date
    (date(2027, 3, 1), 100.0),     # and after it
])
def test_linear_curve_spreads_the_goal_evenly_over_its_days(day, expected):
    assert fig.expected_value(plan(), day) == pytest.approx(expected)


QUARTERLY_PLAN = plan(QUARTERLY, goal=120.0, targets=(10.0, 40.0, 90.0, 120.0))


@pytest.mark.parametrize("day,expected", [
    (date(2025, 12, 31), 0.0),
    (date(2026, 3, 31), 10.0),     # each quarter's target at its last day
    (date(2026, 6, 30), 40.0),
    (date(2026, 9, 30), 90.0),
    (date(2026, 12, 31), 120.0),
    (date(2026, 5, 15), 10 + 30 * 45 / 91),  # a straight line within the quarter
])
def test_quarterly_curve_meets_each_target_at_the_quarters_end(day, expected):
    assert fig.expected_value(QUARTERLY_PLAN, day) == pytest.approx(expected)


def test_quarterly_targets_outside_the_actions_dates_are_ignored():
    action = plan(QUARTERLY, goal=50.0, start=date(2026, 4, 1), end=date(2026, 8, 31),
                  targets=(5.0, 20.0, 50.0, 50.0))
    assert fig.curve_points(action) == [(date(2026, 3, 31), 0.0), (date(2026, 6, 30), 20.0),
                                        (date(2026, 8, 31), 50.0)]


AS_OF = date(2026, 6, 17)  # a Wednesday


def classify(**kw):
    args = dict(goal=100.0, expected=50.0, actual=45.0, cancelled=False,
                starts_on=date(2026, 1, 1), level_since=date(2026, 6, 15), as_of=AS_OF)
    args.update(kw)
    return fig.classify(**args)


@pytest.mark.parametrize("kw,status", [
    ({}, fig.ON_TRACK),
    ({"actual": 40.0}, fig.ON_TRACK),            # exactly 10 points under: still on schedule
    ({"actual": 39.9}, fig.BEHIND),              # more than 10 points under
    ({"actual": None, "level_since": None, "starts_on": date(2026, 6, 8)}, fig.BEHIND),
    ({"actual": 100.0}, fig.DONE),
    ({"actual": 130.0}, fig.DONE),
    ({"cancelled": True, "actual": 100.0}, fig.CANCELLED),
    ({"level_since": date(2026, 5, 25)}, fig.STALLED),   # three weeks at the same level
    ({"level_since": date(2026, 6, 1)}, fig.ON_TRACK),   # two weeks: not yet
    ({"actual": None, "level_since": None, "starts_on": date(2026, 5, 27)}, fig.STALLED),
    ({"actual": None, "level_since": None, "expected": 0.0,
      "starts_on": date(2026, 7, 1)}, fig.ON_TRACK),     # not started yet
])
def test_each_status_rule(kw, status):
    assert classify(**kw) == status


def _progress(unit, action, week, value, version=1):
    monday = cm.week_monday(*week)
    report = (get_report_for_week(unit.id, *week)
              or make_report(unit, *week, version=version))
    db.session.add(ActionProgress(report_id=report.id, version=version, action_id=action.id,
                                  week_start=monday, value=value))
    db.session.commit()
    return report


def test_figures_read_the_last_current_version_and_since_when_it_stands(app):
    unit = make_unit(name="Obras")
    action = make_action(make_program(unit), goal=200.0)  # 82.7 expected by 31 May
    _progress(unit, action, (2026, 20), 30.0)
    _progress(unit, action, (2026, 21), 40.0)
    report = _progress(unit, action, (2026, 22), 40.0, version=2)
    db.session.add(ActionProgress(report_id=report.id, version=1, action_id=action.id,
                                  week_start=cm.week_monday(2026, 22), value=90.0,
                                  current=False))  # superseded by version 2
    db.session.commit()
    [figure] = fig.list_action_figures(cm.week_monday(2026, 22) + timedelta(days=6))
    assert (figure.actual, figure.last_week) == (40.0, cm.week_monday(2026, 22))
    assert figure.status == fig.BEHIND
    # Three weeks later without a rise: stalled; and a date before the reports sees none.
    later = fig.list_action_figures(cm.week_monday(2026, 24))[0]
    assert later.status == fig.STALLED
    assert fig.list_action_figures(date(2026, 5, 1))[0].actual is None


def test_programs_not_yet_approved_and_other_years_are_left_out(app):
    unit = make_unit()
    make_action(make_program(unit, status="enviado"))
    make_action(make_program(unit, year=2025))
    assert fig.list_action_figures(date(2026, 6, 1)) == []


def test_summaries_per_unit_and_axis_cap_each_action_at_its_goal(app):
    a, b = make_unit(name="A"), make_unit(name="B")
    axis = make_axis(name="Infraestructura")
    done = make_action(make_program(a), axis, goal=10.0)
    make_action(make_program(b), axis, goal=10.0,
                cancelled_at=make_program(make_unit()).created_at)
    _progress(a, done, (2026, 20), 15.0)
    figures = fig.list_action_figures(date(2026, 12, 31))
    by_unit = {g.name: g for g in fig.summarize(figures, "unit")}
    assert by_unit["A"].physical == 1.0 and by_unit["A"].counts[fig.DONE] == 1
    assert by_unit["B"].physical is None and by_unit["B"].counts[fig.CANCELLED] == 1
    [by_axis] = fig.summarize(figures, "axis")
    assert (by_axis.name, by_axis.total, by_axis.physical) == ("Infraestructura", 2, 1.0)


def test_the_figures_cost_two_queries_whatever_the_number_of_actions(app, count_queries):
    axis = make_axis()
    for n in range(6):
        unit = make_unit()
        program = make_program(unit)
        for _ in range(5):
            _progress(unit, make_action(program, axis), (2026, 10 + n), 5.0)
    with count_queries() as statements:
        figures = fig.list_action_figures(date(2026, 6, 1))
    assert len(figures) == 30 and len(statements) == 2


def test_the_weekly_series_has_expected_and_reported_values(app):
    unit = make_unit()
    action = make_action(make_program(unit), starts_on=date(2026, 1, 5),
                         ends_on=date(2026, 1, 25), goal=21.0)
    _progress(unit, action, (2026, 3), 12.0)
    series = fig.get_action_series(action, date(2026, 1, 25))
    assert series == [(date(2026, 1, 5), 7.0, None), (date(2026, 1, 12), 14.0, 12.0),
                      (date(2026, 1, 19), 21.0, None)]


BEFORE_CHANGE = date(2026, 5, 31)
CHANGED_AT = datetime(2026, 6, 10, 17, tzinfo=timezone.utc)


def _approved_through_lifecycle(unit, axis):
    program = lifecycle.get_or_create_program(unit, 2026, APPROVED_AT - timedelta(days=2))
    for key, goal in (("OP-01", "200"), ("OP-02", "50")):
        lifecycle.add_action(program, action_raw(axis, key=key, goal=goal,
                                                 starts_on=date(2026, 1, 5),
                                                 ends_on=date(2026, 12, 27)),
                             None, APPROVED_AT - timedelta(days=2))
    lifecycle.submit_program(program, None, APPROVED_AT - timedelta(days=1))
    lifecycle.approve_program(program, None, APPROVED_AT)
    db.session.commit()
    return program


def test_a_past_date_reads_the_plan_in_force_then_and_a_later_one_the_change(app):
    unit, axis = make_unit(name="Obras"), make_axis()
    program = _approved_through_lifecycle(unit, axis)
    bacheo, calles = program.actions
    for week in range(10, 22):
        _progress(unit, bacheo, (2026, week), 4.0 * (week - 9))
    before = fig.list_action_figures(BEFORE_CHANGE)
    series_before = fig.get_action_series(bacheo, BEFORE_CHANGE)

    lifecycle.update_action(bacheo, action_raw(axis, key="OP-01", goal="400",
                                               starts_on=date(2026, 1, 5),
                                               ends_on=date(2026, 12, 27)),
                            None, CHANGED_AT, reason="Se amplió la meta con el nuevo convenio")
    lifecycle.cancel_action(calles, "Sin presupuesto", None, CHANGED_AT)
    lifecycle.add_action(program, action_raw(axis, key="OP-03", goal="10"), None, CHANGED_AT,
                         reason="Acción nueva del convenio")
    db.session.commit()

    assert fig.list_action_figures(BEFORE_CHANGE) == before
    assert fig.get_action_series(bacheo, BEFORE_CHANGE) == series_before
    assert [(f.goal, f.status) for f in before] == [(200.0, fig.BEHIND), (50.0, fig.STALLED)]
    later = {f.key: f for f in fig.list_action_figures(date(2026, 6, 30))}
    assert later["OP-01"].goal == 400.0
    assert later["OP-01"].expected == pytest.approx(
        400 * (date(2026, 6, 30) - date(2026, 1, 4)).days / 357)
    assert later["OP-02"].status == fig.CANCELLED
    assert set(later) == {"OP-01", "OP-02", "OP-03"}
    assert fig.get_action_series(bacheo, date(2026, 6, 30))[-1][1] == later["OP-01"].expected


def test_the_figures_cost_two_queries_whatever_the_number_of_versions(app, count_queries):
    unit, axis = make_unit(), make_axis()
    program = _approved_through_lifecycle(unit, axis)
    for n, action in enumerate(program.actions * 3):
        lifecycle.update_action(action, action_raw(
            axis, key=action.key, goal=str(100 + n), starts_on=action.starts_on,
            ends_on=action.ends_on), None, CHANGED_AT + timedelta(days=n), reason="Ajuste")
    db.session.commit()
    with count_queries() as statements:
        figures = fig.list_action_figures(date(2026, 12, 31))
    assert [f.goal for f in figures] == [104.0, 105.0] and len(statements) == 2
