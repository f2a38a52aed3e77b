"""The secretary's statistics: dashboard, CSV exports and the weekly cabinet PDF."""
from flask import (Blueprint, Response, abort, flash, redirect, render_template, request,
                   stream_with_context, url_for)
from flask_login import current_user

from app.auth.decorators import permission_required
from app.auth.permissions import Permission
from app.extensions import db
from app.memo_sections import EXTRA_SECTIONS, extra_section_data
from app.replica import replica_reads
from app.stats import cabinet, charts, delivery, overdue, queries
from app.stats.forms import CabinetForm, DistributionForm
from app.stats.links import dashboard_links
from app.stats.models import CabinetReport
from app.stats.periods import current_week, last_complete_week, parse_date, resolve_range
from app.formatting import iter_csv, to_csv
from app.stats.tables import OVERDUE_HEADERS, build_tables, overdue_rows
from app.timeutil import utcnow
from app.units.queries import list_units, list_units_with_periods
from app.validators import ValidationError
from app.viewutil import get_or_404, link_args, pdf_response

bp = Blueprint("stats", __name__, url_prefix="/estadisticas")
stats_only = permission_required(Permission.VIEW_STATS)


def _filters(now, units=None):
    """(period, unit_id, error) from the query string; bad input falls back to the last
    complete week with a Spanish message. ``units`` (list_units()) when already loaded."""
    try:
        period = resolve_range(parse_date(request.args.get("desde"), "inicial", "desde"),
                               parse_date(request.args.get("hasta"), "final", "hasta"), now)
        raw_unit = (request.args.get("unidad") or "").strip()
        digits = raw_unit.isascii() and raw_unit.isdigit()  # "²".isdigit() is True too
        unit_id = int(raw_unit) if digits and int(raw_unit) else None
        known = {u.id for u in (list_units() if units is None else units)}
        if raw_unit and raw_unit != "0" and unit_id not in known:
            raise ValidationError("La unidad elegida no existe.", "unidad")
        return period, unit_id, None
    except ValidationError as exc:
        return last_complete_week(now), None, str(exc)


@bp.route("/")
@stats_only
def dashboard():
    now, (units, activity) = utcnow(), list_units_with_periods()
    period, unit_id, error = _filters(now, units)
    with replica_reads():
        data = queries.get_dashboard(period, now, unit_id, units=units, activity=activity)
        tables = build_tables(data)
        links = dashboard_links(data, tables, current_user, unit_id, units)
        sections = extra_section_data(period, now)
    return render_template("stats/dashboard.html", data=data, tables=tables, links=links,
                           charts=charts.dashboard_charts(data), units=units,
                           unit_id=unit_id, error=error, args=request.args,
                           query=link_args("name"), running_week=current_week(now),
                           sections=sections, extra_sections=EXTRA_SECTIONS)


@bp.route("/csv/<name>")
@stats_only
def export_csv(name):
    """A dashboard table as CSV; the overdue list is streamed complete, in chunks."""
    now = utcnow()
    period, unit_id, error = _filters(now)
    if error:
        return Response(f"{error} No se generó el CSV.", status=400,
                        mimetype="text/plain; charset=utf-8")
    if name == "vencidas":
        body = stream_with_context(iter_csv(OVERDUE_HEADERS, overdue_rows(
            overdue.iter_overdue_tickets(now, unit_id, at=queries.as_of(period, now)))))
    else:
        tables = build_tables(queries.get_dashboard(period, now, unit_id))
        if name not in tables:
            abort(404)
        body = to_csv(*tables[name][1:])
    filename = f"estadisticas-{name}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/gabinete", methods=["GET", "POST"])
@stats_only
def cabinet_reports():
    now = utcnow()
    form = CabinetForm()
    if not form.is_submitted():
        form.week.data = last_complete_week(now).first.isoformat()
    if form.validate_on_submit():
        try:
            report = cabinet.generate_cabinet_report(form.week.data, form.notes.data,
                                                     current_user, now)
        except ValidationError as exc:
            form.week.errors = list(form.week.errors) + [str(exc)]
        else:
            db.session.commit()
            flash("Informe de gabinete generado y guardado.", "success")
            return redirect(url_for("stats.cabinet_download", report_id=report.id))
    return _cabinet_page(form=form)


@bp.route("/gabinete/distribucion", methods=["POST"])
@stats_only
def cabinet_distribution():
    form = DistributionForm()
    if form.validate_on_submit():
        try:
            addresses = delivery.save_distribution(form.recipients.data)
        except ValidationError as exc:
            form.recipients.errors = list(form.recipients.errors) + [str(exc)]
        else:
            db.session.commit()
            flash(f"Lista de distribución guardada: {len(addresses)} correos.", "success")
            return redirect(url_for("stats.cabinet_reports"))
    return _cabinet_page(distribution_form=form)


def _cabinet_page(form=None, distribution_form=None):
    if form is None:
        form = CabinetForm(formdata=None, week=last_complete_week(utcnow()).first.isoformat())
    if distribution_form is None:
        distribution_form = DistributionForm(
            formdata=None, recipients="\n".join(delivery.get_distribution()))
    return render_template("stats/cabinet.html", form=form, distribution_form=distribution_form,
                           reports=cabinet.list_cabinet_reports(),
                           max_recipients=delivery.MAX_RECIPIENTS)


@bp.route("/gabinete/<int:report_id>/informe.pdf")
@stats_only
def cabinet_download(report_id):
    report = get_or_404(CabinetReport, report_id)
    filename = f"informe-gabinete-{report.iso_year}-S{report.iso_week:02d}-{report.id}.pdf"
    return pdf_response(report.pdf, filename)
