"""Writes for weekly reports: submission with history, excuses, the global deadline.

Services validate, add and flush; the view commits once.
"""
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.reports import compliance as cm
from app.reports import files, queries
from app.reports import progress as program_progress
from app.reports.models import ReportExcuse, WeeklyReport, WeeklyReportVersion
from app.settings import REPORT_DEADLINE_TIME, REPORT_DEADLINE_WEEKDAY, set_setting
from app.units.models import Unit
from app.units.queries import get_unit_periods
from app.validators import ValidationError, collect_errors, raise_errors

MAX_SUMMARY = 10000
MAX_REASON = 2000


def set_global_deadline(weekday, at) -> cm.DeadlineRule:
    """Save the global deadline (weekday 0-6 and a time) in the settings table."""
    rule = cm.make_rule(weekday, at)
    set_setting(REPORT_DEADLINE_WEEKDAY, str(rule.weekday))
    set_setting(REPORT_DEADLINE_TIME, rule.at.strftime("%H:%M"))
    return rule


def _check_week(unit: Unit, iso_year: int, iso_week: int, now: datetime) -> None:
    cm.week_monday(iso_year, iso_week)
    if cm.is_future_week(iso_year, iso_week, now):
        raise ValidationError("No se puede registrar nada para una semana futura.", "week")
    if not cm.unit_owes_week(get_unit_periods(unit.id), iso_year, iso_week):
        raise ValidationError(
            f"{unit.name} no debía informe en la semana {iso_week} de {iso_year}.", "week")


def _clean_summary(summary: str | None) -> str:
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError("Escriba el resumen de las acciones de la semana.", "summary")
    if len(summary) > MAX_SUMMARY:
        raise ValidationError(
            f"El resumen admite como máximo {MAX_SUMMARY} caracteres.", "summary")
    return summary


def _keep_version(report: WeeklyReport) -> None:
    db.session.add(WeeklyReportVersion(
        report_id=report.id, version=report.version, submitted_at=report.updated_at,
        submitter_id=report.submitter_id, summary=report.summary,
        legacy_actions=report.legacy_actions, file_name=report.file_name,
        file_stored_name=report.file_stored_name, file_content_type=report.file_content_type))
    report.version += 1


def submit_report(unit: Unit, iso_year: int, iso_week: int, *, summary, progress=(),
                  upload=None, remove_file: bool = False, actor=None,
                  now: datetime) -> WeeklyReport:
    """Hand in (or replace) a unit's report for a week; earlier versions go to the history.

    ``progress``: ``ProgressInput`` rows for the work-program actions active in the week
    (app/reports/progress.py has their rules). The first hand-in decides on time or late
    (``submitted_at`` and ``deadline_at`` never change); a later version replaces the content
    at any time and is dated in the history, its progress rows included.
    """
    _check_week(unit, iso_year, iso_week, now)
    monday = cm.week_monday(iso_year, iso_week)
    cleaned = {}
    errors = collect_errors(
        lambda: cleaned.update(summary=_clean_summary(summary)),
        lambda: cleaned.update(progress=program_progress.clean_progress(
            unit.id, monday, list(progress))))
    raise_errors(errors)
    summary = cleaned["summary"]
    stored = None
    if upload is not None and upload.filename:
        stored = files.save_upload(upload, current_app.config["UPLOAD_DIR"])
    submitter_id = actor.id if actor else None
    report = db.session.scalar(select(WeeklyReport).where(
        WeeklyReport.unit_id == unit.id, WeeklyReport.iso_year == iso_year,
        WeeklyReport.iso_week == iso_week).with_for_update())
    if report is None:
        deadline = cm.unit_deadline(unit, iso_year, iso_week, queries.get_global_rule())
        report = WeeklyReport(unit_id=unit.id, iso_year=iso_year, iso_week=iso_week,
                              deadline_at=deadline, submitted_at=now, version=1)
    else:
        _keep_version(report)
    report.updated_at, report.submitter_id = now, submitter_id
    report.summary, report.legacy_actions = summary, None
    if stored is not None:
        report.file_name, report.file_stored_name = stored.file_name, stored.stored_name
        report.file_content_type = stored.content_type
    elif remove_file:
        report.file_name = report.file_stored_name = report.file_content_type = None
    db.session.add(report)
    _flush_or_explain("Otra persona de su unidad acaba de entregar este informe. "
                      "Revise la versión guardada y vuelva a enviar sus cambios.")
    program_progress.save_progress(report, monday, cleaned["progress"])
    db.session.flush()
    return report


def _flush_or_explain(message: str) -> None:
    """Flush inside a savepoint; a concurrent duplicate becomes a Spanish ValidationError."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise ValidationError(message)


def excuse_week(unit: Unit, iso_year: int, iso_week: int, reason: str | None, *, actor,
                now: datetime) -> ReportExcuse:
    """Excuse a unit-week (justificado) with a reason; it leaves the week out of the score."""
    cm.week_monday(iso_year, iso_week)
    if not cm.unit_owes_week(get_unit_periods(unit.id), iso_year, iso_week):
        raise ValidationError(
            f"{unit.name} no debía informe en la semana {iso_week} de {iso_year}.", "week")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("Indique el motivo de la justificación.", "reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(
            f"El motivo admite como máximo {MAX_REASON} caracteres.", "reason")
    cell = queries.get_unit_week(unit.id, iso_year, iso_week, now)
    if cell.status == cm.JUSTIFICADO:
        raise ValidationError("Esa semana ya está justificada.")
    if cell.status == cm.A_TIEMPO:
        raise ValidationError("El informe se entregó a tiempo; no requiere justificación.")
    excuse = ReportExcuse(unit_id=unit.id, iso_year=iso_year, iso_week=iso_week, reason=reason,
                          created_by_id=actor.id if actor else None, created_at=now)
    db.session.add(excuse)
    _flush_or_explain("Esa semana ya está justificada.")
    return excuse


def remove_excuse(excuse: ReportExcuse) -> None:
    """Withdraw an excuse: the week is scored again from what was handed in."""
    db.session.delete(excuse)
    db.session.flush()
