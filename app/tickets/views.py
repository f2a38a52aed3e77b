"""Ticket screens: intake, list and export, unit inbox, detail and its actions."""
import csv
import io

from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect,
                   render_template, request, send_file, stream_with_context, url_for)
from flask_login import current_user

from app.auth.decorators import permission_required
from app.auth.permissions import Permission
from app.extensions import db
from app.tickets.public_links import public_status_url
from app.settings import get_contact
from app.tickets import constants as c
from app.colonias.catalogue import list_colonia_options
from app.colonias.catalogue import OTHER, map_settings
from app.tickets import duplicates, queries, services, workflow
from app.tickets.files import path_for
from app.tickets.forms import (AssignForm, AttachmentForm, FilterForm, IntakeForm, NoteForm,
                               TransitionForm)
from app.tickets.models import Attachment
from app.tickets.pdf import build_receipt
from app.tickets.presenters import (RowUrl, attribute_answers, citizen_suggestion, export_line,
                                    filter_summary, filters_from, intake_args, receipt_data)
from app.timeutil import local_today, utcnow
from app.units import queries as unit_queries
from app.validators import ValidationError, db_int
from app.viewutil import commit_or_explain, link_args, page_arg, pdf_response, text_arg

bp = Blueprint("tickets", __name__, url_prefix="/tickets")
SEE_TICKETS = Permission.VIEW_ALL_TICKETS | Permission.WORK_UNIT_TICKETS
DOMAIN_ERRORS = (ValidationError, workflow.WorkflowError)
NOTE_LABELS = {code: row.note_label for code, row in c.STATUS_FACTS.items()}


@bp.context_processor
def _vocabulary():
    return {"c": c, "action_labels": workflow.ACTION_LABELS, "note_labels": NOTE_LABELS,
            "row_url": RowUrl}


def _load(ticket_id):
    """The ticket if the current user may see it; 404 otherwise (other units included)."""
    ticket = queries.get_ticket_for(current_user, ticket_id)
    if ticket is None:
        abort(404)
    return ticket


def _catalog_choices(form):
    categories = unit_queries.list_categories(active_only=True)
    form.category_id.choices = [(0, "— Seleccione —")] + [(cat.id, cat.name) for cat in categories]
    form.unit_id.choices = unit_queries.unit_choices(blank="— La que propone el catálogo —")
    return {cat.id: cat.default_unit_id for cat in categories}


@bp.route("/nueva", methods=["GET", "POST"])
@permission_required(Permission.CREATE_TICKETS)
def new():
    form = IntakeForm()
    proposals = _catalog_choices(form)
    if not form.is_submitted() and request.args.get("ciudadano"):
        citizen = queries.get_citizen(request.args["ciudadano"])
        if citizen:
            form.citizen_id.data, form.citizen_name.data = citizen.id, citizen.name
            form.citizen_phone.data, form.citizen_email.data = citizen.phone, citizen.email
            form.citizen_address.data, form.citizen_colonia.data = citizen.address, citizen.colonia
            form.citizen_localidad.data = citizen.localidad
    if form.validate_on_submit():
        created, ticket = commit_or_explain(
            lambda: services.create_ticket(**intake_args(form, current_user, utcnow())),
            form, errors=DOMAIN_ERRORS)
        if created:
            flash(f"Solicitud registrada con el folio {ticket.folio}.", "success")
            return redirect(url_for("tickets.detail", ticket_id=ticket.id))
    candidates = duplicates.list_duplicate_candidates(
        form.category_id.data, form.colonia.data, now=utcnow(),
        colonia_id=_catalogue_id(form.colonia_id.data), latitude=form.latitude.data,
        longitude=form.longitude.data) if form.is_submitted() else []
    return render_template("tickets/new.html", form=form, candidates=candidates,
                           proposals=proposals, units=dict(form.unit_id.choices),
                           colonias=list_colonia_options(), map_settings=map_settings())


def _catalogue_id(value) -> int | None:
    """A catalogue colonia id from a form or query value (not «otra», not garbage)."""
    try:
        return db_int(value) if value not in (None, "", OTHER) else None
    except (TypeError, ValueError):
        return None


@bp.route("/")
@permission_required(Permission.VIEW_ALL_TICKETS)
def index():
    form, filters = _filters()
    page = queries.list_tickets(filters, current_user, page=page_arg(), today=local_today())
    args = link_args("page")
    return render_template("tickets/list.html", form=form, pagination=page, args=args,
                           today=local_today(), summary=filter_summary(form, filters),
                           citizen=queries.get_citizen(filters.citizen_id)
                           if filters.citizen_id else None)


def _filters():
    form = FilterForm(request.args)
    form.category_id.choices = [("", "Todas")] + unit_queries.category_choices()
    form.unit_id.choices = ([("", "Todas"), (queries.NO_UNIT, "Sin canalizar")]
                            + unit_queries.unit_choices(active_only=False))
    if request.args and not form.validate():
        flash("Hay filtros no válidos; se ignoraron.", "warning")
        return form, queries.TicketFilters()
    return form, filters_from(form)


