"""Routes of the notifications feature for the access matrix."""
from app.extensions import db
from app.notifications.outbox import FAILED
from app.notifications.models import OutboxMessage
from tests.roles import ADMIN, ANYONE_LOGGED

ROUTES = {
    "notifications.outbox": ("GET", "/admin/correos", ADMIN),
    "notifications.retry": ("POST", "/admin/correos/{message}/reintentar", ADMIN),
    "notifications.retry_all": ("POST", "/admin/correos/reintentar-todos", ADMIN),
    "notifications.sender": ("GET", "/admin/correos/remitente", ADMIN),
    "notifications.preferences": ("GET", "/cuenta/avisos", ANYONE_LOGGED),
}


def make_objects(unit) -> dict:
    message = OutboxMessage(kind="prueba", recipient="x@example.com", subject="Prueba",
                            body_text="Hola", status=FAILED, last_error="550")
    db.session.add(message)
    db.session.commit()
    return {"message": message.id}
