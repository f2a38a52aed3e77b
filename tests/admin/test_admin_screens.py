from datetime import date

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.units.models import Category, NonWorkingDay, Unit, UnitActivityPeriod
from tests.factories import make_category, make_unit, make_user


@pytest.fixture
def admin_client(login_as):
    return login_as(make_user(role="admin"))


def test_admin_creates_a_unit(admin_client):
    response = admin_client.post("/admin/unidades/nueva", data={
        "name": "Obras Públicas", "code": "obras", "head_name": "Ing. Pérez",
        "email": "obras@fresnillo.gob.mx", "active": "y"})
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit))
    assert (unit.name, unit.code, unit.active) == ("Obras Públicas", "OBRAS", True)


@pytest.mark.parametrize("data,message", [
    ({"name": "", "code": "X1"}, "Este campo es obligatorio."),
    ({"name": "A" * 151, "code": "X1"}, "Máximo 150 caracteres."),
    ({"name": "Válida", "code": "no válida!"}, "La clave debe tener"),
    ({"name": "Válida", "code": "OK", "email": "no-es-correo"}, "Correo electrónico no válido."),
])
def test_bad_unit_input_is_explained_and_nothing_is_stored(admin_client, data, message):
    response = admin_client.post("/admin/unidades/nueva", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.query(Unit).count() == 0


def test_duplicate_unit_code_is_refused(admin_client):
    make_unit(name="Tesorería", code="TES")
    response = admin_client.post("/admin/unidades/nueva", data={"name": "Otra", "code": "tes"})
    assert "Ya existe una unidad con esa clave." in response.get_data(as_text=True)
    assert db.session.query(Unit).count() == 1


def test_deactivating_a_unit_keeps_it_and_records_when(admin_client):
    unit = make_unit(name="DIF", code="DIF")
    response = admin_client.post(f"/admin/unidades/{unit.id}/editar",
                                 data={"name": "DIF", "code": "DIF"})
    assert response.status_code == 302
    db.session.expire_all()
    unit = db.session.get(Unit, unit.id)
    assert unit.active is False and unit.deactivated_at is not None


def test_toggling_a_unit_on_its_edit_screen_writes_its_activity_periods(admin_client):
    data = {"name": "DIF", "code": "DIF", "active": "y"}
    assert admin_client.post("/admin/unidades/nueva", data=data).status_code == 302
    unit = db.session.scalar(select(Unit))
    edit = f"/admin/unidades/{unit.id}/editar"
    assert admin_client.post(edit, data={"name": "DIF", "code": "DIF"}).status_code == 302
    assert admin_client.post(edit, data={"name": "DIF", "code": "DIF"}).status_code == 302
    assert admin_client.post(edit, data=data).status_code == 302
    assert admin_client.post(edit, data=data).status_code == 302
    db.session.expire_all()
    unit = db.session.get(Unit, unit.id)
    periods = db.session.scalars(select(UnitActivityPeriod).order_by(UnitActivityPeriod.id)).all()
    assert [p.unit_id for p in periods] == [unit.id, unit.id]
    first, second = periods
    assert first.started_at == unit.created_at <= first.ended_at <= second.started_at
    assert second.ended_at is None
    assert unit.active is True and unit.deactivated_at is None


@pytest.mark.parametrize("url", [
    "/admin/unidades/999999/editar", "/admin/usuarios/999999/editar",
    "/admin/usuarios/999999/contrasena", "/admin/catalogo/999999/editar",
    "/admin/unidades/abc/editar",
])
def test_unknown_ids_answer_spanish_404(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 404
    assert "Página no encontrada" in response.get_data(as_text=True)


def test_admin_creates_unit_staff_user_who_can_log_in(admin_client, client):
    unit = make_unit()
    response = admin_client.post("/admin/usuarios/nuevo", data={
        "username": "nuevo", "name": "Nuevo Usuario", "email": "", "role": "unit",
        "unit_id": unit.id, "password": "clave-segura-1", "active": "y"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "nuevo"))
    assert user.unit_id == unit.id and user.password_hash != "clave-segura-1"
    client.post("/cuenta/salir")
    assert client.post("/cuenta/entrar", data={"username": "nuevo", "password": "clave-segura-1"}).status_code == 302


@pytest.mark.parametrize("data,message", [
    ({"role": "unit", "unit_id": 0, "password": "clave-segura-1"}, "debe pertenecer a una unidad"),
    ({"role": "secretary", "unit_id": 0, "password": "corta"}, "al menos 10 caracteres"),
    ({"role": "secretary", "unit_id": 0, "password": "clave-segura-1", "email": "x@"}, "Correo electrónico no válido."),
])
def test_bad_user_input_stores_nothing(admin_client, data, message):
    before = db.session.query(User).count()
    response = admin_client.post("/admin/usuarios/nuevo", data={"username": "otro", "name": "Otro", **data})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.query(User).count() == before


def test_duplicate_username_is_refused(admin_client):
    make_user(username="recepcion")
    response = admin_client.post("/admin/usuarios/nuevo", data={
        "username": "Recepcion", "name": "Otra", "role": "frontdesk", "unit_id": 0,
        "password": "clave-segura-1"})
    assert "Ya existe un usuario con ese nombre de usuario." in response.get_data(as_text=True)


def test_admin_deactivates_user_and_resets_password(admin_client):
    user = make_user(role="frontdesk")
    admin_client.post(f"/admin/usuarios/{user.id}/editar", data={
        "username": user.username, "name": user.name, "role": "frontdesk", "unit_id": 0})
    admin_client.post(f"/admin/usuarios/{user.id}/contrasena", data={"password": "otra-clave-22"})
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.active is False
    assert user.check_password("otra-clave-22")


def test_admin_manages_the_catalog(admin_client):
    unit = make_unit()
    response = admin_client.post("/admin/catalogo/nueva", data={
        "code": "alumbrado", "name": "Alumbrado público", "default_unit_id": unit.id,
        "due_days": 5, "active": "y", "public": "y"})
    assert response.status_code == 302
    category = db.session.scalar(select(Category))
    assert (category.default_unit_id, category.due_days, category.public) == (unit.id, 5, True)


@pytest.mark.parametrize("data,message", [
    ({"due_days": 0}, "El plazo debe estar entre 1 y 365 días hábiles."),
    ({"due_days": 5, "default_unit_id": 987654}, "Opción inválida."),
    ({"due_days": 5, "code": "Con Espacios"}, "La clave debe tener"),
])
def test_bad_catalog_input_stores_nothing(admin_client, data, message):
    make_unit()
    payload = {"code": "bacheo", "name": "Bacheo", "default_unit_id": 0, **data}
    response = admin_client.post("/admin/catalogo/nueva", data=payload)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert message in body
    assert db.session.query(Category).count() == 0


def test_duplicate_category_name_is_refused(admin_client):
    make_category(name="Bacheo", code="bacheo")
    response = admin_client.post("/admin/catalogo/nueva", data={
        "code": "bacheo-2", "name": "bacheo", "default_unit_id": 0, "due_days": 3})
    assert "Ya existe una categoría con ese nombre." in response.get_data(as_text=True)


def test_non_working_days_are_added_once_and_removed(admin_client):
    response = admin_client.post("/admin/dias-inhabiles", data={"day": "2026-12-12", "description": "Día de la Virgen"})
    assert response.status_code == 302
    response = admin_client.post("/admin/dias-inhabiles", data={"day": "2026-12-12", "description": "Otra vez"})
    assert "Ese día ya está registrado como inhábil." in response.get_data(as_text=True)
    row = db.session.scalar(select(NonWorkingDay))
    assert row.day == date(2026, 12, 12)
    admin_client.post(f"/admin/dias-inhabiles/{row.id}/eliminar")
    assert db.session.query(NonWorkingDay).count() == 0


def test_bad_date_is_refused_in_spanish(admin_client):
    response = admin_client.post("/admin/dias-inhabiles", data={"day": "31/31/2026", "description": "X"})
    assert "Indique una fecha válida." in response.get_data(as_text=True)
    assert db.session.query(NonWorkingDay).count() == 0


def test_user_form_shows_every_problem_in_one_round_and_keeps_the_typed_fields(admin_client):
    response = admin_client.post("/admin/usuarios/nuevo", data={
        "username": "nueva", "name": "Nueva Persona", "email": "x@", "role": "unit",
        "unit_id": 0, "password": "corta"})
    page = response.get_data(as_text=True)
    summary = page.split('data-testid="error-summary"')[1].split("</div>")[0]
    for message in ("debe pertenecer a una unidad", "al menos 10 caracteres",
                    "Correo electrónico no válido."):
        assert message in summary
    assert 'href="#unit_id"' in summary and 'href="#password"' in summary
    assert 'value="Nueva Persona"' in page and 'value="corta"' in page
    assert db.session.query(User).count() == 1  # only the admin


def test_user_forms_say_the_password_is_temporary_until_the_first_login(admin_client, client):
    assert "obliga al usuario a elegir su propia contraseña" in admin_client.get(
        "/admin/usuarios/nuevo").get_data(as_text=True)
    user = make_user(role="frontdesk")
    assert "es temporal" in admin_client.get(
        f"/admin/usuarios/{user.id}/contrasena").get_data(as_text=True)
    admin_client.post(f"/admin/usuarios/{user.id}/contrasena", data={"password": "otra-clave-22"})
    client.post("/cuenta/salir")
    client.post("/cuenta/entrar", data={"username": user.username, "password": "otra-clave-22"})
    assert "/cuenta/contrasena" in client.get("/").headers["Location"]


def test_a_range_of_non_working_days_is_added_all_or_nothing(admin_client):
    from datetime import date

    from app.units.models import NonWorkingDay

    response = admin_client.post("/admin/dias-inhabiles", data={
        "day": "2026-12-21", "last_day": "2026-12-31", "description": "Vacaciones de fin de año"})
    assert response.status_code == 302
    days = sorted(db.session.scalars(select(NonWorkingDay.day)))
    assert days[0] == date(2026, 12, 21) and days[-1] == date(2026, 12, 31) and len(days) == 11
    page = admin_client.post("/admin/dias-inhabiles", data={
        "day": "2026-12-30", "last_day": "2027-01-02", "description": "Otra vez"}
    ).get_data(as_text=True)
    assert "Estos días ya están registrados como inhábiles: 30/12/2026, 31/12/2026" in page
    assert db.session.query(NonWorkingDay).count() == 11


@pytest.mark.parametrize("first,last,message", [
    ("2027-01-10", "2027-01-05", "La fecha final es anterior a la inicial."),
    ("2027-01-01", "2027-03-01", "Un periodo puede abarcar como máximo 31 días"),
])
def test_an_inverted_or_too_long_range_stores_nothing(admin_client, first, last, message):
    from app.units.models import NonWorkingDay

    page = admin_client.post("/admin/dias-inhabiles", data={
        "day": first, "last_day": last, "description": "Periodo"}).get_data(as_text=True)
    assert message in page and 'href="#last_day"' in page
    assert db.session.query(NonWorkingDay).count() == 0


def test_the_page_lists_the_official_holidays_of_the_chosen_year(admin_client):
    page = admin_client.get("/admin/dias-inhabiles?anio=2027").get_data(as_text=True)
    table = page.split('data-testid="official-holidays"')[1]
    assert "Feriados oficiales de 2027" in page
    assert "01/01/2027" in table and "Año Nuevo" in table and "25/12/2027" in table
    assert "15/03/2027" in table  # third Monday of March: Benito Juárez
    assert admin_client.get("/admin/dias-inhabiles?anio=x").status_code == 200
