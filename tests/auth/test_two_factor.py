"""Optional TOTP second factor for the admin and the Secretaría, with recovery codes."""
import re
import time

import pyotp
import pytest
from sqlalchemy import select

from app.auth.models import RecoveryCode, User
from app.extensions import db
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.usefixtures("separate_requests")


def _code(secret: str, steps_ahead: int = 0) -> str:
    """The code of a later 30-second step: each step's code is accepted only once."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def _enroll(client, user) -> tuple[str, list[str]]:
    client.post("/cuenta/verificacion/nueva-clave")
    page = client.get("/cuenta/verificacion/confirmar").get_data(as_text=True)
    secret = db.session.get(User, user.id).totp_secret
    assert secret in page and "otpauth://totp/" in page and "<svg" in page
    response = client.post("/cuenta/verificacion/confirmar", data={"code": _code(secret)})
    codes = re.findall(r"<li>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</li>",
                       response.get_data(as_text=True))
    return secret, codes


def _password_step(client, user):
    return client.post("/cuenta/entrar", data={"username": user.username, "password": PASSWORD})


@pytest.fixture
def enrolled(client, login_as):
    user = make_user(role="secretary")
    login_as(user)
    secret, codes = _enroll(client, user)
    client.post("/cuenta/salir")
    return user, secret, codes


def test_enrolling_shows_ten_recovery_codes_once_and_stores_only_their_hashes(enrolled):
    user, _, codes = enrolled
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(
        RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert db.session.get(User, user.id).totp_enabled


def test_a_wrong_code_does_not_enable_the_second_factor(client, login_as):
    user = make_user(role="admin")
    login_as(user)
    client.post("/cuenta/verificacion/nueva-clave")
    response = client.post("/cuenta/verificacion/confirmar", data={"code": "000000"})
    assert "El código no es correcto" in response.get_data(as_text=True)
    assert not db.session.get(User, user.id).totp_enabled


def test_login_asks_for_the_code_after_the_password(client, enrolled):
    user, secret, _ = enrolled
    response = _password_step(client, user)
    assert response.headers["Location"].endswith("/cuenta/entrar/codigo")
    assert client.get("/tickets/").status_code == 302  # not logged in yet
    wrong = client.post("/cuenta/entrar/codigo", data={"code": "123456"})
    assert "El código no es correcto" in wrong.get_data(as_text=True)
    assert client.post("/cuenta/entrar/codigo", data={"code": _code(secret, 1)}).status_code == 302
    assert client.get("/tickets/").status_code == 200


def test_a_code_is_accepted_only_once(client, enrolled):
    user, secret, _ = enrolled
    code = _code(secret, 1)
    _password_step(client, user)
    client.post("/cuenta/entrar/codigo", data={"code": code})
    client.post("/cuenta/salir")
    _password_step(client, user)
    response = client.post("/cuenta/entrar/codigo", data={"code": code})
    assert "El código no es correcto o ya se usó" in response.get_data(as_text=True)


def test_a_recovery_code_logs_in_once(client, enrolled):
    user, _, codes = enrolled
    _password_step(client, user)
    assert client.post("/cuenta/entrar/codigo", data={"code": codes[0].upper()}).status_code == 302
    client.post("/cuenta/salir")
    _password_step(client, user)
    response = client.post("/cuenta/entrar/codigo", data={"code": codes[0]})
    assert response.status_code == 200
    assert client.get("/tickets/").status_code == 302


def test_wrong_codes_lock_the_account_like_wrong_passwords(app, client, enrolled):
    user, secret, _ = enrolled
    _password_step(client, user)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/cuenta/entrar/codigo", data={"code": "000000"})
    response = client.post("/cuenta/entrar/codigo", data={"code": _code(secret, 1)})
    assert "Demasiados intentos fallidos" in response.get_data(as_text=True)


def test_the_second_step_without_a_password_goes_back_to_login(client):
    response = client.post("/cuenta/entrar/codigo", data={"code": "123456"})
    assert response.headers["Location"].endswith("/cuenta/entrar")


def test_disabling_requires_a_valid_code(client, enrolled):
    user, secret, codes = enrolled
    _password_step(client, user)
    client.post("/cuenta/entrar/codigo", data={"code": codes[0]})
    response = client.post("/cuenta/verificacion/desactivar", data={"code": "000000"},
                           follow_redirects=True)
    assert "El código no es correcto" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).totp_enabled
    response = client.post("/cuenta/verificacion/desactivar", data={"code": _code(secret, 1)},
                           follow_redirects=True)
    assert "quedó desactivada" in response.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert not stored.totp_enabled and stored.totp_secret is None
    assert db.session.scalar(select(RecoveryCode).where(RecoveryCode.user_id == user.id)) is None


def test_unit_staff_cannot_enroll(client, login_as):
    login_as(make_user(role="unit"))
    assert client.post("/cuenta/verificacion/nueva-clave").status_code == 403
