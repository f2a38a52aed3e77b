"""Request tests of the program screens: unit isolation on every object route, the Spanish
messages beside their fields, the approval flow, the progress page and its CSV."""
import io

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.programs.models import ProgramAction, WorkProgram
from app.timeutil import local_today
from tests.factories import make_unit, make_user
from tests.programs.factories import make_action, make_axis, make_program

OBJECT_ROUTES = [
    ("GET", "/programas/{program}"), ("GET", "/programas/{program}/acciones/nueva"),
    ("POST", "/programas/{program}/acciones/nueva"), ("POST", "/programas/{program}/enviar"),
    ("GET", "/programas/{program}/importar"), ("POST", "/programas/{program}/importar"),
    ("POST", "/programas/{program}/importar/confirmar"), ("GET", "/programas/acciones/{action}"),
    ("GET", "/programas/acciones/{action}/editar"),
    ("POST", "/programas/acciones/{action}/editar"),
    ("POST", "/programas/acciones/{action}/cancelar"),
]


@pytest.fixture
def other(app):
    """A draft program of another unit, with one action."""
    program = make_program(make_unit(name="Tesorería"), status="borrador")
    return program, make_action(program)


@pytest.mark.parametrize("method,url", OBJECT_ROUTES)
def test_a_unit_gets_404_on_another_units_program_and_nothing_changes(login_as, other, method,
                                                                       url):
    program, action = other
    client = login_as(make_user(role="unit"))
    response = client.open(url.format(program=program.id, action=action.id), method=method,
                           data={"reason": "x", "key": "Z", "name": "Z", "goal": "1"})
    assert response.status_code == 404
    db.session.expire_all()
    assert (program.status, action.cancelled_at, action.key) == ("borrador", None, action.key)
    assert db.session.scalar(select(func.count(ProgramAction.id))) == 1


def form(axis, **overrides):
    data = {"key": "OP-01", "name": "Bacheo", "axis": str(axis.id), "goal_kind": "cantidad",
            "goal": "18000", "measure": "m²", "starts_on": "2026-02-01",
            "ends_on": "2026-11-30", "curve": "lineal"}
    data.update(overrides)
    return data


def test_bad_action_input_shows_spanish_messages_next_to_the_fields(login_as):
    unit = make_unit()
    program, axis = make_program(unit, status="borrador"), make_axis()
    client = login_as(make_user(role="unit", unit=unit))
    response = client.post(f"/programas/{program.id}/acciones/nueva",
                           data=form(axis, goal="doce", ends_on="2026-01-01"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="goal-errors">La meta debe ser un número.' in page
    assert 'id="ends_on-errors">La fecha de término no puede ser anterior' in page
    assert db.session.scalar(select(func.count(ProgramAction.id))) == 0


def test_a_unit_drafts_and_submits_and_the_secretary_approves(app, client, login_as,
                                                              separate_requests):
    unit = make_unit(name="Obras Públicas")
    axis = make_axis()
    staff, secretary = make_user(role="unit", unit=unit), make_user(role="secretary")
    login_as(staff)
    year = local_today().year
    assert client.post(f"/programas/mi-unidad/{year}").status_code == 302
    program = db.session.scalars(select(WorkProgram)).one()
    assert client.post(f"/programas/{program.id}/acciones/nueva",
                       data=form(axis, starts_on=f"{year}-02-01", ends_on=f"{year}-11-30")
                       ).status_code == 302
    client.post(f"/programas/{program.id}/enviar")
    login_as(secretary)
    page = client.get(f"/programas/{program.id}").get_data(as_text=True)
    assert "Enviado a revisión" in page and "Aprobar el programa" in page
    client.post(f"/programas/{program.id}/aprobar")
    db.session.expire_all()
    assert (program.status, program.version) == ("aprobado", 1)
    login_as(staff)
    response = client.post(f"/programas/acciones/{program.actions[0].id}/editar",
                           data=form(axis, goal="20000", starts_on=f"{year}-02-01",
                                     ends_on=f"{year}-11-30"))
    assert "Indique el motivo del cambio" in response.get_data(as_text=True)


def test_the_progress_page_filters_by_unit_and_axis_and_exports_csv(login_as):
    a, b = make_unit(name="Obras Públicas"), make_unit(name="Catastro")
    axis, other_axis = make_axis(name="Infraestructura"), make_axis(name="Gobierno")
    year = local_today().year
    make_action(make_program(a, year=year), axis, key="OP-01", name="Bacheo")
    make_action(make_program(b, year=year), other_axis, key="CA-01", name="Padrón")
    client = login_as(make_user(role="secretary"))
    page = client.get(f"/programas/avance?eje={axis.id}").get_data(as_text=True)
    assert "OP-01 Bacheo" in page and "CA-01" not in page
    page = client.get(f"/programas/avance?unidad={b.id}").get_data(as_text=True)
    assert "CA-01 Padrón" in page and "OP-01" not in page
    csv = client.get("/programas/avance.csv").get_data(as_text=True)
    assert csv.lstrip("\ufeff").splitlines()[0].startswith("Unidad,Clave,Acción,Eje,Meta")
    assert "Catastro,CA-01,Padrón,Gobierno,100" in csv


def test_the_import_page_previews_and_imports(app, login_as):
    unit = make_unit()
    program = make_program(unit, status="borrador")
    make_axis(code="EJE2")
    client = login_as(make_user(role="unit", unit=unit))
    text = ("Clave,Acción,Eje,Meta,Unidad de medida,Inicio,Fin\n"
            "OP-01,Bacheo,EJE2,100,m²,2026-01-01,2026-06-30\n"
            "OP-02,Calles,EJE2,0,km,2026-01-01,2026-06-30\n")
    page = client.post(f"/programas/{program.id}/importar", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(text.encode()), "p.csv")}
                       ).get_data(as_text=True)
    assert "Línea 3: La meta debe ser mayor que cero." in page
    assert "Importar las" not in page
    text = text.splitlines()[0] + "\n" + text.splitlines()[1] + "\n"
    page = client.post(f"/programas/{program.id}/importar", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(text.encode()), "p.csv")}
                       ).get_data(as_text=True)
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    response = client.post(f"/programas/{program.id}/importar/confirmar", data={"token": token})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(ProgramAction.id))) == 1
