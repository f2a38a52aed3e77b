"""One test per hostile-input finding of issue 16 (the corpus over every route is in
tests/test_hostile_input.py)."""
import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DataError

from app.extensions import db
from app.tickets import queries as ticket_queries
from app.tickets.models import Ticket, TicketEvent
from app.units import services as unit_services
from app.units.models import Category, CategoryAttribute, Unit
from tests.factories import make_category, make_ticket, make_unit, make_user
from tests.portal.helpers import complaint_data
from tests.tickets.test_views import _intake

HUGE = "99999999999999999999"
NO_LIMITS = pytest.mark.config(RATELIMIT_ENABLED=False, PORTAL_MIN_FILL_SECONDS=0)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_20_digit_id_in_a_url_answers_404(client, login_as):
    ticket = make_ticket(make_category(unit=make_unit()))
    login_as(make_user(role="secretary"))
    for url in (f"/tickets/{HUGE}", f"/informes/{HUGE}", f"/tickets/{ticket.id}/adjuntos/{HUGE}",
                "/tickets/2147483648", f"/admin/unidades/{HUGE}/editar", f"/visitas/{HUGE}/3"):
        assert client.get(url).status_code == 404, url


def test_a_huge_page_number_is_clamped(client, login_as):
    unit = make_unit()
    make_ticket(make_category(unit=unit))
    login_as(make_user(role="unit", unit=unit))
    assert client.get(f"/tickets/bandeja?page={HUGE}").status_code == 200
    login_as(make_user(role="secretary"))
    assert client.get(f"/tickets/?page={HUGE}").status_code == 200


def test_a_20_digit_unit_id_on_the_intake_is_refused_in_spanish_and_stores_nothing(client,
                                                                                   login_as):
    login_as(make_user(role="frontdesk"))
    for field in ("unit_id", "category_id"):
        response = client.post("/tickets/nueva", data=_intake(make_category(), **{field: HUGE}))
        assert response.status_code == 200
        assert "Elija una opción de la lista." in response.get_data(as_text=True)
    assert _count(Ticket) == _count(TicketEvent) == 0


def test_a_20_digit_category_in_the_intakes_duplicate_lookup_finds_nothing(client, login_as):
    login_as(make_user(role="frontdesk"))
    response = client.get(f"/tickets/duplicados.json?categoria={HUGE}&colonia=Centro")
    assert response.status_code == 200 and response.json == []


@NO_LIMITS
def test_a_20_digit_category_on_the_public_complaint_is_refused_in_spanish(client):
    response = client.post("/denuncia", data=complaint_data(make_category(), category_id=HUGE))
    assert response.status_code == 200
    # DataRequired replaces the range error by the field's own message.
    assert "Seleccione el tema de su denuncia." in response.get_data(as_text=True)
    assert _count(Ticket) == 0


@NO_LIMITS
def test_a_nul_in_the_public_lookup_is_stripped_and_the_folio_still_found(client):
    ticket = make_ticket(channel="web", kind="denuncia")
    folio = ticket.folio[:3] + "\x00" + ticket.folio[3:]
    response = client.post("/consulta", data={"folio": folio, "code": ticket.lookup_code + "\x00"})
    assert response.status_code == 200
    assert ticket.folio in response.get_data(as_text=True)
    assert client.get("/consulta?folio=%00").status_code == 200


def test_a_nul_in_a_ticket_note_is_stripped_and_line_breaks_kept(client, login_as):
    unit = make_unit()
    ticket = make_ticket(make_category(unit=unit))
    login_as(make_user(role="unit", unit=unit))
    response = client.post(f"/tickets/{ticket.id}/notas",
                           data={"note": "Revisado\x00 hoy\x07.\r\nSigue\tpendiente."})
    assert response.status_code == 302
    note = db.session.scalar(select(TicketEvent.note).where(TicketEvent.note.like("Revisado%")))
    assert note == "Revisado hoy.\r\nSigue\tpendiente."


def test_a_nul_in_a_single_line_field_and_in_list_filters_is_stripped(client, login_as):
    login_as(make_user(role="admin"))
    response = client.post("/admin/unidades/nueva", data={
        "name": "Obras\x00 Públicas\n", "code": "OBR\x00AS", "active": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(Unit.name).where(Unit.code == "OBRAS")) == "Obras Públicas"
    login_as(make_user(role="secretary"))
    assert client.get("/tickets/?q=ab%00cd&colonia=%00").status_code == 200


def test_a_nul_in_an_open311_path_answers_a_georeport_400(client):
    response = client.get("/open311/v2/requests/%00.json")
    assert response.status_code == 400
    [error] = json.loads(response.get_data(as_text=True))
    assert error["code"] == 400 and "caracteres de control" in error["description"]
    response = client.get("/open311/v2/requests.xml?service_code=ab%00")
    assert response.status_code == 400 and b"<code>400</code>" in response.data


@pytest.mark.parametrize("error", [
    DataError("SELECT 1", {}, Exception("value out of range for type integer")),
    OverflowError("Python int too large to convert to SQLite INTEGER")])
def test_a_data_error_leaking_from_the_database_answers_a_spanish_400(client, login_as,
                                                                     monkeypatch, error):
    login_as(make_user(role="frontdesk"))
    units = _count(Unit)

    def leaking(_text):
        db.session.add(Unit(name="A medias", code="MEDIAS"))
        db.session.flush()
        raise error

    monkeypatch.setattr(ticket_queries, "suggest_citizens", leaking)
    response = client.get("/tickets/ciudadanos.json?q=ana")
    assert response.status_code == 400
    assert "Revise los datos e intente de nuevo." in response.get_data(as_text=True)
    assert _count(Unit) == units  # the half-done write was rolled back


def test_two_admins_saving_the_same_category_code_at_once_get_the_form_message(
        client, login_as, monkeypatch):
    make_category(code="bacheo", name="Bacheo")
    # The other admin's row is committed after our uniqueness check ran.
    monkeypatch.setattr(unit_services, "_check_unique", lambda *args, **kwargs: None)
    login_as(make_user(role="admin"))
    response = client.post("/admin/catalogo/nueva", data={
        "code": "bacheo", "name": "Baches", "default_unit_id": "0", "due_days": "10"})
    assert response.status_code == 200
    assert "Ya existe una categoría con esa clave." in response.get_data(as_text=True)
    assert _count(Category) == 1


def test_two_admins_saving_the_same_attribute_code_at_once_get_the_form_message(
        client, login_as, monkeypatch):
    category = make_category(code="bacheo", name="Bacheo")
    db.session.add(CategoryAttribute(category_id=category.id, code="tamano", datatype="string",
                                     description="¿Tamaño?", position=1, choices=[]))
    db.session.commit()
    monkeypatch.setattr(unit_services, "_check_attribute_code", lambda *args: None)
    login_as(make_user(role="admin"))
    response = client.post(f"/admin/catalogo/{category.id}/atributos/nuevo", data={
        "code": "tamano", "description": "¿De qué tamaño?", "datatype": "string",
        "position": "2"})
    assert response.status_code == 200
    assert "Esta categoría ya tiene un atributo con esa clave." in response.get_data(as_text=True)
    assert _count(CategoryAttribute) == 1
