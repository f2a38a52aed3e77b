"""The weekly report's progress rules: cumulative values, a drop needs a note, above the goal
needs confirmation, only the unit's own active actions, nothing stored on any error; the first
hand-in still decides on time or late."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.programs.models import ActionProgress, MILESTONE
from app.reports.progress import ProgressInput, list_week_actions
from app.reports import compliance as cm
from app.reports import services
from app.reports.models import WeeklyReport
from app.validators import ValidationError
from tests.programs.factories import make_action, make_program
from tests.reports.factories import make_reporting_unit

UTC = timezone.utc
DEADLINE = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)  # week 48 of 2026


@pytest.fixture
def unit(app):
    return make_reporting_unit(name="Servicios Públicos")


@pytest.fixture
def action(unit):
    return make_action(make_program(unit), goal=2400.0, measure="luminarias")


def hand_in(unit, week, *rows, now=None):
    now = now or cm.deadline_for_week(*week, cm.DeadlineRule()) - timedelta(hours=2)
    report = services.submit_report(unit, *week, summary="Avance semanal.", now=now,
                                    progress=list(rows))
    db.session.commit()
    return report


def stored() -> int:
    return db.session.scalar(select(func.count(ActionProgress.id)))


def test_only_approved_live_actions_whose_dates_touch_the_week_are_asked(unit):
    program = make_program(unit)
    live = make_action(program, starts_on=date(2026, 11, 29), ends_on=date(2026, 12, 31))
    make_action(program, ends_on=date(2026, 11, 22))                       # over before
    make_action(program, cancelled_at=DEADLINE)                             # cancelled
    make_action(make_program(unit, year=2027, status="enviado"),
                starts_on=date(2027, 1, 1), ends_on=date(2027, 2, 1))       # not approved
    assert list_week_actions(unit.id, date(2026, 11, 23)) == [live]


def test_progress_is_stored_per_version_and_the_drop_needs_a_note(unit, action):
    hand_in(unit, (2026, 47), ProgressInput(action.id, "1,200"))
    with pytest.raises(ValidationError) as caught:
        hand_in(unit, (2026, 48), ProgressInput(action.id, "1100"))
    assert caught.value.field == "progress-0-note"
    assert "baja de 1,200 a 1,100; explique el motivo" in str(caught.value)
    db.session.rollback()
    assert db.session.scalar(select(func.count(WeeklyReport.id))) == 1 and stored() == 1
    hand_in(unit, (2026, 48), ProgressInput(action.id, "1100", note="Se recontó el censo."))
    assert stored() == 2


def test_progress_above_the_goal_asks_for_confirmation(unit, action):
    with pytest.raises(ValidationError, match="supera la meta") as caught:
        hand_in(unit, (2026, 48), ProgressInput(action.id, "2500"))
    assert caught.value.field == "progress-0-confirmed"
    db.session.rollback()
    hand_in(unit, (2026, 48), ProgressInput(action.id, "2500", confirmed=True))
    assert db.session.scalar(select(ActionProgress.value)) == 2500.0


@pytest.mark.parametrize("value,message", [
    ("muchas", "el avance debe ser un número"),
    ("-3", "no puede ser negativo"),
    ("nan", "debe ser un número"),
])
def test_bad_values_are_refused_and_nothing_is_stored(unit, action, value, message):
    with pytest.raises(ValidationError, match=message):
        hand_in(unit, (2026, 48), ProgressInput(action.id, value))
    db.session.rollback()
    assert db.session.scalar(select(func.count(WeeklyReport.id))) == 0 and stored() == 0


def test_a_milestone_goes_from_0_to_100(unit):
    milestone = make_action(make_program(unit), goal_kind=MILESTONE, goal=100.0, measure="%")
    with pytest.raises(ValidationError, match="de 0 a 100"):
        hand_in(unit, (2026, 48), ProgressInput(milestone.id, "120", confirmed=True))


def test_an_action_of_another_unit_posted_by_id_is_refused(unit, action):
    other = make_reporting_unit(name="Tesorería")
    foreign = make_action(make_program(other))
    with pytest.raises(ValidationError, match="no pertenece al programa aprobado"):
        hand_in(unit, (2026, 48), ProgressInput(foreign.id, "5"))
    db.session.rollback()
    assert stored() == 0


def test_a_blank_value_stores_no_row_and_the_first_hand_in_still_decides_lateness(unit, action):
    late = DEADLINE + timedelta(hours=3)
    report = hand_in(unit, (2026, 48), ProgressInput(action.id, ""), now=late)
    assert stored() == 0 and not cm.is_on_time(report.submitted_at, report.deadline_at)
    again = hand_in(unit, (2026, 48), ProgressInput(action.id, "30"), now=late + timedelta(1))
    assert (again.version, again.submitted_at) == (2, late) and stored() == 1
