"""The demo gives every active unit an approved program of 4 to 8 actions with a year of
weekly progress: some on schedule, some behind, one stalled per unit."""
from collections import Counter
from datetime import date

from sqlalchemy import func, select

from app import demo_data as data
from app.extensions import db
from app.programs import figures as fig
from app.programs.models import ActionProgress, ProgramAction, WorkProgram
from app.timeutil import local_today
from app.units.models import Unit


def test_every_demo_unit_plans_some_actions_on_schedule_some_behind_and_one_stalled():
    assert {code for _, code, _ in data.UNITS} <= set(data.PROGRAMS)
    for code, rows in data.PROGRAMS.items():
        paces = [row[-1] for row in rows]
        assert 4 <= len(rows) <= 8, code
        assert paces.count("stalled") == 1, code
        assert any(p != "stalled" and p >= 1 for p in paces), code
        assert any(p != "stalled" and p < 0.9 for p in paces), code


def test_the_demo_gives_every_active_unit_an_approved_program_with_weekly_progress(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    actions = dict(db.session.execute(
        select(Unit.code, func.count(ProgramAction.id))
        .join(WorkProgram, WorkProgram.unit_id == Unit.id)
        .join(ProgramAction, ProgramAction.program_id == WorkProgram.id)
        .where(Unit.active, WorkProgram.status == "aprobado",
               WorkProgram.year == local_today().year)
        .group_by(Unit.code)).all())
    active = set(db.session.scalars(select(Unit.code).where(Unit.active)))
    assert set(actions) == active and all(4 <= n <= 8 for n in actions.values())
    reported = db.session.scalar(select(func.count(func.distinct(ActionProgress.action_id))))
    today = local_today()
    if today >= date(today.year, 4, 1):  # a quarter of progress is needed to fall behind
        statuses = Counter(f.status for f in fig.list_action_figures(today))
        assert reported >= 0.9 * sum(actions.values())
        assert statuses[fig.ON_TRACK] and statuses[fig.BEHIND] and statuses[fig.STALLED]
    runner.invoke(args=["seed-demo"])
    assert db.session.scalar(select(func.count(ProgramAction.id))) == sum(actions.values())
