"""Triage queue of web/API complaints for the secretary and the front desk."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.tickets import constants as c
from app.tickets import workflow
from app.tickets.models import TicketEvent
from app.timeutil import utcnow
from tests.factories import make_category, make_ticket, make_unit, make_user


def _web(category, **overrides):
    fields = {"channel": "web", "kind": "denuncia", "auto_channel": False}
    fields.update(overrides)
    return make_ticket(category, **fields)


@pytest.fixture
def queue(app):
    unit = make_unit(name="Alumbrado Público")
    category = make_category(unit=unit, name="Luminaria apagada")
    tickets = {
        "web": _web(category, description="Luminaria web"),
        "api": _web(category, channel="api", description="Luminaria api"),
        "desk": make_ticket(category, auto_channel=False, description="Luminaria ventanilla"),
        "channeled": _web(category, auto_channel=True, description="Ya canalizada"),
        "returned": _web(category, auto_channel=True, description="Devuelta por la unidad"),
    }
    staff = make_user(role="unit", unit=unit)
    workflow.transition(tickets["returned"], c.RETURNED, staff, now=utcnow(),
                        note="No es de nuestra competencia.")
    db.session.commit()
    return unit, category, tickets


@pytest.mark.parametrize("role", ["secretary", "frontdesk"])
def test_the_queue_lists_web_and_api_complaints_waiting_for_a_unit(client, login_as, queue, role):
    _unit, _category, tickets = queue
    html = login_as(make_user(role=role)).get("/tickets/denuncias-web").get_data(as_text=True)
    shown = {k for k, t in tickets.items() if f'data-folio="{t.folio}"' in html}
    assert shown == {"web", "api", "returned"}
    assert "Bandeja de denuncias web" in html  # nav entry and title
    assert html.index(tickets["web"].folio) < html.index(tickets["returned"].folio)  # oldest first


def test_channeling_from_the_queue_proposes_the_catalog_unit_and_comes_back(client, login_as, queue):
    unit, _category, tickets = queue
    ticket = tickets["web"]
    client = login_as(make_user(role="frontdesk"))
    html = client.get("/tickets/denuncias-web").get_data(as_text=True)
    assert f'<option value="{unit.id}" selected>' in html
    response = client.post(f"/tickets/{ticket.id}/estado", data={
        "to_status": c.CHANNELED, "unit_id": str(unit.id), "version": str(ticket.version),
        "next": "/tickets/denuncias-web", "public": "y"})
    assert response.headers["Location"].endswith("/tickets/denuncias-web")
    db.session.expire_all()
    assert (ticket.status, ticket.unit_id) == (c.CHANNELED, unit.id)
    assert f'data-folio="{ticket.folio}"' not in client.get("/tickets/denuncias-web").get_data(as_text=True)


def test_an_outside_next_url_is_ignored(client, login_as, queue):
    unit, _category, tickets = queue
    ticket = tickets["api"]
    response = login_as(make_user(role="secretary")).post(f"/tickets/{ticket.id}/estado", data={
        "to_status": c.CHANNELED, "unit_id": str(unit.id), "next": "https://evil.example/x"})
    assert response.headers["Location"].endswith(f"/tickets/{ticket.id}")


def test_closing_as_improcedente_needs_a_reason(client, login_as, queue):
    _unit, _category, tickets = queue
    ticket = tickets["web"]
    client = login_as(make_user(role="secretary"))
    client.post(f"/tickets/{ticket.id}/estado", data={
        "to_status": c.REJECTED, "note": "", "next": "/tickets/denuncias-web"})
    db.session.expire_all()
    assert ticket.status == c.RECEIVED
    client.post(f"/tickets/{ticket.id}/estado", data={
        "to_status": c.REJECTED, "note": "Es un asunto federal.", "next": "/tickets/denuncias-web"})
    db.session.expire_all()
    assert ticket.status == c.REJECTED and ticket.closed_at is not None


def test_closing_as_duplicate_links_the_original_folio_with_a_reason(client, login_as, queue):
    _unit, _category, tickets = queue
    copy, original = tickets["web"], tickets["channeled"]
    client = login_as(make_user(role="frontdesk"))
    client.post(f"/tickets/{copy.id}/estado", data={
        "to_status": c.DUPLICATE, "duplicate_folio": original.folio, "note": "",
        "next": "/tickets/denuncias-web"})
    db.session.expire_all()
    assert copy.status == c.RECEIVED  # no reason: refused
    response = client.post(f"/tickets/{copy.id}/estado", data={
        "to_status": c.DUPLICATE, "duplicate_folio": original.folio.lower(),
        "note": "Misma luminaria reportada ayer.", "next": "/tickets/denuncias-web"})
    assert response.headers["Location"].endswith("/tickets/denuncias-web")
    db.session.expire_all()
    assert (copy.status, copy.duplicate_of_id) == (c.DUPLICATE, original.id)
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == copy.id)
                              .order_by(TicketEvent.id.desc()))
    assert event.note == "Misma luminaria reportada ayer."


def test_the_queue_page_runs_a_bounded_number_of_queries(client, login_as, queue, count_queries):
    _unit, category, _tickets = queue
    for n in range(30):
        _web(category, description=f"Denuncia {n}")
    client = login_as(make_user(role="secretary"))
    with count_queries() as statements:
        assert client.get("/tickets/denuncias-web").status_code == 200
    assert len(statements) <= 6, statements


def test_the_queue_and_the_ticket_page_write_the_same_status_forms(client, login_as, queue):
    import re

    from flask import url_for

    from app.tickets.presenters import RowUrl

    _unit, _category, tickets = queue
    ticket = tickets["web"]
    client = login_as(make_user(role="secretary"))
    queue_html = client.get("/tickets/denuncias-web").get_data(as_text=True)
    detail_html = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    action = f'action="/tickets/{ticket.id}/estado"'
    for target in c.DESK_ACTIONS:  # one partial: the same fields in the same order on both pages
        shapes = []
        for html in (queue_html, detail_html):
            form = re.search(rf'<form method="post" {action}[^>]*>((?:(?!</form>).)*?value="{target}".*?)</form>',
                             html, re.S).group(1)
            shapes.append(re.findall(r'name="(\w+)"', form))
        assert [n for n in shapes[0] if n != "next"] == shapes[1]
    assert f'<a href="/tickets/{ticket.id}">{ticket.folio}</a>' in queue_html
    with client.application.test_request_context():
        for ticket_id in (1, 7, 2026, 99999):
            assert RowUrl("tickets.transition")(ticket_id) == url_for("tickets.transition",
                                                                      ticket_id=ticket_id)
