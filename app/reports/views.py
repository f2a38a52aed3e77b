"""Weekly report screens: unit staff hand in; the Secretaría Técnica follows compliance."""
from datetime import timedelta

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   send_file, url_for)
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.auth.decorators import login_required, permission_required
from app.auth.permissions import Permission, can_view_unit_reports
from app.extensions import db
from app.forms import ConfirmForm
from app.reports import progress as program_progress
from app.reports import compliance as cm
from app.reports import files, queries, services
from app.reports.forms import DeadlineForm, ExcuseForm, ReportForm
from app.reports.models import WeeklyReport, WeeklyReportVersion
from app.timeutil import utcnow
from app.units.models import Unit
from app.validators import ValidationError
from app.viewutil import commit_or_explain, get_or_404

bp = Blueprint("reports", __name__, url_prefix="/informes")
DEFAULT_WEEKS = 12
MAX_RANGE_WEEKS = 520
GRID_WEEKS = 53
STATUS_CSS = {cm.A_TIEMPO: "text-bg-success", cm.EXTEMPORANEO: "text-bg-warning",
              cm.NO_ENTREGADO: "text-bg-danger", cm.PENDIENTE: "text-bg-light border",
              cm.JUSTIFICADO: "text-bg-info"}


@bp.context_processor
def inject_rules():
    return {"cm": cm, "status_css": STATUS_CSS}


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc):
    flash(f"{files.TOO_LARGE} No se guardó nada.", "danger")
    return redirect(request.full_path if request.method == "GET" else request.path)


def _week_range():
    """(first Monday, last Monday) from ?desde=&hasta= (AAAA-Wnn); the last 12 weeks by default."""
    this_monday = cm.week_monday(*cm.current_week(utcnow()))
    first, last = this_monday - timedelta(weeks=DEFAULT_WEEKS - 1), this_monday
    try:
        if request.args.get("desde"):
            first = cm.week_monday(*cm.parse_week_value(request.args["desde"]))
        if request.args.get("hasta"):
            last = cm.week_monday(*cm.parse_week_value(request.args["hasta"]))
        if first > last:
            raise ValidationError("La semana inicial debe ser anterior a la final.")
        if (last - first).days // 7 >= MAX_RANGE_WEEKS:
            raise ValidationError(f"El periodo admite como máximo {MAX_RANGE_WEEKS} semanas.")
    except ValidationError as exc:
        flash(f"{exc} Se muestran las últimas {DEFAULT_WEEKS} semanas.", "warning")
        first, last = this_monday - timedelta(weeks=DEFAULT_WEEKS - 1), this_monday
    return first, last


def _own_unit() -> Unit:
    if current_user.unit is None:
        abort(403)
    return current_user.unit


def _week_or_404(iso_year: int, iso_week: int) -> None:
    try:
        cm.week_monday(iso_year, iso_week)
    except ValidationError:
        abort(404)


def _viewable_report(report_id) -> WeeklyReport:
    report = get_or_404(WeeklyReport, report_id)
    if not can_view_unit_reports(current_user, report.unit_id):
        abort(403)
    return report


@bp.route("/mi-unidad")
@permission_required(Permission.SUBMIT_REPORTS)
def my_reports():
    unit = _own_unit()
    first, last = _week_range()
    summary = queries.list_unit_compliance(first, last, utcnow(), unit.id)
    return render_template("reports/my_reports.html", unit=unit, summary=summary,
                           row=summary.rows[0], current=cm.current_week(utcnow()),
                           first=first, last=last)


@bp.route("/mi-unidad/<int:iso_year>/<int:iso_week>", methods=["GET", "POST"])
@permission_required(Permission.SUBMIT_REPORTS)
def submit(iso_year, iso_week):
    unit, now = _own_unit(), utcnow()
    _week_or_404(iso_year, iso_week)
    if cm.is_future_week(iso_year, iso_week, now):
        flash("No se puede entregar el informe de una semana futura.", "danger")
        return redirect(url_for("reports.my_reports"))
    report = queries.get_report_for_week(unit.id, iso_year, iso_week)
    actions = program_progress.list_week_actions(unit.id, cm.week_monday(iso_year, iso_week))
    form = ReportForm.for_actions(actions, report, _current_progress(report))
    if form.validate_on_submit():
        saved, submitted = commit_or_explain(lambda: services.submit_report(
            unit, iso_year, iso_week, summary=form.summary.data,
            progress=form.progress_rows(), upload=form.file.data,
            remove_file=form.remove_file.data, actor=current_user, now=now), form)
        if saved:
            flash(_submitted_message(submitted, now), "success")
            return redirect(url_for("reports.detail", report_id=submitted.id))
    cell = queries.get_unit_week(unit.id, iso_year, iso_week, now)
    return render_template("reports/submit.html", form=form, unit=unit, report=report,
                           cell=cell, week=(iso_year, iso_week), now=now,
                           actions={str(a.id): a for a in actions},
                           previous=program_progress.previous_values(
                               [a.id for a in actions], cm.week_monday(iso_year, iso_week)))


