"""Cabinet meetings (the Secretaría) and agreements (the Secretaría and each unit, its own)."""
from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   send_file, url_for)
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.auth.decorators import permission_required
from app.auth.permissions import UNIT, Permission
from app.extensions import db
from app.forms import ConfirmForm
from app.meetings import documents, queries, services, workflow as wf
from app.meetings.forms import (AgendaItemForm, AgreementForm, AgreementStatusForm,
                                AttendanceForm, MeetingForm)
from app.meetings.models import KIND_LABELS, AgendaItem, Meeting
from app.tickets.constants import MAX_ATTACHMENT_BYTES
from app.tickets.files import path_for
from app.timeutil import utcnow
from app.units.queries import unit_choices
from app.viewutil import (commit_or_explain, get_or_404, page_arg, pdf_response, text_arg,
                          validate_all)

bp = Blueprint("meetings", __name__, url_prefix="/reuniones")
secretary_only = permission_required(Permission.MANAGE_MEETINGS)
agreements_access = permission_required(Permission.FOLLOW_AGREEMENTS)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc):
    """A request over MAX_CONTENT_LENGTH (an evidence file far over its limit): back to the
    page with the reason, nothing stored."""
    flash(f"El archivo excede el límite de {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB. "
          "No se guardó nada.", "danger")
    return redirect(request.path)


@bp.route("/")
@secretary_only
def index():
    meetings = queries.list_meetings(page_arg())
    return render_template("meetings/index.html", meetings=meetings, kinds=KIND_LABELS,
                           figures=queries.count_meeting_figures([m.id for m in meetings.items]))


