from datetime import timedelta

import pytest

from app.auth.models import User
from app.extensions import db
from app.timeutil import utcnow
from tests.factories import PASSWORD, make_user


def _login(client, username, password):
    return client.post("/cuenta/entrar", data={"username": username, "password": password})


def test_valid_login_redirects_home_and_records_last_login(client):
    user = make_user(role="secretary")
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    assert db.session.get(User, user.id).last_login_at is not None
    home = client.get("/")
    assert user.name in home.get_data(as_text=True)


def test_username_is_case_insensitive(client):
    user = make_user(username="Recepcion1")
    assert _login(client, "recepcion1", PASSWORD).status_code == 302


def test_wrong_password_shows_spanish_message_and_stays_logged_out(client):
    user = make_user()
    response = _login(client, user.username, "incorrecta")
    assert response.status_code == 200
    assert "Usuario o contraseña incorrectos." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_unknown_user_gets_the_same_generic_message(client):
    response = _login(client, "nadie", "x")
    assert "Usuario o contraseña incorrectos." in response.get_data(as_text=True)


def test_inactive_user_cannot_log_in(client):
    user = make_user(active=False)
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 200
    assert "Su cuenta está desactivada" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_deactivated_user_loses_an_open_session(client, login_as):
    user = make_user()
    login_as(user)
    user.active = False
    db.session.commit()
    assert client.get("/").status_code == 302


def test_repeated_failures_lock_the_account_even_with_the_right_password(app, client):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        _login(client, user.username, "mala")
    response = _login(client, user.username, PASSWORD)
    assert "Demasiados intentos fallidos" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).locked_until > utcnow()


def test_lock_expires(app, client):
    user = make_user()
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert _login(client, user.username, PASSWORD).status_code == 302


@pytest.mark.config(LOGIN_IP_RATE_LIMIT="3/minute")
def test_login_posts_are_rate_limited_per_ip(client):
    for n in range(3):
        _login(client, f"nadie{n}", "x")
    response = _login(client, "otro", "x")
    assert response.status_code == 429
    assert "Demasiadas solicitudes" in response.get_data(as_text=True)


def test_open_redirect_is_refused(client):
    user = make_user()
    response = client.post("/cuenta/entrar?next=//evil.example.com",
                           data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_next_inside_the_app_is_followed(client):
    user = make_user(role="admin")
    response = client.post("/cuenta/entrar?next=/admin/unidades",
                           data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/unidades"


def test_logout_requires_post_and_ends_the_session(client, login_as):
    login_as(make_user())
    assert client.get("/cuenta/salir").status_code == 405
    assert client.post("/cuenta/salir").status_code == 302
    assert client.get("/").status_code == 302


def test_user_changes_own_password(client, login_as):
    user = make_user()
    login_as(user)
    response = client.post("/cuenta/contrasena", data={
        "current": PASSWORD, "new": "nueva-clave-9", "confirm": "nueva-clave-9"})
    assert response.status_code == 302
    assert db.session.get(User, user.id).check_password("nueva-clave-9")


@pytest.mark.parametrize("current,new,confirm,message", [
    ("mala", "nueva-clave-9", "nueva-clave-9", "La contraseña actual no es correcta."),
    (PASSWORD, "corta", "corta", "al menos 10 caracteres"),
    (PASSWORD, "nueva-clave-9", "otra-clave-9", "Las contraseñas no coinciden."),
])
def test_password_change_errors_keep_the_old_password(client, login_as, current, new, confirm, message):
    user = make_user()
    login_as(user)
    response = client.post("/cuenta/contrasena", data={"current": current, "new": new, "confirm": confirm})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)


def test_session_cookie_is_httponly_and_lax(client):
    user = make_user()
    response = _login(client, user.username, PASSWORD)
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_config_marks_cookies_secure():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True


def test_login_page_hides_demo_accounts_without_demo_data(client):
    page = client.get("/cuenta/entrar").get_data(as_text=True)
    assert 'data-testid="demo-accounts"' not in page
    assert "fresnillo2024" not in page


def test_login_page_lists_demo_accounts_when_demo_data_is_loaded(client):
    from app.settings import DEMO_DATA, set_setting

    set_setting(DEMO_DATA, "1")
    db.session.commit()
    page = client.get("/cuenta/entrar").get_data(as_text=True)
    assert 'data-testid="demo-accounts"' in page
    assert "fresnillo2024" in page and "<strong>recepcion</strong>" in page