def _current_progress(report) -> dict:
    if report is None:
        return {}
    rows = program_progress.list_report_progress(report.id).get(report.version, [])
    return {row.action_id: row for row in rows}


def _submitted_message(report: WeeklyReport, now) -> str:
    if report.version > 1:
        return f"Se guardó la versión {report.version} del informe; la anterior queda en el historial."
    if cm.is_on_time(report.submitted_at, report.deadline_at):
        return "Informe entregado a tiempo."
    return "Informe entregado después de la fecha límite: cuenta como extemporáneo."


@bp.route("/")
@permission_required(Permission.VIEW_COMPLIANCE)
def grid():
    first, last = _week_range()
    summary = queries.get_compliance_grid(first, last, utcnow())
    return render_template("reports/grid.html", summary=summary, first=first, last=last,
                           grid_weeks=summary.weeks[-GRID_WEEKS:], grid_offset=max(
                               0, len(summary.weeks) - GRID_WEEKS))


@bp.route("/faltantes")
@permission_required(Permission.VIEW_COMPLIANCE)
def missing():
    now = utcnow()
    return render_template("reports/missing.html", rows=queries.list_missing_units(now),
                           week=cm.current_week(now))


@bp.route("/unidades/<int:unit_id>")
@permission_required(Permission.VIEW_COMPLIANCE)
def unit_history(unit_id):
    unit = get_or_404(Unit, unit_id)
    first, last = _week_range()
    summary = queries.list_unit_compliance(first, last, utcnow(), unit.id)
    return render_template("reports/unit_history.html", unit=unit, row=summary.rows[0],
                           first=first, last=last, confirm=ConfirmForm())


@bp.route("/unidades/<int:unit_id>/<int:iso_year>/<int:iso_week>/justificar",
          methods=["GET", "POST"])
@permission_required(Permission.EXCUSE_REPORTS)
def excuse(unit_id, iso_year, iso_week):
    unit, now = get_or_404(Unit, unit_id), utcnow()
    _week_or_404(iso_year, iso_week)
    form = ExcuseForm()
    if form.validate_on_submit():
        if commit_or_explain(lambda: services.excuse_week(
                unit, iso_year, iso_week, form.reason.data, actor=current_user, now=now),
                form)[0]:
            flash("Semana justificada: no cuenta en el cumplimiento.", "success")
            return redirect(url_for("reports.unit_history", unit_id=unit.id))
    cell = queries.get_unit_week(unit.id, iso_year, iso_week, now)
    return render_template("reports/excuse.html", form=form, unit=unit, cell=cell,
                           week=(iso_year, iso_week))


@bp.route("/unidades/<int:unit_id>/<int:iso_year>/<int:iso_week>/quitar-justificacion",
          methods=["POST"])
@permission_required(Permission.EXCUSE_REPORTS)
def remove_excuse(unit_id, iso_year, iso_week):
    unit = get_or_404(Unit, unit_id)
    row = queries.get_excuse(unit.id, iso_year, iso_week)
    if row is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.remove_excuse(row)
        db.session.commit()
        flash("Se quitó la justificación; la semana vuelve a contar.", "success")
    return redirect(url_for("reports.unit_history", unit_id=unit.id))


@bp.route("/configuracion", methods=["GET", "POST"])
@permission_required(Permission.EXCUSE_REPORTS)
def settings():
    rule = queries.get_global_rule()
    form = DeadlineForm()
    if not form.is_submitted():
        form.weekday.data, form.time.data = str(rule.weekday), rule.at
    if form.validate_on_submit():
        saved, new_rule = commit_or_explain(
            lambda: services.set_global_deadline(form.weekday.data, form.time.data), form)
        if saved:
            flash(f"Fecha límite general: cada {new_rule.label}.", "success")
            return redirect(url_for("reports.settings"))
    return render_template("reports/settings.html", form=form, rule=rule)


@bp.route("/<int:report_id>")
@login_required
def detail(report_id):
    report = _viewable_report(report_id)
    cell = queries.get_unit_week(report.unit_id, report.iso_year, report.iso_week, utcnow())
    return render_template("reports/detail.html", report=report, cell=cell,
                           progress=program_progress.list_report_progress(report.id),
                           versions=queries.list_report_versions(report.id))


@bp.route("/<int:report_id>/archivo")
@login_required
def download(report_id):
    report = _viewable_report(report_id)
    return _send(report.file_stored_name, report.file_name, report.file_content_type)


@bp.route("/<int:report_id>/versiones/<int:version_id>/archivo")
@login_required
def version_download(report_id, version_id):
    report = _viewable_report(report_id)
    version = get_or_404(WeeklyReportVersion, version_id)
    if version.report_id != report.id:
        abort(404)
    return _send(version.file_stored_name, version.file_name, version.file_content_type)


def _send(stored_name, file_name, content_type):
    if not stored_name:
        abort(404)
    path = files.stored_path(current_app.config["UPLOAD_DIR"], stored_name)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=content_type, as_attachment=True, download_name=file_name)
