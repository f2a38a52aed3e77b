"""Report services with a pinned clock: submission, history, excuses, the global deadline."""
import io
from datetime import datetime, time, timedelta, timezone

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.programs.models import ActionProgress
from app.reports.progress import ProgressInput, list_report_progress
from app.reports import compliance as cm
from app.reports import queries, services
from app.reports.models import ReportExcuse, WeeklyReport, WeeklyReportVersion
from app.settings import Setting
from app.validators import ValidationError
from tests.factories import make_user
from tests.programs.factories import make_action, make_program
from tests.reports.factories import PDF_BYTES, make_reporting_unit, set_deadline

UTC = timezone.utc
# Week 48 of 2026: Friday 27 November 15:00 local = 21:00 UTC.
DEADLINE = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
AFTER_WEEK = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def submit(unit, now, week=(2026, 48), summary="Bacheo en 12 colonias.", **kw):
    report = services.submit_report(unit, *week, summary=summary, now=now, **kw)
    db.session.commit()
    return report


def status(unit, now, week=(2026, 48)):
    return queries.get_unit_week(unit.id, *week, now).status


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_submission_exactly_at_the_deadline_is_on_time(app):
    unit = make_reporting_unit()
    report = submit(unit, DEADLINE)
    assert report.deadline_at == DEADLINE
    assert status(unit, AFTER_WEEK) == cm.A_TIEMPO


def test_submission_one_second_after_the_deadline_is_late(app):
    unit = make_reporting_unit()
    submit(unit, DEADLINE + timedelta(seconds=1))
    assert status(unit, AFTER_WEEK) == cm.EXTEMPORANEO


def test_the_deadline_comes_from_the_setting_and_the_unit_override(app):
    set_deadline(0, "00:00")  # Monday midnight
    plain = make_reporting_unit()
    override = make_reporting_unit(report_deadline_weekday=2, report_deadline_time=time(9, 30))
    assert submit(plain, DEADLINE).deadline_at == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    assert submit(override, DEADLINE).deadline_at == datetime(2026, 11, 25, 15, 30, tzinfo=UTC)
    assert status(plain, AFTER_WEEK) == cm.EXTEMPORANEO
    assert status(override, AFTER_WEEK) == cm.EXTEMPORANEO


def test_resubmission_before_the_deadline_replaces_content_and_keeps_history(app):
    unit = make_reporting_unit()
    author = make_user(role="unit", unit=unit)
    action = make_action(make_program(unit))
    first = DEADLINE - timedelta(days=2)
    submit(unit, first, summary="Primera versión", actor=author,
           progress=[ProgressInput(action.id, "10")])
    report = submit(unit, DEADLINE - timedelta(hours=1), summary="Segunda versión",
                    actor=author, progress=[ProgressInput(action.id, "60", "Se avanzó")])
    assert (report.version, report.summary, report.submitted_at) == (2, "Segunda versión", first)
    rows = list_report_progress(report.id)
    assert [(r.value, r.comment) for r in rows[2]] == [(60.0, "Se avanzó")]
    old = db.session.scalars(select(WeeklyReportVersion)).one()
    assert (old.version, old.summary, old.submitted_at, old.submitter_id) == (
        1, "Primera versión", first, author.id)
    assert [r.value for r in rows[1]] == [10.0]
    assert count(WeeklyReport) == 1
    assert status(unit, AFTER_WEEK) == cm.A_TIEMPO


def test_resubmission_after_the_deadline_is_a_new_version_and_the_status_stays(app):
    unit = make_reporting_unit()
    submit(unit, DEADLINE - timedelta(hours=2), summary="A tiempo")
    report = submit(unit, DEADLINE + timedelta(days=3), summary="Corregido")
    assert (report.version, report.summary, report.updated_at) == (
        2, "Corregido", DEADLINE + timedelta(days=3))
    assert status(unit, AFTER_WEEK) == cm.A_TIEMPO


