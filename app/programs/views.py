"""Work-program screens: a unit drafts, submits and follows its own program; the Secretaría
reviews every program and follows the progress of all; the axis catalogue."""
from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   request, url_for)
from flask_login import current_user

from app.auth.decorators import permission_required
from app.auth.permissions import Permission
from app.charts import line_layout
from app.forms import ConfirmForm
from app.programs import figures as fig
from app.programs import importer, lifecycle, queries, services
from app.programs.forms import (ActionForm, AxisForm, ConfirmImportForm, ImportForm,
                                ProgressFilterForm, ReasonForm)
from app.programs.models import PlanAxis
from app.formatting import to_csv
from app.timeutil import local_today, utcnow
from app.units.queries import unit_choices
from app.validators import ValidationError, db_int
from app.viewutil import commit_or_explain, get_or_404, page_arg, text_arg

bp = Blueprint("programs", __name__, url_prefix="/programas")
unit_only = permission_required(Permission.EDIT_PROGRAM)
secretary_only = permission_required(Permission.REVIEW_PROGRAMS)
either = permission_required(Permission.EDIT_PROGRAM | Permission.REVIEW_PROGRAMS)
axes_access = permission_required(Permission.MANAGE_AXES)


@bp.context_processor
def inject():
    return {"fig": fig, "lc": lifecycle}


def _year_arg() -> int:
    year = request.args.get("anio", type=db_int)
    today = local_today()
    return year if year and today.year - 5 <= year <= today.year + 1 else today.year


def _posted(form, operation, message, *, inline=True, field_alias=None) -> bool:
    """On a valid POST of ``form``: call the one service, commit and flash ``message`` (text,
    or a function of the service's result). A refusal rolls back and shows its Spanish
    message beside its field (``inline``, the view re-renders) or flashed (the view
    redirects). True only when saved."""
    if not form.validate_on_submit():
        return False
    ok, result = commit_or_explain(operation, form if inline else None,
                                   field_alias=field_alias)
    if ok:
        flash(message(result) if callable(message) else message, "success")
    return ok


def _program(program_id):
    program = queries.get_program_for(current_user, db_int(program_id))
    if program is None:
        abort(404)
    return program


def _action(action_id):
    action = queries.get_action_for(current_user, db_int(action_id))
    if action is None:
        abort(404)
    return action


@bp.route("/mi-unidad")
@unit_only
def mine():
    if current_user.unit_id is None:
        abort(403)
    year = _year_arg()
    program = queries.get_unit_program(current_user.unit_id, year)
    if program is not None:
        return redirect(url_for("programs.detail", program_id=program.id))
    return render_template("programs/mine.html", year=year, confirm=ConfirmForm(),
                           years=queries.list_unit_years(current_user.unit_id))


@bp.route("/mi-unidad/<int:year>", methods=["POST"])
@unit_only
def start(year):
    if current_user.unit_id is None:
        abort(403)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("programs.mine"))
    ok, program = commit_or_explain(lambda: lifecycle.get_or_create_program(
        current_user.unit, year, utcnow()))
    if not ok:
        return redirect(url_for("programs.mine"))
    return redirect(url_for("programs.detail", program_id=program.id))


@bp.route("/")
@secretary_only
def index():
    year, status = _year_arg(), text_arg("estado")
    status = status if status in lifecycle.STATES else None
    programs = queries.list_programs(year, status, page_arg())
    return render_template("programs/index.html", year=year, status=status, programs=programs,
                           live=queries.count_live_actions([p.id for p in programs.items]))


@bp.route("/<int:program_id>")
@either
def detail(program_id):
    program = _program(program_id)
    today = local_today()
    return render_template("programs/detail.html", program=program, today=today,
                           figures=fig.list_program_figures(program, today),
                           events=queries.list_program_events(program.id),
                           confirm=ConfirmForm(), years=queries.list_unit_years(program.unit_id))


