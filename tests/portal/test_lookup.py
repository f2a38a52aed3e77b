"""Status lookup by folio + code, the citizen's answer once resolved, and no leaks."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.tickets import constants as c
from app.tickets import services as ticket_services
from app.tickets import workflow
from app.tickets.models import TicketEvent, TicketFeedback
from app.timeutil import utcnow
from tests.factories import make_category, make_ticket, make_unit, make_user

NOT_FOUND = "No encontramos una solicitud con ese folio y código de consulta."


def _lookup(client, folio, code):
    return client.post("/consulta", data={"folio": folio, "code": code})


def _resolved_web_ticket():
    unit = make_unit(name="Obras Públicas")
    staff = make_user(role="unit", unit=unit, name="Juan Pérez Interno")
    ticket = make_ticket(make_category(unit=unit), channel="web", kind="denuncia")
    workflow.transition(ticket, c.IN_PROGRESS, staff, now=utcnow(), note="Cuadrilla asignada.")
    workflow.transition(ticket, c.RESOLVED, staff, now=utcnow(), note="Bache tapado.")
    db.session.commit()
    return ticket, staff


def test_lookup_shows_status_unit_and_public_updates_only(client):
    unit = make_unit(name="Servicios Públicos Municipales")
    staff = make_user(role="unit", unit=unit, name="Rigoberto Secreto")
    ticket = make_ticket(make_category(unit=unit), channel="web", kind="denuncia",
                         description="Descripción privada del ciudadano",
                         citizen_data={"name": "María Ciudadana", "phone": "4939876543",
                                       "email": "maria@example.com"})
    other = make_ticket(make_category(unit=unit), description="Otra denuncia ajena",
                        citizen_data={"name": "Pedro Vecino", "phone": "4930000000"})
    ticket_services.add_note(ticket, staff, "Nota interna: el regidor llamó.", public=False,
                             now=utcnow())
    ticket_services.add_note(ticket, staff, "Programamos la reparación para el lunes.",
                             public=True, now=utcnow())
    db.session.commit()

    response = _lookup(client, ticket.folio.lower(), f" {ticket.lookup_code.lower()} ")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ticket.folio in html and "Canalizada" in html and unit.name in html
    assert "Programamos la reparación para el lunes." in html
    assert "Descripción privada del ciudadano" in html  # their own words, behind their code
    for secret in ("Nota interna", "Rigoberto Secreto", staff.username, "María Ciudadana",
                   "4939876543", "maria@example.com", other.folio,
                   "Pedro Vecino", "Otra denuncia ajena"):
        assert secret not in html, secret
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("folio_of,code_of", [
    ("ticket", "wrong"), ("unknown", "ticket"), ("other", "ticket"), ("garbage", "garbage")])
def test_a_wrong_folio_or_code_gets_one_generic_message(client, folio_of, code_of):
    ticket = make_ticket(channel="web", kind="denuncia")
    other = make_ticket(channel="web", kind="denuncia")
    folios = {"ticket": ticket.folio, "unknown": "DW-2026-999999", "other": other.folio,
              "garbage": "<b>x' OR 1=1--"}
    codes = {"ticket": ticket.lookup_code, "wrong": "AAAAAAAA", "garbage": "%%%"}
    html = _lookup(client, folios[folio_of], codes[code_of]).get_data(as_text=True)
    assert NOT_FOUND in html
    assert ticket.folio not in html.replace(folios[folio_of], "") or folio_of == "ticket"
    assert "Canalizada" not in html and other.folio not in html.replace(folios[folio_of], "")


def test_empty_lookup_fields_get_errors_next_to_them(client):
    html = client.post("/consulta", data={}).get_data(as_text=True)
    assert 'id="folio-errors"' in html and 'id="code-errors"' in html


def test_the_lookup_link_of_the_mails_prefills_the_folio(client):
    html = client.get("/consulta?folio=DW-2026-000042").get_data(as_text=True)
    assert 'value="DW-2026-000042"' in html


@pytest.mark.config(PORTAL_LOOKUP_RATE_LIMIT="3 per minute")
def test_lookups_are_rate_limited_per_ip(client):
    ticket = make_ticket()
    for _ in range(3):
        assert NOT_FOUND in _lookup(client, ticket.folio, "AAAAAAAA").get_data(as_text=True)
    response = _lookup(client, ticket.folio, ticket.lookup_code)
    assert response.status_code == 429 and ticket.folio not in response.get_data(as_text=True)


def test_a_resolved_ticket_asks_for_feedback_and_yes_closes_it(client):
    ticket, _staff = _resolved_web_ticket()
    html = _lookup(client, ticket.folio, ticket.lookup_code).get_data(as_text=True)
    assert "¿Quedó resuelto su asunto?" in html and 'name="rating"' in html
    response = client.post("/consulta/respuesta", data={
        "folio": ticket.folio, "code": ticket.lookup_code, "version": str(ticket.version),
        "solved": "si", "rating": "5", "comment": "Muy rápido, gracias."})
    assert "Gracias por su respuesta" in response.get_data(as_text=True)
    db.session.expire_all()
    assert ticket.status == c.CLOSED
    feedback = db.session.scalar(select(TicketFeedback))
    assert (feedback.solved, feedback.rating, feedback.comment, feedback.unit_id) == (
        True, 5, "Muy rápido, gracias.", ticket.unit_id)
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                              .order_by(TicketEvent.id.desc()))
    assert (event.actor_id, event.actor_label, event.status_to) == (None, "Ciudadano", c.CLOSED)


def test_no_reopens_the_ticket_for_its_unit_with_the_comment_in_the_history(client, login_as):
    ticket, staff = _resolved_web_ticket()
    response = client.post("/consulta/respuesta", data={
        "folio": ticket.folio, "code": ticket.lookup_code, "version": str(ticket.version),
        "solved": "no", "rating": "2", "comment": "El bache sigue ahí."})
    assert "Gracias por su respuesta" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (ticket.status, ticket.unit_id, ticket.resolved_at) == (c.IN_PROGRESS, staff.unit_id, None)
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                              .order_by(TicketEvent.id.desc()))
    assert (event.status_from, event.status_to, event.actor_id, event.actor_label) == (
        c.RESOLVED, c.IN_PROGRESS, None, "Ciudadano")
    assert "El bache sigue ahí." in event.note
    assert db.session.scalar(select(TicketFeedback)).solved is False
    inbox = login_as(staff).get("/tickets/bandeja?tab=en_proceso").get_data(as_text=True)
    assert ticket.folio in inbox


@pytest.mark.parametrize("data,field", [
    ({"rating": "4"}, "solved"), ({"solved": "si"}, "rating"),
    ({"solved": "si", "rating": "9"}, "rating"), ({"solved": "no", "rating": "0"}, "rating"),
])
def test_incomplete_feedback_is_refused_next_to_its_field(client, data, field):
    ticket, _staff = _resolved_web_ticket()
    response = client.post("/consulta/respuesta", data={
        "folio": ticket.folio, "code": ticket.lookup_code, **data})
    assert f'id="{field}-errors"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert ticket.status == c.RESOLVED and db.session.scalar(select(TicketFeedback)) is None


def test_feedback_needs_the_right_code_and_a_resolved_ticket(client):
    ticket, _staff = _resolved_web_ticket()
    wrong = client.post("/consulta/respuesta", data={
        "folio": ticket.folio, "code": "AAAAAAAA", "solved": "si", "rating": "5"})
    assert NOT_FOUND in wrong.get_data(as_text=True)
    open_ticket = make_ticket()
    html = client.post("/consulta/respuesta", data={
        "folio": open_ticket.folio, "code": open_ticket.lookup_code, "solved": "si",
        "rating": "5"}).get_data(as_text=True)
    assert "ya no espera su respuesta" in html
    db.session.expire_all()
    assert open_ticket.status == c.CHANNELED and db.session.scalar(select(TicketFeedback)) is None


def test_an_answer_sent_twice_is_stored_once(client):
    ticket, _staff = _resolved_web_ticket()
    data = {"folio": ticket.folio, "code": ticket.lookup_code, "version": str(ticket.version),
            "solved": "si", "rating": "4"}
    client.post("/consulta/respuesta", data=data)
    again = client.post("/consulta/respuesta", data=data).get_data(as_text=True)
    assert "ya no espera su respuesta" in again
    assert len(db.session.scalars(select(TicketFeedback)).all()) == 1
