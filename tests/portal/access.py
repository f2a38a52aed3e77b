"""Portal routes (public) and the triage queue for the access matrix."""
from flask import current_app

from app.portal.links import receipt_token
from tests.factories import make_category, make_ticket
from tests.roles import DESK, PUBLIC

ROUTES = {
    "portal.complaint": ("GET", "/denuncia", PUBLIC),
    "portal.receipt": ("GET", "/denuncia/acuse/{receipt_token}", PUBLIC),
    "portal.receipt_pdf": ("GET", "/denuncia/acuse/{receipt_token}/pdf", PUBLIC),
    "portal.lookup": ("GET", "/consulta", PUBLIC),
    "portal.feedback": ("POST", "/consulta/respuesta", PUBLIC),
    "portal.privacy": ("GET", "/aviso-de-privacidad", PUBLIC),
    "tickets.triage": ("GET", "/tickets/denuncias-web", DESK),
}


def make_objects(unit) -> dict:
    """A web complaint and a genuine receipt link for it."""
    ticket = make_ticket(make_category(unit=unit), channel="web", kind="denuncia",
                         auto_channel=False)
    return {"receipt_token": receipt_token(current_app.secret_key, ticket.id)}