@bp.route("/exportar.csv")
@permission_required(Permission.VIEW_ALL_TICKETS)
def export():
    _form, filters = _filters()
    today, user = local_today(), current_user._get_current_object()

    def generate():
        yield "\ufeff" + export_line(queries.EXPORT_HEADERS)
        for rows in queries.iter_export_rows(filters, user, today):
            buffer = io.StringIO()
            csv.writer(buffer).writerows(export_line(row, today) for row in rows)
            yield buffer.getvalue()

    return Response(stream_with_context(generate()), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=tickets.csv"})


@bp.route("/bandeja")
@permission_required(Permission.WORK_UNIT_TICKETS)
def inbox():
    return _inbox(mine=False)


@bp.route("/mios")
@permission_required(Permission.WORK_UNIT_TICKETS)
def mine():
    return _inbox(mine=True)


def _inbox(mine: bool):
    """The unit's inbox tabs, or the same tabs for the tickets assigned to the user."""
    tab = request.args.get("tab", "nuevos")
    tab = tab if tab in queries.INBOX_TABS else "nuevos"
    today, user = local_today(), current_user
    return render_template(
        "tickets/inbox.html", tab=tab, tabs=queries.INBOX_TABS, today=today, mine=mine,
        endpoint="tickets.mine" if mine else "tickets.inbox",
        counts=queries.count_inbox_tabs(user, today, mine=mine), cap=queries.TAB_COUNT_CAP,
        pagination=queries.list_inbox(user, tab, page=page_arg(), today=today, mine=mine),
        workers=[] if mine else queries.list_unit_workers(user.unit_id or 0))


@bp.route("/denuncias-web")
@permission_required(Permission.CHANNEL_TICKETS)
def triage():
    pagination = queries.list_triage(page=page_arg())
    return render_template("tickets/triage.html", pagination=pagination,
                           units=unit_queries.unit_choices(),
                           duplicates=duplicates.list_duplicates_of_page(pagination.items,
                                                                         now=utcnow()))


@bp.route("/<int:ticket_id>")
@permission_required(SEE_TICKETS)
def detail(ticket_id):
    return _detail_page(_load(ticket_id))


def _detail_page(ticket, *, failed=None, note_form=None, attachment_form=None):
    """The ticket's page; after an error, ``failed`` (the action's typed input and its error)
    reopens that action's panel with the text kept, and the failed note or file form shows
    its errors in place."""
    targets = workflow.allowed_targets(ticket, current_user)
    form = TransitionForm(formdata=None, version=ticket.version)
    form.unit_id.choices = unit_queries.unit_choices(blank="— Unidad actual —") if (
        c.CHANNELED in targets) else []
    return render_template(
        "tickets/detail.html", ticket=ticket, targets=targets, form=form, failed=failed,
        assign_form=_assign_form(ticket),
        history=queries.get_citizen_history(ticket.citizen_id, current_user,
                                            exclude_id=ticket.id),
        timeline=queries.list_timeline(ticket), attachments=queries.list_attachments(ticket),
        answers=attribute_answers(queries.list_attribute_answers(ticket)),
        note_form=note_form or NoteForm(formdata=None),
        attachment_form=attachment_form or AttachmentForm(formdata=None), today=local_today(),
        overdue=queries.is_overdue(ticket, local_today()),
        resolution_time=queries.time_to_resolution(ticket),
        may_write=bool(workflow.role_of(current_user)))


def _assign_form(ticket):
    """The assignment form with each person's load, when the user may assign the ticket."""
    if not services.may_assign(ticket, current_user):
        return None
    form = AssignForm(version=ticket.version, assignee_id=ticket.assignee_id or 0)
    form.assignee_id.choices = [(0, "— Sin asignar —")] + [
        (w.id, f"{w.name} ({w.open} abierto{'' if w.open == 1 else 's'})")
        for w in queries.list_unit_workers(ticket.unit_id)]
    return form


@bp.route("/<int:ticket_id>/estado", methods=["POST"])
@permission_required(SEE_TICKETS)
def transition(ticket_id):
    ticket = _load(ticket_id)
    form = TransitionForm()
    form.unit_id.choices = []
    if not form.validate_on_submit():
        flash("Acción no válida.", "danger")
        return redirect(_back_to(ticket))

    def apply():
        to_status = form.to_status.data
        unit = services.resolve_unit(form.unit_id.data) if form.unit_id.data else None
        original = (services.resolve_folio(form.duplicate_folio.data)
                    if to_status == c.DUPLICATE and form.duplicate_folio.data else None)
        workflow.transition(ticket, to_status, current_user, note=form.note.data, now=utcnow(),
                            unit=unit, public=form.public.data, duplicate_of=original,
                            expected_version=form.version.data or None)

    try:
        apply()
    except DOMAIN_ERRORS as exc:
        db.session.rollback()
        if request.form.get("next"):  # the triage queue: back to it with the message
            flash(str(exc), "danger")
            return redirect(_back_to(ticket))
        return _detail_page(ticket, failed=_failed_action(form, exc))
    db.session.commit()
    flash(f"Estado actualizado: {c.STATUS_LABELS[ticket.status]}.", "success")
    return redirect(_back_to(ticket))


def _failed_action(form, exc) -> dict:
    """What the user typed in a status change that failed, and why, for the re-rendered page."""
    return {"target": form.to_status.data, "note": form.note.data or "",
            "unit_id": form.unit_id.data, "duplicate_folio": form.duplicate_folio.data or "",
            "public": form.public.data, "error": str(exc)}


def _back_to(ticket) -> str:
    """The triage queue when the action came from it, else the ticket's page."""
    target = request.form.get("next", "")
    if target.startswith(url_for("tickets.triage")) and "//" not in target:
        return target
    return url_for("tickets.detail", ticket_id=ticket.id)


@bp.route("/<int:ticket_id>/asignar", methods=["POST"])
@permission_required(Permission.WORK_UNIT_TICKETS)
def assign(ticket_id):
    ticket = _load(ticket_id)
    form = AssignForm()
    if not form.validate_on_submit():
        flash("Elija a quién asignar el ticket.", "danger")
        return redirect(url_for("tickets.detail", ticket_id=ticket.id))
    if commit_or_explain(lambda: services.assign_ticket(
            ticket, form.assignee_id.data, current_user, now=utcnow(),
            expected_version=form.version.data or None), errors=DOMAIN_ERRORS)[0]:
        flash(f"Asignado a {ticket.assignee.name}." if ticket.assignee
              else "El ticket quedó sin asignar.", "success")
    return redirect(url_for("tickets.detail", ticket_id=ticket.id))


@bp.route("/<int:ticket_id>/notas", methods=["POST"])
@permission_required(SEE_TICKETS)
def add_note(ticket_id):
    ticket = _load(ticket_id)
    form = NoteForm()
    if form.validate_on_submit() and commit_or_explain(lambda: services.add_note(
            ticket, current_user, form.note.data, public=form.public.data, now=utcnow()),
            form, errors=DOMAIN_ERRORS)[0]:
        flash("Nota agregada.", "success")
        return redirect(url_for("tickets.detail", ticket_id=ticket.id))
    return _detail_page(ticket, note_form=form)


@bp.route("/<int:ticket_id>/adjuntos", methods=["POST"])
@permission_required(SEE_TICKETS)
def upload(ticket_id):
    ticket = _load(ticket_id)
    form = AttachmentForm()
    if not getattr(form.file.data, "filename", None):
        form.validate_on_submit()  # the CSRF check and the field errors, if any
        form.file.errors = [*form.file.errors, "Seleccione un archivo."]
    elif form.validate_on_submit() and commit_or_explain(lambda: services.add_attachment(
            ticket, form.file.data, current_user, now=utcnow(), public=form.public.data),
            form, errors=DOMAIN_ERRORS)[0]:
        flash("Archivo adjuntado.", "success")
        return redirect(url_for("tickets.detail", ticket_id=ticket.id))
    return _detail_page(ticket, attachment_form=form)


@bp.route("/<int:ticket_id>/adjuntos/<int:attachment_id>")
@permission_required(SEE_TICKETS)
def attachment(ticket_id, attachment_id):
    ticket = _load(ticket_id)
    row = db.session.get(Attachment, attachment_id)
    path = path_for(row.stored_name, current_app.config["UPLOAD_DIR"]) if row else None
    if row is None or row.ticket_id != ticket.id or not path.is_file():
        abort(404)
    return send_file(path, mimetype=row.content_type, download_name=row.original_name,
                     as_attachment=not row.content_type.startswith("image/"))


@bp.route("/<int:ticket_id>/acuse.pdf")
@permission_required(SEE_TICKETS)
def receipt(ticket_id):
    ticket = _load(ticket_id)
    status_url = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/consulta"
    pdf = build_receipt(receipt_data(ticket, status_url, public_status_url(ticket.id),
                                     get_contact()))
    return pdf_response(pdf, f"acuse-{ticket.folio}.pdf", inline=True)


@bp.route("/ciudadanos.json")
@permission_required(Permission.CREATE_TICKETS)
def citizen_suggestions():
    people = queries.suggest_citizens(text_arg("q"))
    history = queries.list_recent_folios([p.id for p in people])
    detail_url = RowUrl("tickets.detail")
    return jsonify([citizen_suggestion(p, history.get(p.id), detail_url) for p in people])


@bp.route("/duplicados.json")
@permission_required(Permission.CREATE_TICKETS)
def duplicate_candidates():
    category_id = request.args.get("categoria", type=db_int)
    rows = duplicates.list_duplicate_candidates(
        category_id, text_arg("colonia"), now=utcnow(),
        colonia_id=_catalogue_id(text_arg("colonia_id")), latitude=text_arg("lat") or None,
        longitude=text_arg("long") or None)
    return jsonify([
        {"folio": t.folio, "status": c.STATUS_LABELS[t.status],
         "unit": t.unit.name if t.unit else "Sin canalizar", "description": t.description[:140],
         "url": url_for("tickets.detail", ticket_id=t.id)} for t in rows])