def _action_form(action=None) -> ActionForm:
    form = ActionForm()
    form.axis.choices = [("", "Elija un eje")] + [(str(i), label)
                                                   for i, label in queries.axis_choices()]
    if action is not None and not form.is_submitted():
        form.load(action)
    return form


@bp.route("/<int:program_id>/acciones/nueva", methods=["GET", "POST"])
@unit_only
def new_action(program_id):
    program = _program(program_id)
    form = _action_form()
    if _posted(form, lambda: lifecycle.add_action(
            program, form.raw(), current_user, utcnow(), form.reason.data),
            "Acción agregada al programa."):
        return redirect(url_for("programs.detail", program_id=program.id))
    return render_template("programs/action_form.html", form=form, program=program, action=None)


@bp.route("/acciones/<int:action_id>/editar", methods=["GET", "POST"])
@unit_only
def edit_action(action_id):
    action = _action(action_id)
    form = _action_form(action=action)
    if _posted(form, lambda: lifecycle.update_action(
            action, form.raw(), current_user, utcnow(), form.reason.data), "Cambios guardados."):
        return redirect(url_for("programs.detail", program_id=action.program_id))
    return render_template("programs/action_form.html", form=form, program=action.program,
                           action=action)


@bp.route("/acciones/<int:action_id>/cancelar", methods=["GET", "POST"])
@unit_only
def cancel_action(action_id):
    action = _action(action_id)
    form = ReasonForm()
    if _posted(form, lambda: lifecycle.cancel_action(
            action, form.reason.data, current_user, utcnow()),
            "Acción cancelada; queda en el programa con su motivo."):
        return redirect(url_for("programs.detail", program_id=action.program_id))
    return render_template("programs/reason.html", form=form, program=action.program,
                           title=f"Cancelar la acción {action.key}",
                           intro="La acción no se borra: queda marcada como cancelada, con su "
                                 "motivo, y deja de pedirse en el informe semanal.")


@bp.route("/acciones/<int:action_id>")
@either
def action(action_id):
    action = _action(action_id)
    today = local_today()
    as_of = fig.program_as_of(action.program, today) or today
    series = fig.get_action_series(action, as_of)
    chart = line_layout([[e for _, e, _ in series], [a for _, _, a in series]],
                        width=640, height=260, margins=(48, 12, 12, 28))
    return render_template("programs/action.html", action=action, series=series, chart=chart,
                           figure=fig.list_program_figures(action.program, today).get(action.id))


@bp.route("/<int:program_id>/enviar", methods=["POST"])
@unit_only
def submit(program_id):
    program = _program(program_id)
    _posted(ConfirmForm(), lambda: lifecycle.submit_program(program, current_user, utcnow()),
            "Programa enviado a la Secretaría Técnica para su aprobación.", inline=False)
    return redirect(url_for("programs.detail", program_id=program.id))


@bp.route("/<int:program_id>/aprobar", methods=["POST"])
@secretary_only
def approve(program_id):
    program = _program(program_id)
    _posted(ConfirmForm(), lambda: lifecycle.approve_program(program, current_user, utcnow()),
            "Programa aprobado: sus acciones se piden desde ahora en el informe semanal.",
            inline=False)
    return redirect(url_for("programs.detail", program_id=program.id))


@bp.route("/<int:program_id>/devolver", methods=["GET", "POST"])
@secretary_only
def return_program(program_id):
    program = _program(program_id)
    form = ReasonForm()
    if _posted(form, lambda: lifecycle.return_program(
            program, form.reason.data, current_user, utcnow()),
            "Programa devuelto a la unidad con sus observaciones.",
            field_alias={"note": "reason"}):
        return redirect(url_for("programs.detail", program_id=program.id))
    return render_template("programs/reason.html", form=form, program=program,
                           title=f"Devolver el programa de {program.unit.name}",
                           intro="Escriba las observaciones que la unidad debe atender.")