@bp.route("/nueva", methods=["GET", "POST"])
@secretary_only
def new():
    form = MeetingForm()
    if form.validate_on_submit():
        ok, meeting = commit_or_explain(lambda: services.create_meeting(
            form.held_on.data, form.at.data, form.kind.data, current_user, utcnow()), form)
        if ok:
            flash("Reunión registrada; el orden del día se propuso a partir de los datos.",
                  "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return render_template("meetings/new.html", form=form)


@bp.route("/<int:meeting_id>")
@secretary_only
def detail(meeting_id):
    return _detail_page(get_or_404(Meeting, meeting_id))


def _detail_page(meeting, agreement_form=None, item_form=None):
    attendance = AttendanceForm(formdata=None, units=[u.id for u in meeting.present_units],
                                items=[i.id for i in meeting.agenda if i.discussed])
    attendance.units.choices = unit_choices()
    attendance.items.choices = [(i.id, i.text) for i in meeting.agenda]
    if agreement_form is None:
        agreement_form = AgreementForm(formdata=None)
    agreement_form.units.choices = unit_choices()
    return render_template("meetings/detail.html", meeting=meeting, kinds=KIND_LABELS,
                           attendance=attendance,
                           item_form=item_form or AgendaItemForm(formdata=None),
                           agreement_form=agreement_form, confirm=ConfirmForm(), wf=wf,
                           now=utcnow(), memo=queries.get_memo_of(meeting),
                           followups=queries.list_followups(meeting.id))


@bp.route("/<int:meeting_id>/asistencia", methods=["POST"])
@secretary_only
def attendance(meeting_id):
    meeting = get_or_404(Meeting, meeting_id)
    form = AttendanceForm()
    form.units.choices = unit_choices()
    form.items.choices = [(i.id, i.text) for i in meeting.agenda]
    if form.validate_on_submit():
        services.record_attendance(meeting, form.units.data or [], form.items.data or [])
        db.session.commit()
        flash("Asistencia y puntos tratados guardados.", "success")
    else:
        flash("No se pudo leer la asistencia; intente de nuevo.", "danger")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/orden-del-dia", methods=["POST"])
@secretary_only
def add_item(meeting_id):
    meeting = get_or_404(Meeting, meeting_id)
    form = AgendaItemForm()
    if form.validate_on_submit():
        ok, _ = commit_or_explain(lambda: services.add_agenda_item(meeting, form.point.data),
                                  form, field_alias={"text": "point"})
        if ok:
            flash("Punto agregado al orden del día.", "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return _detail_page(meeting, item_form=form)


@bp.route("/<int:meeting_id>/orden-del-dia/<int:item_id>/eliminar", methods=["POST"])
@secretary_only
def remove_item(meeting_id, item_id):
    item = get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting_id or not ConfirmForm().validate_on_submit():
        abort(404)
    services.remove_agenda_item(item)
    db.session.commit()
    flash("Punto retirado del orden del día.", "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting_id))


@bp.route("/<int:meeting_id>/orden-del-dia/proponer", methods=["POST"])
@secretary_only
def propose(meeting_id):
    meeting = _confirmed(meeting_id)
    count = services.propose_agenda(meeting, utcnow())
    db.session.commit()
    flash(f"Orden del día actualizado con los datos: {count} puntos propuestos.", "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/orden-del-dia.pdf")
@secretary_only
def agenda_pdf(meeting_id):
    meeting = get_or_404(Meeting, meeting_id)
    return pdf_response(documents.build_agenda(meeting, utcnow()),
                        f"orden-del-dia-{meeting.id}.pdf")


@bp.route("/<int:meeting_id>/orden-del-dia/enviar", methods=["POST"])
@secretary_only
def send_agenda(meeting_id):
    meeting = _confirmed(meeting_id)
    queued = documents.send_agenda(meeting, utcnow())
    db.session.commit()
    if queued is None:
        flash("La lista de distribución del gabinete está vacía: no se envió nada.", "warning")
    else:
        flash(f"Orden del día en cola para la lista de distribución: {queued} correos nuevos.",
              "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/acuerdos", methods=["POST"])
@secretary_only
def add_agreement(meeting_id):
    meeting = get_or_404(Meeting, meeting_id)
    form = AgreementForm()
    form.units.choices = unit_choices()
    if form.validate_on_submit():
        ok, _ = commit_or_explain(lambda: services.create_agreement(
            meeting, form.text.data, form.units.data, form.due_date.data, current_user,
            utcnow()), form)
        if ok:
            flash("Acuerdo registrado.", "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return _detail_page(meeting, agreement_form=form)


@bp.route("/<int:meeting_id>/minuta", methods=["POST"])
@secretary_only
def minutes(meeting_id):
    meeting = _confirmed(meeting_id)
    documents.generate_minutes(meeting, current_user, utcnow())
    db.session.commit()
    flash("Minuta generada y archivada.", "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/minuta.pdf")
@secretary_only
def minutes_pdf(meeting_id):
    meeting = get_or_404(Meeting, meeting_id)
    if meeting.minutes is None:
        abort(404)
    return pdf_response(meeting.minutes.pdf, f"minuta-reunion-{meeting.id}.pdf")


@bp.route("/<int:meeting_id>/seguimiento", methods=["POST"])
@secretary_only
def send_followups(meeting_id):
    meeting = _confirmed(meeting_id)
    queued = documents.send_followups(meeting, current_user, utcnow())
    db.session.commit()
    flash(f"Seguimiento por unidad archivado; correos nuevos en cola: {queued}.", "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/seguimiento/<int:unit_id>.pdf")
@agreements_access
def followup_pdf(meeting_id, unit_id):
    meeting = get_or_404(Meeting, meeting_id)
    allowed = current_user.role != UNIT or current_user.unit_id == unit_id
    followup = queries.get_followup(meeting.id, unit_id) if allowed else None
    if followup is None:
        abort(404)
    return pdf_response(followup.report.pdf, f"seguimiento-reunion-{meeting.id}-{unit_id}.pdf")


@bp.route("/acuerdos")
@agreements_access
def agreements():
    status = text_arg("estado") or None
    if status is not None and status not in queries.FILTERS:
        flash("El estado elegido no existe; se muestran todos los acuerdos.", "warning")
        status = None
    page = queries.list_agreements(current_user, page_arg(), status, utcnow())
    return render_template("meetings/agreements.html", agreements=page, status=status,
                           filters=queries.FILTERS, wf=wf, now=utcnow())


@bp.route("/acuerdos/<int:agreement_id>", methods=["GET", "POST"])
@agreements_access
def agreement(agreement_id):
    item = queries.get_agreement_for(current_user, agreement_id)
    if item is None:
        abort(404)
    form = AgreementStatusForm()
    form.to_status.choices = [(s, wf.action_label(item.status, s))
                              for s in wf.allowed_targets(item, current_user)]
    to_status, upload = form.to_status.data, form.evidence_file.data
    if validate_all(form, lambda: services.change_problems(item, to_status, current_user,
                                                           form.note.data, upload)):
        ok, _ = commit_or_explain(lambda: services.change_agreement(
            item, to_status, current_user, now=utcnow(), note=form.note.data,
            evidence=form.evidence.data, upload=upload), form)
        if ok:
            flash(f"Acuerdo núm. {item.id}: {wf.STATE_LABELS[item.status]}.", "success")
            return redirect(url_for("meetings.agreement", agreement_id=item.id))
    return _agreement_page(item, form)


def _agreement_page(item, form):
    """The agreement, its status form (with the evidence fields when the user may report it
    done), its history and, for unit staff, their unit's follow-up of its meeting."""
    followup = (queries.get_followup(item.meeting_id, current_user.unit_id)
                if current_user.unit_id else None)
    return render_template("meetings/agreement.html", agreement=item, form=form, wf=wf,
                           history=queries.list_history(item.id), now=utcnow(),
                           max_mb=MAX_ATTACHMENT_BYTES // (1024 * 1024), followup=followup,
                           may_report=wf.PROPOSED in dict(form.to_status.choices))


@bp.route("/acuerdos/<int:agreement_id>/evidencia/<int:event_id>")
@agreements_access
def evidence(agreement_id, event_id):
    """The evidence file of a history row: the Secretaría and the responsible units only."""
    item = queries.get_agreement_for(current_user, agreement_id)
    event = queries.get_evidence(item.id, event_id) if item is not None else None
    path = (path_for(event.evidence_stored_name, current_app.config["UPLOAD_DIR"])
            if event is not None else None)
    if path is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype=event.evidence_content_type,
                     download_name=event.evidence_file_name,
                     as_attachment=not event.evidence_content_type.startswith("image/"))


def _confirmed(meeting_id):
    meeting = get_or_404(Meeting, meeting_id)
    if not ConfirmForm().validate_on_submit():
        flash("La sesión del formulario expiró; intente de nuevo.", "danger")
        abort(400)
    return meeting
