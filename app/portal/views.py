"""Public citizen portal (no login): complaint form, receipt, status lookup, feedback, privacy.

Every page may be embedded in the municipal website (frame-ancestors from FRAME_ANCESTORS),
works without JavaScript and keeps nothing in the session (see app/portal/forms.py).
"""
import math
import time

from flask import (Blueprint, abort, current_app, redirect, render_template, request,
                   send_file, url_for)

from app.auth.decorators import public
from app.errors import MESSAGES as ERROR_MESSAGES
from app.extensions import csrf, limiter
from app.colonias.catalogue import list_colonia_options
from app.colonias.catalogue import map_settings
from app.portal import antispam, rules, services
from app.portal.forms import ComplaintForm, FeedbackForm, LookupForm
from app.portal.presenters import public_status
from app.settings import get_contact
from app.tickets import constants as c
from app.tickets import public_links as links
from app.tickets import queries as ticket_queries
from app.tickets.files import path_for
from app.tickets.pdf import build_receipt
from app.tickets.presenters import receipt_data
from app.tickets.workflow import WorkflowError
from app.timeutil import utcnow
from app.units.queries import list_categories
from app.validators import ValidationError
from app.viewutil import commit_or_explain, pdf_response, show_error

bp = Blueprint("portal", __name__)
csrf.exempt(bp)
DOMAIN_ERRORS = (ValidationError, WorkflowError)
NOT_FOUND = ("No encontramos una solicitud con ese folio y código de consulta. "
             "Revise que estén escritos tal como aparecen en su acuse e intente de nuevo.")
SPAM = ("No pudimos recibir su denuncia: se envió demasiado rápido o el formulario no es "
        "válido. Sus datos siguen aquí; espere unos segundos y envíela de nuevo.")


def _limit(key: str, default: str, **options):
    return limiter.limit(lambda: current_app.config.get(key, default), methods=["POST"],
                         **options)


def _stored(response) -> bool:
    """Only a stored complaint (the redirect to its receipt) counts toward the limit: one
    refused for a missing field does not, since many people share an address. What looks
    automated (400) counts too, so a robot cannot send without end."""
    return response.status_code in (302, 400)


@bp.context_processor
def _vocabulary():
    return {"c": c, "rules": rules, "contact": get_contact()}


@bp.after_request
def _portal_headers(response):
    # The frame-ancestors that let the municipal site embed these pages: app/security.py.
    if request.endpoint != "portal.privacy":  # pages with folios and codes are not cached
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(429)
def _too_many(exc):
    """In the portal's layout; the complaint's typed text comes back with the wait."""
    minutes = wait_minutes(limiter.current_limit)
    message = (f"Se enviaron varias denuncias desde esta conexión en poco tiempo. Podrá enviar "
               f"la suya en {minutes} minuto{'' if minutes == 1 else 's'}: sus datos siguen aquí.")
    if request.endpoint == "portal.complaint":
        return _complaint_page(_complaint_form(), message, 429, fresh_token=True)
    if request.endpoint == "portal.lookup":
        return render_template("portal/lookup.html", form=LookupForm(formdata=None), message=(
            f"Hizo muchas consultas seguidas. Intente de nuevo en {minutes} minuto"
            f"{'' if minutes == 1 else 's'}.")), 429
    return _portal_error(429, message)


@bp.errorhandler(404)
@bp.errorhandler(413)
def _portal_error(exc_or_code, message=None):
    code = getattr(exc_or_code, "code", exc_or_code)
    title, default = ERROR_MESSAGES.get(code, ERROR_MESSAGES[400])
    return render_template("portal/error.html", code=code, title=title,
                           message=message or default), code


def wait_minutes(limit) -> int:
    """Whole minutes until the breached limit lets the visitor in again (at least 1; the
    limiter rounds its reset up to the next second, hence the few seconds of slack)."""
    reset_at = getattr(limit, "reset_at", None) or time.time() + 60
    return max(1, math.ceil((reset_at - time.time() - 5) / 60))


def _complaint_form() -> ComplaintForm:
    form = ComplaintForm()
    form.category_id.choices = [(0, "— Seleccione —")] + [
        (cat.id, cat.name) for cat in list_categories(active_only=True, public_only=True)]
    return form