def test_a_late_report_resubmitted_stays_late(app):
    unit = make_reporting_unit()
    submit(unit, DEADLINE + timedelta(hours=2))
    submit(unit, DEADLINE + timedelta(hours=5), summary="Otra")
    assert status(unit, AFTER_WEEK) == cm.EXTEMPORANEO
    assert count(WeeklyReportVersion) == 1


def test_later_setting_changes_do_not_move_a_handed_in_report(app):
    unit = make_reporting_unit()
    submit(unit, DEADLINE + timedelta(hours=2))  # late under Friday 15:00
    set_deadline(6, "23:59")
    assert status(unit, AFTER_WEEK) == cm.EXTEMPORANEO
    assert status(unit, AFTER_WEEK, week=(2026, 47)) == cm.NO_ENTREGADO


@pytest.mark.parametrize("week,now,message", [
    ((2026, 49), DEADLINE, "semana futura"),
    ((2027, 1), datetime(2026, 12, 31, 12, tzinfo=UTC), "semana futura"),
    ((2025, 53), DEADLINE, "La semana indicada no existe."),
])
def test_refused_weeks_store_nothing(app, week, now, message):
    unit = make_reporting_unit()
    with pytest.raises(ValidationError, match=message):
        submit(unit, now, week=week)
    db.session.rollback()
    assert count(WeeklyReport) == 0


def test_week_53_can_be_reported_in_the_new_year(app):
    unit = make_reporting_unit()
    report = submit(unit, datetime(2027, 1, 1, 20, 0, tzinfo=UTC), week=(2026, 53))
    assert report.deadline_at == datetime(2027, 1, 1, 21, 0, tzinfo=UTC)
    assert status(unit, datetime(2027, 1, 10, tzinfo=UTC), week=(2026, 53)) == cm.A_TIEMPO


def test_unit_created_mid_week_cannot_report_that_week(app):
    unit = make_reporting_unit(created_at=datetime(2026, 11, 24, 17, tzinfo=UTC))
    with pytest.raises(ValidationError, match="no debía informe en la semana 48 de 2026"):
        submit(unit, DEADLINE)
    db.session.rollback()
    assert submit(unit, DEADLINE + timedelta(days=7), week=(2026, 49)).iso_week == 49


def test_deactivated_unit_cannot_report_the_week_it_was_deactivated(app):
    unit = make_reporting_unit(active=False,
                               deactivated_at=datetime(2026, 11, 25, 18, tzinfo=UTC))
    with pytest.raises(ValidationError, match="no debía informe"):
        submit(unit, DEADLINE)
    db.session.rollback()
    assert submit(unit, DEADLINE, week=(2026, 47)).iso_week == 47


@pytest.mark.parametrize("summary,value,message", [
    ("   ", "", "Escriba el resumen"),
    ("x" * 10001, "", "como máximo 10000"),
    ("Ok", "diez", "el avance debe ser un número"),
    ("Ok", "-1", "no puede ser negativo"),
])
def test_bad_report_input_is_refused_in_spanish_and_nothing_is_stored(app, summary, value,
                                                                       message):
    unit = make_reporting_unit()
    action = make_action(make_program(unit))
    with pytest.raises(ValidationError, match=message):
        services.submit_report(unit, 2026, 48, summary=summary, now=DEADLINE,
                               progress=[ProgressInput(action.id, value)])
    db.session.rollback()
    assert count(WeeklyReport) == 0 and count(ActionProgress) == 0


