"""Places screens: the typeahead (public), the administrator's catalogue (import, add,
rename, merge), the Secretaría's mapping of free-text colonias, the per-colonia CSV and the
staff map of open tickets."""
import base64
import binascii

from flask import (Blueprint, Response, flash, jsonify, redirect, render_template,
                   request, url_for)
from flask_login import current_user

from app.auth.decorators import permission_required, public
from app.auth.permissions import Permission
from app.extensions import db, limiter
from app.colonias import catalogue as colonias, sepomex
from app.places import queries, services
from app.places.forms import (ColoniaForm, ImportConfirmForm, ImportUploadForm, MapTextForm,
                              MergeForm)
from app.colonias.models import Colonia
from app.stats.periods import parse_date, resolve_range
from app.formatting import to_csv
from app.tickets import constants as c
from app.timeutil import utcnow
from app.units.queries import category_choices, unit_choices
from app.validators import ValidationError, db_int
from app.viewutil import commit_or_explain, get_or_404, page_arg, text_arg

bp = Blueprint("places", __name__)
admin_only = permission_required(Permission.MANAGE_ADMIN)
MAX_UPLOAD = 30 * 1024 * 1024  # the national catalogue is about 15 MB


@bp.route("/colonias/buscar.json")
@public
@limiter.limit("120/minute")
def suggest():
    """The typeahead: active colonias matching ?q= (public: the portal uses it)."""
    return jsonify([{"id": row.id, "name": row.name, "kind": row.kind,
                     "postal_code": row.postal_code, "label": row.label}
                    for row in colonias.suggest_colonias(text_arg("q")[:60])])


@bp.route("/admin/colonias")
@admin_only
def catalogue():
    term = text_arg("q")[:60]
    pagination, tickets = queries.list_catalogue(term, page=page_arg())
    return render_template("places/catalogue.html", term=term, total=queries.count_catalogue(),
                           pagination=pagination, tickets=tickets)


@bp.route("/admin/colonias/nueva", methods=["GET", "POST"])
@admin_only
def add():
    form = ColoniaForm()
    if form.validate_on_submit():
        done, colonia = commit_or_explain(lambda: services.add_colonia(
            form.name.data, form.kind.data, form.postal_code.data, current_user,
            now=utcnow()), form)
        if done:
            flash(f"Colonia «{colonia.name}» agregada al catálogo.", "success")
            return redirect(url_for("places.edit", colonia_id=colonia.id))
    return render_template("places/add.html", form=form)


@bp.route("/admin/colonias/<int:colonia_id>", methods=["GET", "POST"])
@admin_only
def edit(colonia_id):
    colonia = get_or_404(Colonia, colonia_id)
    form = ColoniaForm(obj=colonia)
    if form.validate_on_submit() and commit_or_explain(lambda: services.rename_colonia(
            colonia, form.name.data, form.kind.data, form.postal_code.data, current_user,
            now=utcnow()), form)[0]:
        flash("Colonia actualizada.", "success")
        return redirect(url_for("places.edit", colonia_id=colonia.id))
    return _edit_page(colonia, form=form)


def _edit_page(colonia, form=None, merge_form=None):
    merge_form = merge_form or MergeForm(formdata=None)
    merge_form.target_id.choices = [("", "— Seleccione —")] + [
        (str(row.id), f"{row.name} ({row.kind}), C.P. {row.postal_code}")
        for row in colonias.list_colonia_options() if row.id != colonia.id]
    return render_template("places/edit.html", colonia=colonia,
                           form=form or ColoniaForm(formdata=None, obj=colonia),
                           merge_form=merge_form, changes=queries.list_changes(colonia.id),
                           merged=queries.list_merged_into(colonia.id))


@bp.route("/admin/colonias/<int:colonia_id>/fusionar", methods=["POST"])
@admin_only
def merge(colonia_id):
    colonia = get_or_404(Colonia, colonia_id)
    form = MergeForm()
    if form.validate_on_submit():
        done, moved = commit_or_explain(lambda: services.merge_colonias(
            colonia, form.target_id.data, current_user, now=utcnow()), form)
        if done:
            flash(f"Colonia fusionada: {moved} tickets pasaron a «{colonia.merged_into.name}».",
                  "success")
            return redirect(url_for("places.edit", colonia_id=colonia.merged_into_id))
    return _edit_page(colonia, merge_form=form)


