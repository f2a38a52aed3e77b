"""Ticket routes for the access matrix (tests/test_access_matrix.py)."""
import io

from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.tickets.services import add_attachment
from app.timeutil import utcnow
from tests.factories import PNG_BYTES, make_category, make_ticket
from tests.roles import DESK, FRONTDESK, UNIT

SEE = DESK | UNIT

ROUTES = {
    "tickets.new": ("GET", "/tickets/nueva", FRONTDESK),
    "tickets.index": ("GET", "/tickets/", DESK),
    "tickets.export": ("GET", "/tickets/exportar.csv", DESK),
    "tickets.inbox": ("GET", "/tickets/bandeja", UNIT),
    "tickets.mine": ("GET", "/tickets/mios", UNIT),
    "tickets.detail": ("GET", "/tickets/{ticket}", SEE),
    "tickets.transition": ("POST", "/tickets/{ticket}/estado", SEE),
    # Unit staff only (the desk channels to a unit; the unit decides who works it).
    "tickets.assign": ("POST", "/tickets/{ticket}/asignar", UNIT),
    "tickets.add_note": ("POST", "/tickets/{ticket}/notas", SEE),
    "tickets.upload": ("POST", "/tickets/{ticket}/adjuntos", SEE),
    "tickets.attachment": ("GET", "/tickets/{ticket}/adjuntos/{attachment}", SEE),
    "tickets.receipt": ("GET", "/tickets/{ticket}/acuse.pdf", SEE),
    "tickets.citizen_suggestions": ("GET", "/tickets/ciudadanos.json?q=ana", FRONTDESK),
    "tickets.duplicate_candidates": ("GET", "/tickets/duplicados.json?categoria=1&colonia=Centro",
                                     FRONTDESK),
}


def make_objects(unit) -> dict:
    """A ticket channeled to ``unit`` (the unit role's own unit) with one attachment."""
    ticket = make_ticket(make_category(unit=unit))
    upload = FileStorage(io.BytesIO(PNG_BYTES), filename="foto.png")
    attachment = add_attachment(ticket, upload, None, now=utcnow(), actor_label="Sistema")
    db.session.commit()
    return {"ticket": ticket.id, "attachment": attachment.id}