def test_file_is_kept_on_resubmission_unless_removed_or_replaced(app):
    unit = make_reporting_unit()
    pdf = FileStorage(io.BytesIO(PDF_BYTES), filename="avance.pdf")
    first = submit(unit, DEADLINE - timedelta(days=1), upload=pdf)
    stored = first.file_stored_name
    assert (first.file_name, first.file_content_type) == ("avance.pdf", "application/pdf")
    assert submit(unit, DEADLINE - timedelta(hours=5)).file_stored_name == stored
    removed = submit(unit, DEADLINE - timedelta(hours=1), remove_file=True)
    assert removed.file_stored_name is None
    versions = db.session.scalars(select(WeeklyReportVersion).order_by(
        WeeklyReportVersion.version)).all()
    assert [v.file_stored_name for v in versions] == [stored, stored]


def test_excused_week_is_justificado_and_left_out(app):
    unit = make_reporting_unit()
    secretary = make_user(role="secretary")
    services.excuse_week(unit, 2026, 48, "  Suspensión   de labores ", actor=secretary,
                         now=AFTER_WEEK)
    db.session.commit()
    excuse = db.session.scalars(select(ReportExcuse)).one()
    assert (excuse.reason, excuse.created_by_id) == ("Suspensión de labores", secretary.id)
    assert status(unit, AFTER_WEEK) == cm.JUSTIFICADO
    submit(unit, AFTER_WEEK)  # a report handed in later does not undo the excuse
    assert status(unit, AFTER_WEEK) == cm.JUSTIFICADO


def test_excusing_a_late_week_then_removing_the_excuse(app):
    unit = make_reporting_unit()
    submit(unit, DEADLINE + timedelta(hours=3))
    excuse = services.excuse_week(unit, 2026, 48, "Falla del sistema", actor=None, now=AFTER_WEEK)
    db.session.commit()
    assert status(unit, AFTER_WEEK) == cm.JUSTIFICADO
    services.remove_excuse(excuse)
    db.session.commit()
    assert status(unit, AFTER_WEEK) == cm.EXTEMPORANEO


@pytest.mark.parametrize("setup,reason,message", [
    ("none", "", "Indique el motivo"),
    ("none", "x" * 2001, "como máximo 2000"),
    ("on_time", "Motivo", "se entregó a tiempo"),
    ("excused", "Motivo", "ya está justificada"),
])
def test_bad_excuses_are_refused(app, setup, reason, message):
    unit = make_reporting_unit()
    if setup == "on_time":
        submit(unit, DEADLINE - timedelta(hours=1))
    if setup == "excused":
        services.excuse_week(unit, 2026, 48, "Primera", actor=None, now=AFTER_WEEK)
        db.session.commit()
    with pytest.raises(ValidationError, match=message):
        services.excuse_week(unit, 2026, 48, reason, actor=None, now=AFTER_WEEK)
    db.session.rollback()
    assert count(ReportExcuse) == (1 if setup == "excused" else 0)


def test_excusing_a_week_the_unit_did_not_owe_is_refused(app):
    unit = make_reporting_unit(created_at=datetime(2026, 12, 1, tzinfo=UTC))
    with pytest.raises(ValidationError, match="no debía informe"):
        services.excuse_week(unit, 2026, 48, "Motivo", actor=None, now=AFTER_WEEK)


def test_set_global_deadline_saves_both_settings_and_applies_to_new_reports(app):
    rule = services.set_global_deadline("6", time(23, 59))
    db.session.commit()
    assert rule == cm.DeadlineRule(6, time(23, 59))
    assert {s.key: s.value for s in db.session.scalars(select(Setting))} == {
        "report_deadline_weekday": "6", "report_deadline_time": "23:59"}
    services.set_global_deadline(0, "00:00")
    db.session.commit()
    assert queries.get_global_rule() == cm.DeadlineRule(0, time(0, 0))
    unit = make_reporting_unit()
    assert submit(unit, DEADLINE).deadline_at == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize("weekday,at", [("7", time(10, 0)), ("x", time(10, 0)), ("1", "9")])
def test_bad_global_deadline_is_refused(app, weekday, at):
    with pytest.raises(ValidationError):
        services.set_global_deadline(weekday, at)
    db.session.rollback()
    assert count(Setting) == 0
