"""The administrator's outbox screens and each user's mail preferences."""
from sqlalchemy import select

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.outbox import FAILED, PENDING, SENT
from app.notifications.services import get_sender
from app.settings import Setting
from tests.factories import make_user


def _message(status=FAILED, recipient="nadie@example.com", **fields):
    message = OutboxMessage(kind="prueba", recipient=recipient, subject="Aviso de prueba",
                            body_text="Texto", status=status, attempts=1,
                            last_error="El servidor rechazó la dirección (550): No such user",
                            **fields)
    db.session.add(message)
    db.session.commit()
    return message


def test_admin_sees_failed_mails_with_their_error_and_counts(login_as):
    _message()
    _message(status=SENT, recipient="ok@example.com")
    client = login_as(make_user(role="admin"))
    page = client.get("/admin/correos").get_data(as_text=True)
    assert "nadie@example.com" in page and "No such user" in page
    assert "ok@example.com" not in page
    assert "Falló: 1" in page and "Enviado: 1" in page


def test_admin_retries_a_failed_mail_and_it_goes_back_to_the_queue(login_as):
    message = _message()
    client = login_as(make_user(role="admin"))
    response = client.post(f"/admin/correos/{message.id}/reintentar", follow_redirects=True)
    assert "se enviará en la próxima corrida" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (message.status, message.attempts) == (PENDING, 0)


def test_retrying_a_mail_that_did_not_fail_changes_nothing(login_as):
    message = _message(status=SENT)
    client = login_as(make_user(role="admin"))
    response = client.post(f"/admin/correos/{message.id}/reintentar", follow_redirects=True)
    assert "Solo se pueden reintentar" in response.get_data(as_text=True)
    db.session.expire_all()
    assert message.status == SENT


def test_retry_all_puts_every_failed_mail_back(login_as):
    for n in range(3):
        _message(recipient=f"n{n}@example.com")
    client = login_as(make_user(role="admin"))
    response = client.post("/admin/correos/reintentar-todos", follow_redirects=True)
    assert "3 correo(s)" in response.get_data(as_text=True)
    assert set(db.session.scalars(select(OutboxMessage.status))) == {PENDING}


def test_unknown_message_id_is_a_404(login_as):
    client = login_as(make_user(role="admin"))
    assert client.post("/admin/correos/999/reintentar").status_code == 404


def test_admin_edits_the_sender_and_sees_smtp_settings_read_only(app, login_as):
    app.config.update(MAIL_SERVER="smtp.fresnillo.gob.mx", MAIL_PASSWORD="no-mostrar")
    client = login_as(make_user(role="admin"))
    page = client.get("/admin/correos/remitente").get_data(as_text=True)
    assert "smtp.fresnillo.gob.mx" in page and "no-mostrar" not in page
    response = client.post("/admin/correos/remitente", data={
        "name": "Secretaría Técnica", "address": "avisos@fresnillo.gob.mx"})
    assert response.status_code == 302
    assert get_sender() == "Secretaría Técnica <avisos@fresnillo.gob.mx>"


def test_a_bad_sender_is_explained_and_nothing_is_stored(login_as):
    client = login_as(make_user(role="admin"))
    for data, message in (({"name": "X", "address": "no-es-correo"}, "Correo electrónico no válido."),
                          ({"name": 'Eve <x@y.z>', "address": "a@example.com"}, "no puede llevar comillas"),
                          ({"name": "X", "address": ""}, "Este campo es obligatorio.")):
        response = client.post("/admin/correos/remitente", data=data)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    assert db.session.get(Setting, "mail_sender") is None


def test_user_switches_off_the_optional_mails_in_the_profile(login_as):
    user = make_user(role="unit")
    client = login_as(user)
    page = client.get("/cuenta/avisos").get_data(as_text=True)
    assert "Resumen diario" in page and 'checked' in page
    response = client.post("/cuenta/avisos", data={"reminders": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (user.notify_digest, user.notify_reminders) == (False, True)
    client.post("/cuenta/avisos", data={"digest": "y"})
    db.session.expire_all()
    assert (user.notify_digest, user.notify_reminders) == (True, False)