def _complaint_page(form, message=None, status=200, *, fresh_token=False):
    """The complaint form as typed. ``fresh_token``: with a new form token and the honeypot
    emptied (a first visit, or back after a refusal or the rate limit), so it can be sent
    again as it is; after field errors the token it came with still holds."""
    if fresh_token:
        form.form_token.data = antispam.issue_form_token(current_app.secret_key, utcnow())
        form.website.data = ""
    return render_template("portal/complaint.html", form=form, message=message,
                           colonias=list_colonia_options(), map_settings=map_settings()), status


@bp.route("/denuncia", methods=["GET", "POST"])
@public
@_limit("PORTAL_SUBMIT_RATE_LIMIT", "5 per 10 minutes;20 per day", deduct_when=_stored)
def complaint():
    form, now = _complaint_form(), utcnow()
    if not form.is_submitted():
        return _complaint_page(form, fresh_token=True)
    refused = _screen_submission(form, now)
    if refused:
        return _complaint_page(form, *refused, fresh_token=True)
    photos = form.photos.data or []
    if not form.validate():
        for problem in services.photo_problems(photos):  # in the same round as the rest
            show_error(form, problem)
        return _complaint_page(form)
    filed, ticket = commit_or_explain(
        lambda: services.submit_complaint(_complaint(form), photos, now=now),
        form, errors=DOMAIN_ERRORS)
    if not filed:
        return _complaint_page(form)
    return redirect(url_for("portal.receipt",
                            token=links.receipt_token(current_app.secret_key, ticket.id)))


def _screen_submission(form, now) -> tuple[str, int] | None:
    """(message, status) when the form must come back (robot-like, or expired); None when it
    may be read."""
    try:
        antispam.check_honeypot(form.website.data)
        antispam.check_form_token(form.form_token.data, current_app.secret_key, now,
                                  current_app.config.get("PORTAL_MIN_FILL_SECONDS", 3))
    except antispam.SpamError:
        return SPAM, 400
    except antispam.ExpiredFormError:
        return ("El formulario estuvo abierto demasiado tiempo. Revise sus datos y envíelo "
                "de nuevo.", 200)
    return None


def _complaint(form) -> services.Complaint:
    return services.Complaint(
        category_id=form.category_id.data, description=form.description.data,
        colonia=form.colonia.data, colonia_id=form.colonia_id.data,
        latitude=form.latitude.data, longitude=form.longitude.data,
        address=form.address.data, localidad=form.localidad.data,
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
    pdf = build_receipt(receipt_data(ticket, lookup_url, links.public_status_url(ticket.id),
                                     get_contact()))
    return pdf_response(pdf, f"acuse-{ticket.folio}.pdf", inline=True)


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


@bp.route("/consulta/s/<token>")
@public
def status_link(token):
    """The bookmarkable status page (the QR code of the acuse)."""
    ticket = _linked_ticket(token)
    return _status_page(ticket, ticket.lookup_code, token=token)


@bp.route("/consulta/s/<token>/fotos/<int:attachment_id>")
@public
def photo(token, attachment_id):
    ticket = _linked_ticket(token)
    row = ticket_queries.get_public_photo(ticket, attachment_id)
    path = path_for(row.stored_name, current_app.config["UPLOAD_DIR"]) if row else None
    if path is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype=row.content_type)


def _linked_ticket(token):
    ticket_id = links.ticket_id_from_status_token(current_app.secret_key, token)
    ticket = ticket_queries.get_ticket(ticket_id) if ticket_id else None
    if ticket is None:
        abort(404)
    return ticket


def _status_page(ticket, code, feedback_form=None, thanks=False, token=None):
    token = token or links.status_token(current_app.secret_key, ticket.id)
    status = public_status(ticket, ticket_queries.list_timeline(ticket, public_only=True),
                           ticket_queries.list_attachments(ticket, public_only=True))
    if feedback_form is None and status.awaiting_feedback:
        feedback_form = FeedbackForm(formdata=None, folio=status.folio, code=code,
                                     version=status.version)
    return render_template("portal/status.html", status=status, feedback_form=feedback_form,
                           thanks=thanks, token=token)


@bp.route("/aviso-de-privacidad")
@public
def privacy():
    return render_template("portal/privacy.html")
