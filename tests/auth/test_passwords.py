"""Password policy on every way to set one, the forced change, and the admin's unlock."""
import pytest
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.timeutil import utcnow
from tests.factories import PASSWORD, make_user

STRONG = "nopal-rojo-lunes-viento"
pytestmark = pytest.mark.usefixtures("separate_requests")


def _login(client, username, password):
    return client.post("/cuenta/entrar", data={"username": username, "password": password})


@pytest.mark.parametrize("password,message", [
    ("password", "al menos 10 caracteres"),
    ("qwerty123", "al menos 10 caracteres"),
    ("qwerty123456", "de las más usadas"),
    ("1234567890", "de las más usadas"),
    ("recepcion.centro", "su nombre de usuario ni su nombre"),
    ("recepcion.centro.2026", "su nombre de usuario ni su nombre"),
    ("Rosa María Gutiérrez", "su nombre de usuario ni su nombre"),
    ("gutierrez-2026-ok", "su nombre de usuario ni su nombre"),
    ("Corta-1", "al menos 10 caracteres"),
    ("fresnillo2024", "fácil de adivinar"),
    ("Contraseña2024", "fácil de adivinar"),
    (STRONG, None),
    ("Tlaloc sube al cerro nublado", None),
])
def test_password_policy_table(client, login_as, password, message):
    user = make_user(username="recepcion.centro", name="Rosa María Gutiérrez", role="frontdesk")
    login_as(user)
    response = client.post("/cuenta/contrasena", data={
        "current": PASSWORD, "new": password, "confirm": password})
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    if message is None:
        assert response.status_code == 302
        assert stored.check_password(password)
    else:
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
        assert stored.check_password(PASSWORD)


def test_the_new_password_must_differ_from_the_current_one(client, login_as):
    user = make_user()
    user.set_password(STRONG, "pbkdf2:sha256:1000")
    db.session.commit()
    login_as(user, STRONG)
    response = client.post("/cuenta/contrasena", data={
        "current": STRONG, "new": STRONG, "confirm": STRONG})
    assert "debe ser distinta de la actual" in response.get_data(as_text=True)


def test_the_admin_cannot_set_a_weak_password(login_as):
    admin = login_as(make_user(role="admin"))
    user = make_user(username="obras.jefe", name="Juan Pérez")
    response = admin.post("/admin/usuarios/nuevo", data={
        "username": "nueva", "name": "Nueva Persona", "role": "secretary", "unit_id": 0,
        "password": "qwerty123456"})
    assert "de las más usadas" in response.get_data(as_text=True)
    response = admin.post(f"/admin/usuarios/{user.id}/contrasena",
                          data={"password": "obras.jefe.2026"})
    assert "su nombre de usuario" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)


def test_create_user_command_refuses_a_weak_password(runner):
    result = runner.invoke(args=["create-user", "--username", "jefa", "--name", "Jefa", "--email",
                                 "", "--role", "secretary"], input="fresnillo2024\nfresnillo2024\n")
    assert result.exit_code != 0 and "fácil de adivinar" in result.output
    assert db.session.scalar(select(User).where(User.username == "jefa")) is None


def test_an_account_created_by_the_admin_must_change_its_password_at_first_login(app, login_as):
    admin = login_as(make_user(role="admin"))
    admin.post("/admin/usuarios/nuevo", data={
        "username": "nuevo", "name": "Nuevo Usuario", "role": "frontdesk", "unit_id": 0,
        "password": STRONG, "active": "y"})
    staff = app.test_client()
    assert _login(staff, "nuevo", STRONG).status_code == 302
    for url in ("/", "/tickets/", "/cuenta/avisos"):
        response = staff.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].endswith("/cuenta/contrasena"), url
    page = staff.get("/cuenta/contrasena").get_data(as_text=True)
    assert "elija una contraseña nueva" in page
    staff.post("/cuenta/contrasena", data={
        "current": STRONG, "new": "elote con chile y limon", "confirm": "elote con chile y limon"})
    assert staff.get("/tickets/").status_code == 200
    created = db.session.scalar(select(User).where(User.username == "nuevo"))
    assert created.must_change_password is False


def test_after_an_admin_reset_the_user_must_change_it_and_old_sessions_end(app, login_as):
    user = make_user(role="frontdesk")
    old = app.test_client()
    _login(old, user.username, PASSWORD)
    admin = login_as(make_user(role="admin"))
    admin.post(f"/admin/usuarios/{user.id}/contrasena", data={"password": STRONG})
    assert old.get("/tickets/").headers["Location"].startswith("/cuenta/entrar")
    fresh = app.test_client()
    _login(fresh, user.username, STRONG)
    assert fresh.get("/tickets/").headers["Location"].endswith("/cuenta/contrasena")
    assert fresh.post("/cuenta/salir").status_code == 302  # logout stays open


def test_demo_accounts_are_not_forced_to_change_their_password(runner, client):
    runner.invoke(args=["seed-demo"])
    assert _login(client, "secretaria", "fresnillo2024").status_code == 302
    assert client.get("/tickets/").status_code == 200


def test_the_admin_unlocks_a_locked_account(app, client, login_as):
    user = make_user(role="frontdesk")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        _login(client, user.username, "mala")
    assert db.session.get(User, user.id).is_locked(utcnow())
    admin = login_as(make_user(role="admin"))
    assert "Desbloquear" in admin.get("/admin/usuarios").get_data(as_text=True)
    response = admin.post(f"/admin/usuarios/{user.id}/desbloquear", follow_redirects=True)
    assert f"La cuenta {user.username} fue desbloqueada." in response.get_data(as_text=True)
    staff = app.test_client()
    assert _login(staff, user.username, PASSWORD).status_code == 302
