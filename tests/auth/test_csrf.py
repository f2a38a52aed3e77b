import pytest

from app.extensions import db
from app.units.models import Unit
from tests.factories import PASSWORD, make_user


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_login_without_csrf_token_is_rejected_in_spanish(client):
    user = make_user()
    response = client.post("/cuenta/entrar", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 400
    assert "El formulario expiró o no es válido" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_admin_post_without_token_stores_nothing(client):
    import re

    admin = make_user(role="admin")
    page = client.get("/cuenta/entrar").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/cuenta/entrar", data={"username": admin.username, "password": PASSWORD,
                                        "csrf_token": token})
    response = client.post("/admin/unidades/nueva", data={"name": "Nueva", "code": "NUEVA"})
    assert response.status_code == 400
    assert db.session.query(Unit).count() == 0
