"""Portal routes (public) and the triage queue for the access matrix."""
from flask import current_app

import io

from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.tickets.public_links import receipt_token, status_token
from app.tickets.services import add_attachment
from app.timeutil import utcnow
from tests.factories import PNG_BYTES, make_category, make_ticket
from tests.roles import DESK, PUBLIC

ROUTES = {
    "portal.complaint": ("GET", "/denuncia", PUBLIC),
    "portal.receipt": ("GET", "/denuncia/acuse/{receipt_token}", PUBLIC),
    "portal.receipt_pdf": ("GET", "/denuncia/acuse/{receipt_token}/pdf", PUBLIC),
    "portal.lookup": ("GET", "/consulta", PUBLIC),
    "portal.feedback": ("POST", "/consulta/respuesta", PUBLIC),
    "portal.privacy": ("GET", "/aviso-de-privacidad", PUBLIC),
    "portal.status_link": ("GET", "/consulta/s/{status_token}", PUBLIC),
    "portal.photo": ("GET", "/consulta/s/{status_token}/fotos/{public_photo}", PUBLIC),
    "tickets.triage": ("GET", "/tickets/denuncias-web", DESK),
}


def make_objects(unit) -> dict:
    """A web complaint with a public photo, and genuine receipt and status links for it."""
    ticket = make_ticket(make_category(unit=unit), channel="web", kind="denuncia",
                         auto_channel=False)
    photo = add_attachment(ticket, FileStorage(io.BytesIO(PNG_BYTES), filename="foto.png"),
                           None, now=utcnow(), public=True, actor_label="Ciudadano")
    db.session.commit()
    return {"receipt_token": receipt_token(current_app.secret_key, ticket.id),
            "status_token": status_token(current_app.secret_key, ticket.id),
            "public_photo": photo.id}
