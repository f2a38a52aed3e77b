"""Each role logs in through the browser and sees its own navigation."""
import pytest

from tests.factories import make_user


@pytest.mark.parametrize("role,visible,hidden", [
    ("admin", ["Unidades", "Usuarios", "Catálogo de servicios", "Días inhábiles"], []),
    ("secretary", [], ["Usuarios", "Catálogo de servicios"]),
    ("frontdesk", [], ["Usuarios", "Unidades"]),
    ("unit", [], ["Usuarios", "Unidades"]),
])
def test_role_sees_its_navigation(page, live_server, browser_login, role, visible, hidden):
    user = make_user(role=role)
    browser_login(user)
    nav = page.locator("nav[aria-label='Navegación principal']")
    assert user.name in page.get_by_test_id("current-user").inner_text()
    for label in visible:
        assert nav.get_by_role("link", name=label, exact=True).count() == 1, label
    for label in hidden:
        assert nav.get_by_role("link", name=label, exact=True).count() == 0, label


def test_wrong_password_in_the_browser_shows_the_spanish_message(page, live_server):
    user = make_user()
    page.goto(f"{live_server}/cuenta/entrar")
    page.get_by_label("Usuario").fill(user.username)
    page.get_by_label("Contraseña").fill("equivocada")
    page.get_by_role("button", name="Iniciar sesión").click()
    assert page.get_by_role("alert").inner_text().strip() == "Usuario o contraseña incorrectos."


def test_admin_creates_a_unit_through_the_browser(page, live_server, browser_login):
    browser_login(make_user(role="admin"))
    page.goto(f"{live_server}/admin/unidades/nueva")
    page.get_by_label("Nombre").fill("Unidad de Transparencia")
    page.get_by_label("Clave").fill("TRANSP")
    page.get_by_role("button", name="Guardar").click()
    assert "Unidad guardada." in page.content()
    assert page.get_by_role("cell", name="Unidad de Transparencia").count() == 1