@bp.route("/admin/colonias/importar", methods=["GET", "POST"])
@admin_only
def import_file():
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return render_template("places/import.html", form=form)
    municipality, state = colonias.municipality()
    try:
        text = sepomex.decode(form.file.data.read(MAX_UPLOAD))
        result = sepomex.parse(text, municipality, state)
    except sepomex.SepomexError as exc:
        return render_template("places/import.html", form=form, errors=exc.errors,
                               file_name=form.file.data.filename)
    content = sepomex.serialize(result.settlements, municipality, state)
    confirm = ImportConfirmForm(formdata=None, file_name=form.file.data.filename,
                                content=base64.b64encode(content.encode()).decode("ascii"))
    return render_template("places/import_preview.html", result=result, confirm=confirm,
                           existing=queries.count_catalogue(), municipality=municipality,
                           state=state)


@bp.route("/admin/colonias/importar/confirmar", methods=["POST"])
@admin_only
def import_confirm():
    form = ImportConfirmForm()
    municipality, state = colonias.municipality()
    try:
        if not form.validate_on_submit():
            raise ValidationError("El formulario caducó. Vuelva a subir el archivo.")
        raw = base64.b64decode((form.content.data or "").encode("ascii"), validate=True)
        result = sepomex.parse(raw.decode("utf-8"), municipality, state)
        added, kept = services.import_settlements(result.settlements, current_user,
                                                  now=utcnow())
        db.session.commit()
    except (ValidationError, binascii.Error, UnicodeError, ValueError) as exc:
        db.session.rollback()
        message = str(exc) if isinstance(exc, ValidationError) else (
            "El contenido no es válido. Vuelva a subir el archivo.")
        flash(f"No se importó nada. {message}", "danger")
        return redirect(url_for("places.import_file"))
    flash(f"Catálogo actualizado: {added} colonias nuevas; {kept} ya estaban.", "success")
    return redirect(url_for("places.catalogue"))


@bp.route("/colonias/sin-catalogo", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_COLONIAS)
def unmapped():
    """Free-text colonias of tickets, most used first, to map to a catalogue entry."""
    form = MapTextForm()
    options = [("", "— Seleccione —")] + [
        (str(row.id), f"{row.name} ({row.kind}), C.P. {row.postal_code}")
        for row in colonias.list_colonia_options()]
    form.colonia_id.choices = options
    if form.validate_on_submit():
        done, count = commit_or_explain(lambda: services.map_free_text(
            form.text.data, form.colonia_id.data, current_user, now=utcnow()), form)
        if done:
            flash(f"«{form.text.data}»: {count} tickets asignados a la colonia del catálogo.",
                  "success")
            return redirect(url_for("places.unmapped"))
    return render_template("places/unmapped.html", rows=queries.list_unmapped_texts(),
                           options=options, form=form)


@bp.route("/estadisticas/colonias.csv")
@permission_required(Permission.VIEW_STATS)
def figures_csv():
    """Tickets per colonia and category of the dashboard's period (?desde=&hasta=)."""
    try:
        period = resolve_range(parse_date(request.args.get("desde"), "inicial", "desde"),
                               parse_date(request.args.get("hasta"), "final", "hasta"), utcnow())
    except ValidationError as exc:
        return Response(f"{exc} No se generó el CSV.", status=400,
                        mimetype="text/plain; charset=utf-8")
    body = to_csv(queries.FIGURE_HEADERS, queries.get_colonia_figures(period))
    filename = f"colonias-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/tickets/mapa")
@permission_required(Permission.VIEW_ALL_TICKETS)
def staff_map():
    """Open tickets with a pin, filtered by category and unit (when tiles are configured)."""
    return render_template("places/map.html", settings=colonias.map_settings(),
                           categories=category_choices(), units=unit_choices(),
                           category_id=_int_arg("categoria"), unit_id=_int_arg("unidad"))


@bp.route("/tickets/mapa.json")
@permission_required(Permission.VIEW_ALL_TICKETS)
def staff_map_pins():
    rows = queries.list_open_pins(_int_arg("categoria"), _int_arg("unidad"))
    return jsonify([{"folio": r.folio, "status": c.STATUS_LABELS.get(r.status, r.status),
                     "category": r.category, "unit": r.unit or "Sin canalizar",
                     "lat": float(r.latitude), "long": float(r.longitude),
                     "url": url_for("tickets.detail", ticket_id=r.id)} for r in rows])


def _int_arg(name: str) -> int | None:
    try:
        return db_int(request.args.get(name)) or None
    except (TypeError, ValueError):
        return None
