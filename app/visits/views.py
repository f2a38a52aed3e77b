"""Secretary screens: the monthly series with its chart, manual entry/correction, CSV import."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.auth.decorators import permission_required
from app.auth.permissions import Permission
from app.extensions import db
from app.timeutil import MONTHS_ES, local_today, to_local, utcnow
from app.validators import ValidationError
from app.viewutil import commit_or_explain
from app.visits import queries
from app.visits.chart import build_bar_chart
from app.visits.forms import ImportConfirmForm, ImportUploadForm, MonthForm, WithdrawForm
from app.visits.importers import (MAX_ERRORS_SHOWN, MAX_IMPORT_BYTES, CsvImportError,
                                  decode_content, decode_upload, encode_content, parse_export)
from app.visits.services import MonthInput, import_months, save_month, withdraw_month

bp = Blueprint("visits", __name__, url_prefix="/visitas")
manage = permission_required(Permission.MANAGE_VISITS)
WINDOW = 24


def _current_month() -> tuple[int, int]:
    local = to_local(utcnow())
    return local.year, local.month


def _commit_or_show(form, action) -> bool:
    """Run a service call and commit; on a domain error or a lost race roll back and explain."""
    try:
        return commit_or_explain(action, form)[0]
    except IntegrityError:
        db.session.rollback()
        flash("Otra persona guardó este mes al mismo tiempo. Revise las cifras e intente de nuevo.",
              "warning")
        return False


@bp.route("/")
@manage
def index():
    current = _current_month()
    last = queries.parse_year_month(request.args.get("hasta")) or current
    last = min(last, current)
    rows = queries.get_monthly_series(queries.add_months(last, 1 - WINDOW), last)
    return render_template(
        "visits/index.html", rows=rows, chart=build_bar_chart(rows), current=current,
        newer=None if last == current else queries.add_months(last, WINDOW),
        older=queries.add_months(last, -WINDOW), source_labels=queries.SOURCE_LABELS,
        allowed_origins=current_app.config["COUNTER_ALLOWED_ORIGINS"])


@bp.route("/<int:year>/<int:month>", methods=["GET", "POST"])
@manage
def month(year, month):
    _check_month(year, month)
    record = queries.get_month_record(year, month)
    form = MonthForm(obj=record if record and record.overrides else None)
    if form.validate_on_submit():
        figures = MonthInput(year, month, form.visits.data, form.unique_visitors.data,
                             form.page_views.data)
        if _commit_or_show(form, lambda: save_month(
                figures, source="manual", user=current_user._get_current_object(), now=utcnow())):
            flash("Cifras del mes guardadas.", "success")
            return redirect(url_for("visits.index", hasta=f"{year:04d}-{month:02d}"))
    shown = queries.get_monthly_series((year, month), (year, month))[0]
    return render_template(
        "visits/month.html", form=form, shown=shown, record=record, withdraw_form=WithdrawForm(),
        counter=queries.get_counter_totals((year, month), (year, month)).get((year, month)),
        corrections=queries.list_corrections(record.id) if record else [],
        source_labels=queries.SOURCE_LABELS, today=local_today())


@bp.route("/<int:year>/<int:month>/retirar", methods=["POST"])
@manage
def withdraw(year, month):
    _check_month(year, month)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash("El formulario caducó; intente de nuevo.", "danger")
    elif _commit_or_show(form, lambda: withdraw_month(
            year, month, user=current_user._get_current_object(), now=utcnow())):
        flash("Se retiró la cifra del mes; ahora se muestra el contador propio.", "success")
    return redirect(url_for("visits.month", year=year, month=month))


def _check_month(year: int, month: int) -> None:
    """404 for a month that does not exist or has not started."""
    if not (1 <= month <= 12 and 2000 <= year and (year, month) <= _current_month()):
        abort(404)


@bp.route("/importar", methods=["GET", "POST"])
@manage
def import_csv():
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            text = decode_upload(upload.read(MAX_IMPORT_BYTES * 2 + 2))
            result = parse_export(text, local_today())
        except CsvImportError as exc:
            return render_template("visits/import.html", form=form, errors=exc.errors[:MAX_ERRORS_SHOWN],
                                   error_count=len(exc.errors), file_name=upload.filename)
        confirm = ImportConfirmForm(content=encode_content(text), file_name=upload.filename)
        return render_template("visits/import_preview.html", result=result, confirm=confirm,
                               current=queries.get_months_records([(m.year, m.month) for m in result.months]),
                               incomplete=result.incomplete_months(local_today()),
                               source_labels=queries.SOURCE_LABELS, file_name=upload.filename,
                               months_es=MONTHS_ES)
    return render_template("visits/import.html", form=form, errors=None)


@bp.route("/importar/confirmar", methods=["POST"])
@manage
def import_confirm():
    form = ImportConfirmForm()
    try:
        if not form.validate_on_submit():
            raise ValidationError("El formulario no es válido. Vuelva a subir el archivo.")
        result = parse_export(decode_content(form.content.data), local_today())
        count = import_months(result.months, source=result.source,
                              user=current_user._get_current_object(), now=utcnow())
        db.session.commit()
    except (ValidationError, IntegrityError) as exc:
        db.session.rollback()
        message = ("Otra persona cambió los mismos meses." if isinstance(exc, IntegrityError)
                   else " ".join(map(str, getattr(exc, "errors", [exc])[:3])))
        flash(f"No se importó nada. {message}", "danger")
        return redirect(url_for("visits.import_csv"))
    flash(f"Se importaron {count} meses de {queries.SOURCE_LABELS[result.source]}.", "success")
    return redirect(url_for("visits.index"))