@bp.route("/<int:program_id>/importar", methods=["GET", "POST"])
@unit_only
def import_file(program_id):
    program = _program(program_id)
    form, preview = ImportForm(), None
    if form.validate_on_submit():
        try:
            preview = importer.preview_upload(program, form.file.data,
                                              current_app.config["UPLOAD_DIR"])
        except ValidationError as exc:
            form.file.errors = [str(exc)]
    return render_template("programs/import.html", form=form, program=program, preview=preview,
                           confirm=ConfirmImportForm(token=preview.token if preview else ""))


@bp.route("/<int:program_id>/importar/confirmar", methods=["POST"])
@unit_only
def confirm_import(program_id):
    program = _program(program_id)
    form = ConfirmImportForm()
    if _posted(form, lambda: importer.confirm_import(
            program, form.token.data, current_app.config["UPLOAD_DIR"], current_user,
            utcnow()), lambda count: f"Se importaron {count} acciones.", inline=False):
        return redirect(url_for("programs.detail", program_id=program.id))
    return redirect(url_for("programs.import_file", program_id=program.id))


@bp.route("/plantilla.csv")
@unit_only
def import_template():
    return Response(importer.template_csv(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             "attachment; filename=plantilla-programa.csv"})


def _progress_filters():
    form = ProgressFilterForm(request.args)
    form.unidad.choices = [("", "Todas")] + [(str(i), n) for i, n in unit_choices(False)]
    form.eje.choices = [("", "Todos")] + [(str(i), n) for i, n in queries.axis_choices()]
    return form, _id_or_none(form.unidad.data), _id_or_none(form.eje.data)


def _id_or_none(value):
    """A filter's id; anything else (text, «²», out of range) means no filter."""
    try:
        return db_int(value) if value and str(value).isascii() else None
    except (TypeError, ValueError):
        return None


@bp.route("/avance")
@secretary_only
def progress():
    form, unit_id, axis_id = _progress_filters()
    today = local_today()
    figures = fig.list_action_figures(today, unit_id=unit_id, axis_id=axis_id)
    return render_template("programs/progress.html", form=form, figures=figures, today=today,
                           units=fig.summarize(figures, "unit"),
                           axes=fig.summarize(figures, "axis"))


CSV_HEADERS = ("Unidad", "Clave", "Acción", "Eje", "Meta", "Unidad de medida",
               "Esperado a la fecha", "Último avance", "Semana del último avance",
               "% esperado", "% de avance", "Estado")


@bp.route("/avance.csv")
@secretary_only
def progress_csv():
    _, unit_id, axis_id = _progress_filters()
    today = local_today()
    rows = [(f.unit_name, f.key, f.name, f.axis_name, f.goal, f.measure, round(f.expected, 2),
             f.actual, f.last_week, round(f.expected_share * 100, 1),
             round(f.actual_share * 100, 1), fig.STATUSES[f.status].label)
            for f in fig.list_action_figures(today, unit_id=unit_id, axis_id=axis_id)]
    return Response(to_csv(CSV_HEADERS, rows), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f"attachment; filename=avance-programas-{today.isoformat()}.csv"})


@bp.route("/ejes", methods=["GET", "POST"])
@axes_access
def axes():
    form = AxisForm()
    if _posted(form, lambda: services.save_axis(
            None, form.code.data, form.name.data, form.objective.data, form.active.data),
            "Eje agregado al catálogo."):
        return redirect(url_for("programs.axes"))
    return render_template("programs/axes.html", form=form, axes=queries.list_axes())


@bp.route("/ejes/<int:axis_id>", methods=["GET", "POST"])
@axes_access
def edit_axis(axis_id):
    axis = get_or_404(PlanAxis, axis_id)
    form = AxisForm(obj=axis)
    if _posted(form, lambda: services.save_axis(
            axis, form.code.data, form.name.data, form.objective.data, form.active.data),
            "Eje actualizado."):
        return redirect(url_for("programs.axes"))
    return render_template("programs/axis_form.html", form=form, axis=axis)
