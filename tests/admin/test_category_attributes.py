"""Admin screens of a catalog entry's extra questions (Open311 service attributes)."""
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.units.models import CategoryAttribute
from tests.factories import make_category, make_user

SIZES = "chico = Chico (menos de 30 cm)\nmediano = Mediano\r\n\ngrande = Grande (más de 60 cm)"


@pytest.fixture
def admin_client(login_as):
    return login_as(make_user(role="admin"))


@pytest.fixture
def bacheo(app):
    return make_category(code="bacheo", name="Bacheo")


def _url(category, attribute=None, action="editar"):
    base = f"/admin/catalogo/{category.id}/atributos"
    return f"{base}/nuevo" if attribute is None else f"{base}/{attribute.id}/{action}"


def _data(**overrides):
    data = {"code": "tamano", "description": "¿De qué tamaño es el bache?",
            "datatype": "singlevaluelist", "choices": SIZES, "position": "1", "required": "y",
            "active": "y"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _count():
    return db.session.scalar(select(func.count(CategoryAttribute.id)))


def test_admin_adds_a_list_attribute_and_sees_it_on_the_category(admin_client, bacheo):
    response = admin_client.post(_url(bacheo), data=_data(code=" Tamano "))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/catalogo/{bacheo.id}/editar")
    attribute = db.session.scalar(select(CategoryAttribute))
    assert (attribute.category_id, attribute.code, attribute.datatype) == (
        bacheo.id, "tamano", "singlevaluelist")
    assert attribute.required and attribute.active and attribute.position == 1
    assert attribute.choices == [{"key": "chico", "name": "Chico (menos de 30 cm)"},
                                 {"key": "mediano", "name": "Mediano"},
                                 {"key": "grande", "name": "Grande (más de 60 cm)"}]
    page = admin_client.get(f"/admin/catalogo/{bacheo.id}/editar").get_data(as_text=True)
    assert "Preguntas adicionales" in page and "¿De qué tamaño es el bache?" in page
    assert "Lista (una opción)" in page and "Chico (menos de 30 cm), Mediano" in page


def test_a_new_category_page_has_no_attribute_section(admin_client):
    assert "Preguntas adicionales" not in admin_client.get(
        "/admin/catalogo/nueva").get_data(as_text=True)


@pytest.mark.parametrize("overrides, message", [
    ({"code": ""}, "Este campo es obligatorio."),
    ({"code": "tamaño"}, "La clave debe tener de 1 a 40 letras minúsculas sin acentos"),
    ({"description": "  "}, "Este campo es obligatorio."),
    ({"description": "x" * 501}, "Máximo 500 caracteres."),
    ({"datatype": "color"}, "Opción inválida."),
    ({"position": "0"}, "El orden debe ser un número entre 1 y 999."),
    ({"position": "uno"}, "No es un valor entero válido."),
    ({"choices": ""}, "Una lista necesita al menos una opción"),
    ({"choices": "chico"}, "Línea 1: escriba la opción como «clave = nombre»."),
    ({"choices": "chico = Chico\ngrande ="}, "Línea 2: escriba la opción como «clave = nombre»."),
    ({"choices": "chico = Chico\nchico = Otro"}, "Línea 2: la clave «chico» está repetida."),
    ({"choices": "muy grande = Enorme"}, "Línea 1: la clave «muy grande» debe tener"),
    ({"datatype": "number", "choices": "chico = Chico"}, "Las opciones solo se usan con los tipos de lista"),
])
def test_bad_attribute_input_is_explained_in_spanish_and_nothing_is_stored(
        admin_client, bacheo, overrides, message):
    response = admin_client.post(_url(bacheo), data=_data(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count() == 0


def test_codes_are_unique_within_a_category_only(admin_client, bacheo):
    assert admin_client.post(_url(bacheo), data=_data()).status_code == 302
    again = admin_client.post(_url(bacheo), data=_data(datatype="string", choices=""))
    assert "Esta categoría ya tiene un atributo con esa clave." in again.get_data(as_text=True)
    other = make_category(code="banquetas")
    assert admin_client.post(_url(other), data=_data()).status_code == 302
    assert _count() == 2


def test_editing_shows_the_options_as_text_and_saves_the_changes(admin_client, bacheo):
    admin_client.post(_url(bacheo), data=_data())
    attribute = db.session.scalar(select(CategoryAttribute))
    form = admin_client.get(_url(bacheo, attribute)).get_data(as_text=True)
    assert "chico = Chico (menos de 30 cm)\nmediano = Mediano\ngrande = Grande (más de 60 cm)" in form
    response = admin_client.post(_url(bacheo, attribute), data=_data(
        code="profundidad", description="Profundidad aproximada en centímetros",
        datatype="number", choices="", required=None, position="2"))
    assert response.status_code == 302
    db.session.expire_all()
    assert (attribute.code, attribute.datatype, attribute.required, attribute.position,
            attribute.choices) == ("profundidad", "number", False, 2, [])
    assert _count() == 1


def test_deactivating_and_reactivating_an_attribute(admin_client, bacheo):
    admin_client.post(_url(bacheo), data=_data())
    attribute = db.session.scalar(select(CategoryAttribute))
    response = admin_client.post(_url(bacheo, attribute, "estado"), data={"active": "0"},
                                 follow_redirects=True)
    assert "Atributo «tamano» desactivado" in response.get_data(as_text=True)
    db.session.expire_all()
    assert attribute.active is False
    again = admin_client.post(_url(bacheo, attribute, "estado"), data={"active": "0"},
                              follow_redirects=True)
    assert "El atributo ya estaba inactivo." in again.get_data(as_text=True)
    admin_client.post(_url(bacheo, attribute, "estado"), data={"active": "1"})
    db.session.expire_all()
    assert attribute.active is True
    bad = admin_client.post(_url(bacheo, attribute, "estado"), data={"active": "x"},
                            follow_redirects=True)
    assert "Acción no válida." in bad.get_data(as_text=True)


def test_an_attribute_is_reached_only_through_its_own_category(admin_client, bacheo):
    admin_client.post(_url(bacheo), data=_data())
    attribute = db.session.scalar(select(CategoryAttribute))
    other = make_category(code="banquetas")
    assert admin_client.get(_url(other, attribute)).status_code == 404
    assert admin_client.post(_url(other, attribute, "estado"), data={"active": "0"}).status_code == 404
    assert admin_client.get("/admin/catalogo/999999/atributos/nuevo").status_code == 404
    db.session.expire_all()
    assert attribute.active is True


@pytest.mark.parametrize("role", ["secretary", "frontdesk", "unit"])
def test_other_roles_cannot_manage_attributes(client, login_as, bacheo, role):
    login_as(make_user(role=role))
    assert client.get(_url(bacheo)).status_code == 403
    assert client.post(_url(bacheo), data=_data()).status_code == 403
    assert _count() == 0


def test_anonymous_visitors_are_sent_to_the_login(client, bacheo):
    response = client.post(_url(bacheo), data=_data())
    assert response.status_code == 302 and "/cuenta/entrar" in response.headers["Location"]
    assert _count() == 0


def test_attribute_screens_keep_csrf_protection(app, admin_client, bacheo):
    app.config["WTF_CSRF_ENABLED"] = True  # after logging in: the login form needs no token here
    assert admin_client.post(_url(bacheo), data=_data()).status_code == 400
    assert _count() == 0


def test_the_deactivate_button_carries_its_csrf_token(app, admin_client, bacheo):
    admin_client.post(_url(bacheo), data=_data())
    attribute = db.session.scalar(select(CategoryAttribute))
    app.config["WTF_CSRF_ENABLED"] = True
    page = admin_client.get(f"/admin/catalogo/{bacheo.id}/editar").get_data(as_text=True)
    button = page[page.index(f'action="{_url(bacheo, attribute, "estado")}"'):]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', button[:600]).group(1)
    response = admin_client.post(_url(bacheo, attribute, "estado"),
                                 data={"active": "0", "csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert attribute.active is False
