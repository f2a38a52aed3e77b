"""Logout, a password change, deactivation and the admin's «Cerrar sesiones» end every
session of the user, saved cookies and remember-me cookies included."""
import pytest
from flask_login.utils import encode_cookie

from app.auth.models import User
from app.extensions import db
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "nopal-rojo-lunes-viento"
pytestmark = pytest.mark.usefixtures("separate_requests")


def _login(client, user, password=PASSWORD):
    response = client.post("/cuenta/entrar", data={"username": user.username, "password": password})
    assert response.status_code == 302
    return client


def _opens_tickets(client) -> bool:
    return client.get("/tickets/").status_code == 200


def test_a_cookie_saved_before_logout_no_longer_opens_the_ticket_list(client):
    _login(client, make_user(role="secretary"))
    saved = client.get_cookie("session").value
    assert _opens_tickets(client)
    client.post("/cuenta/salir")
    client.set_cookie("session", saved)
    response = client.get("/tickets/")
    assert response.status_code == 302 and "/cuenta/entrar" in response.headers["Location"]


def test_logout_ends_the_users_sessions_on_other_devices(app):
    user = make_user(role="secretary")
    office, phone = _login(app.test_client(), user), _login(app.test_client(), user)
    office.post("/cuenta/salir")
    assert not _opens_tickets(phone)


def test_a_remember_me_cookie_stops_working_once_the_sessions_end(app):
    user = make_user(role="secretary")
    cookie = encode_cookie(db.session.get(User, user.id).get_id())
    remembered = app.test_client()
    remembered.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), cookie)
    assert _opens_tickets(remembered)
    _login(app.test_client(), user).post("/cuenta/salir")
    again = app.test_client()
    again.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), cookie)
    assert not _opens_tickets(again)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app):
    user = make_user(role="secretary")
    here, elsewhere = _login(app.test_client(), user), _login(app.test_client(), user)
    response = here.post("/cuenta/contrasena", data={
        "current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert _opens_tickets(here)
    assert not _opens_tickets(elsewhere)


def test_deactivation_ends_the_sessions_even_after_reactivation(app, login_as):
    user = make_user(role="frontdesk")
    staff = _login(app.test_client(), user)
    admin = login_as(make_user(role="admin"))
    fields = {"username": user.username, "name": user.name, "role": "frontdesk", "unit_id": 0}
    admin.post(f"/admin/usuarios/{user.id}/editar", data=fields)
    admin.post(f"/admin/usuarios/{user.id}/editar", data={**fields, "active": "y"})
    assert db.session.get(User, user.id).active
    assert not _opens_tickets(staff)


def test_the_admin_closes_every_session_of_a_user(app, login_as):
    user = make_user(role="frontdesk")
    staff = _login(app.test_client(), user)
    admin = login_as(make_user(role="admin"))
    response = admin.post(f"/admin/usuarios/{user.id}/cerrar-sesiones", follow_redirects=True)
    assert f"Se cerraron todas las sesiones de {user.username}." in response.get_data(as_text=True)
    assert not _opens_tickets(staff)
    assert _opens_tickets(_login(app.test_client(), user))


def test_a_session_id_without_token_or_with_a_wrong_one_is_anonymous(app):
    from app.auth.services import load_user

    user = make_user()
    assert load_user(str(user.id)) is None
    assert load_user(f"{user.id}:otro") is None
    assert load_user("x:y") is None and load_user("") is None
    assert load_user(user.get_id()) == user


@pytest.mark.parametrize("ident", ["99999999999999999999", "0", "²"])
def test_a_session_id_out_of_the_database_range_is_anonymous(app, ident):
    from app.auth.services import load_user

    assert load_user(f"{ident}:token") is None
