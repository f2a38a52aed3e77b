"""Public citizen portal (no login): complaint form, receipt, status lookup, feedback, privacy.

Every page may be embedded in the municipal website (frame-ancestors from FRAME_ANCESTORS),
works without JavaScript and keeps nothing in the session (see app/portal/forms.py).
"""
from flask import (Blueprint, Response, abort, current_app, make_response, redirect,
                   render_template, request, url_for)

from app.auth.decorators import public
from app.errors import render_error
from app.extensions import csrf, limiter
from app.portal import antispam, links, rules, services
from app.portal.forms import ComplaintForm, FeedbackForm, LookupForm
from app.portal.presenters import public_status
from app.tickets import constants as c
from app.tickets import queries as ticket_queries
from app.tickets.pdf import build_receipt
from app.tickets.presenters import receipt_data
from app.tickets.workflow import WorkflowError
from app.timeutil import utcnow
from app.units.queries import list_categories
from app.validators import ValidationError
from app.viewutil import commit_or_explain

bp = Blueprint("portal", __name__)
csrf.exempt(bp)
DOMAIN_ERRORS = (ValidationError, WorkflowError)
NOT_FOUND = ("No encontramos una solicitud con ese folio y código de consulta. "
             "Revise que estén escritos tal como aparecen en su acuse e intente de nuevo.")
SPAM = ("No pudimos recibir su denuncia. Si usted llenó el formulario, espere unos segundos "
        "y envíelo de nuevo desde la página de denuncias.")


def _limit(key: str, default: str):
    return limiter.limit(lambda: current_app.config.get(key, default), methods=["POST"])


@bp.context_processor
def _vocabulary():
    return {"c": c, "rules": rules}


@bp.after_request
def _portal_headers(response):
    # The frame-ancestors that let the municipal site embed these pages: app/security.py.
    if request.endpoint != "portal.privacy":  # pages with folios and codes are not cached
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/denuncia", methods=["GET", "POST"])
@public
@_limit("PORTAL_SUBMIT_RATE_LIMIT", "5 per 10 minutes;20 per day")
def complaint():
    form = ComplaintForm()
    form.category_id.choices = [(0, "— Seleccione —")] + [
        (cat.id, cat.name) for cat in list_categories(active_only=True, public_only=True)]
    now, message = utcnow(), None
    if form.is_submitted():
        message = _screen_submission(form, now)
    else:
        form.form_token.data = antispam.issue_form_token(current_app.secret_key, now)
    if message is None and form.validate_on_submit():
        filed, ticket = commit_or_explain(
            lambda: services.submit_complaint(_complaint(form), form.photos.data or [], now=now),
            form, errors=DOMAIN_ERRORS)
        if filed:
            token = links.receipt_token(current_app.secret_key, ticket.id)
            return redirect(url_for("portal.receipt", token=token))
    return render_template("portal/complaint.html", form=form, message=message)


def _screen_submission(form, now) -> str | None:
    """Abort with 400 on spam; a message (and a fresh form token) when the form expired."""
    try:
        antispam.check_honeypot(form.website.data)
        antispam.check_form_token(form.form_token.data, current_app.secret_key, now,
                                  current_app.config.get("PORTAL_MIN_FILL_SECONDS", 3))
    except antispam.SpamError:
        abort(make_response(render_error(400, SPAM)))
    except antispam.ExpiredFormError:
        form.form_token.data = antispam.issue_form_token(current_app.secret_key, now)
        return "El formulario estuvo abierto demasiado tiempo. Revise sus datos y envíelo de nuevo."
    return None


def _complaint(form) -> services.Complaint:
    return services.Complaint(
        category_id=form.category_id.data, description=form.description.data,
        colonia=form.colonia.data, address=form.address.data, localidad=form.localidad.data,
        anonymous=form.anonymous.data, name=form.citizen_name.data,
        phone=form.citizen_phone.data, email=form.citizen_email.data)


def _receipt_ticket(token):
    ticket_id = links.ticket_id_from_receipt_token(current_app.secret_key, token)
    ticket = ticket_queries.get_ticket(ticket_id) if ticket_id else None
    if ticket is None:
        abort(404)
    return ticket


@bp.route("/denuncia/acuse/<token>")
@public
def receipt(token):
    ticket = _receipt_ticket(token)
    return render_template("portal/receipt.html", ticket=ticket, token=token)


@bp.route("/denuncia/acuse/<token>/pdf")
@public
def receipt_pdf(token):
    ticket = _receipt_ticket(token)
    lookup_url = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("portal.lookup")
    pdf = build_receipt(receipt_data(ticket, lookup_url))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f"inline; filename=acuse-{ticket.folio}.pdf"})


@bp.route("/consulta", methods=["GET", "POST"])
@public
@_limit("PORTAL_LOOKUP_RATE_LIMIT", "10 per minute;60 per hour")
def lookup():
    form = LookupForm() if request.method == "POST" else LookupForm(
        data={"folio": request.args.get("folio", "")[:20]})
    if not form.validate_on_submit():
        return render_template("portal/lookup.html", form=form)
    ticket = ticket_queries.get_ticket_by_folio(form.folio.data, form.code.data)
    if ticket is None:
        return render_template("portal/lookup.html", form=form, message=NOT_FOUND)
    return _status_page(ticket, form.code.data)


@bp.route("/consulta/respuesta", methods=["POST"])
@public
@_limit("PORTAL_LOOKUP_RATE_LIMIT", "10 per minute;60 per hour")
def feedback():
    form = FeedbackForm()
    ticket = ticket_queries.get_ticket_by_folio(form.folio.data or "", form.code.data or "")
    if ticket is None:
        return render_template("portal/lookup.html", form=LookupForm(formdata=None),
                               message=NOT_FOUND)
    if form.validate():
        if commit_or_explain(lambda: services.record_feedback(
                ticket, solved=form.solved.data == "si", rating=form.rating.data,
                comment=form.comment.data, now=utcnow(),
                expected_version=form.version.data or None), form, errors=DOMAIN_ERRORS)[0]:
            return _status_page(ticket, form.code.data, thanks=True)
    return _status_page(ticket, form.code.data, feedback_form=form)


def _status_page(ticket, code, feedback_form=None, thanks=False):
    status = public_status(ticket, ticket_queries.list_timeline(ticket, public_only=True))
    if feedback_form is None and status.awaiting_feedback:
        feedback_form = FeedbackForm(formdata=None, folio=status.folio, code=code,
                                     version=status.version)
    return render_template("portal/status.html", status=status, feedback_form=feedback_form,
                           thanks=thanks)


@bp.route("/aviso-de-privacidad")
@public
def privacy():
    return render_template("portal/privacy.html")
