"""Ticket screens per role: intake, actions, isolation, stale forms, receipt, list, inbox, export."""
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.citizens.models import Citizen
from app.extensions import db
from app.tickets import constants as c
from app.tickets.models import Attachment, Ticket, TicketEvent
from tests.factories import PNG_BYTES, make_category, make_ticket, make_unit, make_user


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _intake(category, **overrides):
    data = {"citizen_name": "José Ángel Muñoz", "citizen_phone": "(493) 111-2233",
            "citizen_email": "jose@example.com", "citizen_colonia": "Centro",
            "citizen_localidad": "Fresnillo", "channel": "presencial", "kind": "reporte",
            "category_id": str(category.id), "unit_id": "0",
            "description": "Fuga de agua en la esquina.", "address": "Juárez 12",
            "colonia": "Centro", "localidad": "Fresnillo"}
    data.update(overrides)
    return data


@pytest.fixture
def desk(login_as):
    user = make_user(role="frontdesk")
    login_as(user)
    return user


def test_front_desk_opens_a_ticket_channeled_to_the_proposed_unit(client, desk):
    unit = make_unit(name="Agua Potable")
    category = make_category(unit=unit, name="Fuga de agua potable")
    response = client.post("/tickets/nueva", data=_intake(category))
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket))
    assert response.headers["Location"].endswith(f"/tickets/{ticket.id}")
    assert (ticket.status, ticket.unit_id, ticket.creator_id) == (c.CHANNELED, unit.id, desk.id)
    assert ticket.citizen.phone == "4931112233" and ticket.folio.startswith("AC-")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ticket.folio in page and "Agua Potable" in page and "Imprimir acuse" in page


def test_front_desk_may_choose_another_unit_than_the_catalogs(client, desk):
    category, other = make_category(), make_unit()
    client.post("/tickets/nueva", data=_intake(category, unit_id=str(other.id)))
    assert db.session.scalar(select(Ticket.unit_id)) == other.id


@pytest.mark.parametrize("overrides,message", [
    ({"citizen_name": ""}, "Este campo es obligatorio."),
    ({"citizen_phone": "12"}, "El teléfono debe tener 10 dígitos."),
    ({"citizen_email": "no-es-correo"}, "Correo electrónico no válido."),
    ({"description": ""}, "Este campo es obligatorio."),
    ({"category_id": "999999"}, "Seleccione una categoría válida del catálogo."),
    ({"category_id": "0"}, "Seleccione una categoría válida del catálogo."),
    ({"unit_id": "999999"}, "Seleccione una unidad válida."),
    ({"channel": "web"}, "Opción inválida."),
    ({"duplicate_of": "AC-2026-999999"}, "No existe el folio"),
])
def test_bad_intake_input_is_explained_and_nothing_is_stored(client, desk, overrides, message):
    response = client.post("/tickets/nueva", data=_intake(make_category(), **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(Ticket) == _count(Citizen) == _count(TicketEvent) == 0


def test_intake_with_attachments_checks_their_content(client, desk, app):
    category = make_category()
    data = _intake(category)
    data["attachments"] = [(io.BytesIO(PNG_BYTES), "foto.png"), (io.BytesIO(b"MZ..."), "virus.png")]
    response = client.post("/tickets/nueva", data=data, content_type="multipart/form-data")
    assert "no es válido: solo se aceptan" in response.get_data(as_text=True)
    assert _count(Ticket) == _count(Attachment) == 0
    data = _intake(category)
    data["attachments"] = [(io.BytesIO(PNG_BYTES), "foto.png")]
    client.post("/tickets/nueva", data=data, content_type="multipart/form-data")
    assert _count(Attachment) == 1


def test_one_visit_opens_several_requests_for_the_same_citizen(client, desk):
    category = make_category()
    client.post("/tickets/nueva", data=_intake(category))
    citizen = db.session.scalar(select(Citizen))
    page = client.get(f"/tickets/nueva?ciudadano={citizen.id}").get_data(as_text=True)
    assert 'value="José Ángel Muñoz"' in page and 'value="4931112233"' in page
    client.post("/tickets/nueva", data=_intake(category, citizen_id=str(citizen.id),
                                               description="Otra solicitud."))
    assert _count(Ticket) == 2 and _count(Citizen) == 1
    assert client.get("/tickets/nueva?ciudadano=abc").status_code == 200


def test_typing_a_phone_or_name_offers_citizens_on_file(client, desk):
    make_ticket(citizen_data={"name": "Rosa Elena Gámez", "phone": "4935550001"})
    by_phone = client.get("/tickets/ciudadanos.json?q=493555").get_json()
    by_name = client.get("/tickets/ciudadanos.json?q=rosa ele").get_json()
    assert by_phone[0]["name"] == by_name[0]["name"] == "Rosa Elena Gámez"
    assert client.get("/tickets/ciudadanos.json?q=zzz").get_json() == []
    assert client.get("/tickets/ciudadanos.json?q=%25").get_json() == []


def test_possible_duplicates_are_offered_and_can_be_linked(client, desk):
    category = make_category()
    old = make_ticket(category, colonia="Las Flores", now=datetime.now(timezone.utc) - timedelta(days=40))
    recent = make_ticket(category, colonia="las flores")
    make_ticket(make_category(), colonia="Las Flores")  # other category
    rows = client.get(f"/tickets/duplicados.json?categoria={category.id}&colonia=Las Flores").get_json()
    assert [r["folio"] for r in rows] == [recent.folio]
    assert old.folio not in str(rows)
    client.post("/tickets/nueva", data=_intake(category, colonia="Las Flores",
                                               duplicate_of=recent.folio.lower()))
    new = db.session.scalar(select(Ticket).order_by(Ticket.id.desc()))
    assert (new.status, new.duplicate_of_id) == (c.DUPLICATE, recent.id)


def _post_transition(client, ticket, to_status, **data):
    db.session.refresh(ticket)
    payload = {"to_status": to_status, "version": str(ticket.version), **data}
    return client.post(f"/tickets/{ticket.id}/estado", data=payload, follow_redirects=True)


def test_whole_life_cycle_across_roles_with_history(client, login_as):
    unit, other = make_unit(name="Obras Públicas"), make_unit(name="Servicios Públicos")
    ticket = make_ticket(make_category(unit=other))
    login_as(make_user(role="secretary"))
    _post_transition(client, ticket, c.CHANNELED, unit_id=str(unit.id), note="Es bacheo.")
    staff = make_user(role="unit", unit=unit)
    login_as(staff)
    _post_transition(client, ticket, c.IN_PROGRESS)
    _post_transition(client, ticket, c.WAITING_CITIZEN, note="Necesitamos foto.", public="y")
    _post_transition(client, ticket, c.IN_PROGRESS)
    client.post(f"/tickets/{ticket.id}/notas", data={"note": "Cuadrilla asignada."})
    page = _post_transition(client, ticket, c.RESOLVED, note="Se reparó el bache.", public="y")
    assert "Estado actualizado: Atendida." in page.get_data(as_text=True)
    login_as(make_user(role="frontdesk"))
    _post_transition(client, ticket, c.CLOSED, note="El ciudadano confirmó por teléfono.")
    db.session.refresh(ticket)
    assert ticket.status == c.CLOSED
    events = list(db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                                     .order_by(TicketEvent.id)))
    assert [e.status_to for e in events] == [
        c.RECEIVED, c.CHANNELED, c.CHANNELED, c.IN_PROGRESS, c.WAITING_CITIZEN, c.IN_PROGRESS,
        c.IN_PROGRESS, c.RESOLVED, c.CLOSED]
    assert events[6].type == c.EVENT_NOTE and events[6].public is False
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert "Se reparó el bache." in page and "Cuadrilla asignada." in page
    assert 'data-testid="resolution-time"' in page


@pytest.mark.parametrize("to_status,data,message", [
    (c.RESOLVED, {}, "Escriba la nota de resolución."),
    (c.RETURNED, {"note": " "}, "Indique el motivo de la devolución."),
    (c.REJECTED, {}, "No se puede pasar de «En proceso» a «Improcedente» con su rol."),
    (c.CLOSED, {"note": "x"}, "No se puede pasar"),
    ("inventado", {}, "Estado desconocido."),
])
def test_unit_staff_illegal_or_incomplete_actions_are_refused(client, login_as, to_status, data,
                                                              message):
    unit = make_unit()
    ticket = make_ticket(make_category(unit=unit))
    login_as(make_user(role="unit", unit=unit))
    _post_transition(client, ticket, c.IN_PROGRESS)
    events = _count(TicketEvent)
    page = _post_transition(client, ticket, to_status, **data).get_data(as_text=True)
    assert message in page
    db.session.refresh(ticket)
    assert ticket.status == c.IN_PROGRESS and _count(TicketEvent) == events


def test_reopening_an_open_ticket_or_channeling_to_an_unknown_unit_is_refused(client, login_as):
    ticket = make_ticket()
    login_as(make_user(role="secretary"))
    page = _post_transition(client, ticket, c.CHANNELED, unit_id="999999").get_data(as_text=True)
    assert "Seleccione una unidad válida." in page
    page = _post_transition(client, ticket, c.CHANNELED, unit_id=str(ticket.unit_id)).get_data(as_text=True)
    assert "ya está canalizado a esa unidad" in page


def test_a_stale_form_gets_a_clear_message_and_changes_nothing(client, login_as):
    unit = make_unit()
    ticket = make_ticket(make_category(unit=unit))
    login_as(make_user(role="unit", unit=unit))
    stale_version = str(ticket.version)
    _post_transition(client, ticket, c.IN_PROGRESS)
    events = _count(TicketEvent)
    page = client.post(f"/tickets/{ticket.id}/estado", follow_redirects=True, data={
        "to_status": c.RETURNED, "version": stale_version, "note": "No es nuestro."})
    assert "Otra persona modificó este ticket" in page.get_data(as_text=True)
    db.session.refresh(ticket)
    assert ticket.status == c.IN_PROGRESS and _count(TicketEvent) == events


def _isolation_requests(ticket, attachment):
    base = f"/tickets/{ticket.id}"
    return [
        ("GET", base, None), ("GET", f"{base}/acuse.pdf", None),
        ("GET", f"{base}/adjuntos/{attachment.id}", None),
        ("POST", f"{base}/estado", {"to_status": c.IN_PROGRESS, "version": str(ticket.version)}),
        ("POST", f"{base}/notas", {"note": "Intento", "public": "y"}),
        ("POST", f"{base}/adjuntos", {"file": (io.BytesIO(PNG_BYTES), "x.png")}),
    ]


def test_unit_staff_get_404_on_every_route_of_another_units_ticket(client, login_as, app):
    from werkzeug.datastructures import FileStorage

    from app.tickets.services import add_attachment
    from app.timeutil import utcnow

    theirs = make_unit()
    ticket = make_ticket(make_category(unit=theirs))
    attachment = add_attachment(ticket, FileStorage(io.BytesIO(PNG_BYTES), filename="a.png"),
                                None, now=utcnow())
    db.session.commit()
    login_as(make_user(role="unit", unit=make_unit()))
    before = (_count(TicketEvent), _count(Attachment), ticket.status, ticket.version)
    for method, url, data in _isolation_requests(ticket, attachment):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 404, url
    db.session.expire_all()
    ticket = db.session.get(Ticket, ticket.id)
    assert (_count(TicketEvent), _count(Attachment), ticket.status, ticket.version) == before
    # Another unit's attachment id under one's own ticket is not served either.
    mine = make_ticket(make_category(unit=make_unit()))
    staff = make_user(role="unit", unit=mine.unit)
    login_as(staff)
    assert client.get(f"/tickets/{mine.id}/adjuntos/{attachment.id}").status_code == 404
    assert client.get("/tickets/abc").status_code == 404


def test_unit_inbox_lists_only_the_units_tickets_in_tabs_with_counts(client, login_as):
    unit, other = make_unit(), make_unit()
    category = make_category(unit=unit, due_days=1)
    old = datetime.now(timezone.utc) - timedelta(days=20)
    late = make_ticket(category, now=old, description="Vencido")
    fresh = make_ticket(category, description="Nuevo")
    taken = make_ticket(category, description="Tomado")
    foreign = make_ticket(make_category(unit=other), description="Ajeno")
    staff = make_user(role="unit", unit=unit)
    login_as(staff)
    _post_transition(client, taken, c.IN_PROGRESS)
    page = client.get("/tickets/bandeja").get_data(as_text=True)
    assert late.folio in page and fresh.folio in page and taken.folio not in page
    assert foreign.folio not in page
    assert page.index(late.folio) < page.index(fresh.folio)  # sorted by due date
    vencidos = client.get("/tickets/bandeja?tab=vencidos").get_data(as_text=True)
    assert late.folio in vencidos and fresh.folio not in vencidos
    en_proceso = client.get("/tickets/bandeja?tab=en_proceso").get_data(as_text=True)
    assert taken.folio in en_proceso
    from app.tickets.queries import count_inbox_tabs
    assert count_inbox_tabs(staff, date.today()) == {"nuevos": 2, "en_proceso": 1,
                                                     "vencidos": 1, "por_vencer": 2,
                                                     "cerrados": 0}
    soon = client.get("/tickets/bandeja?tab=por_vencer").get_data(as_text=True)
    assert fresh.folio in soon and taken.folio in soon and late.folio not in soon
    assert client.get("/tickets/bandeja?tab=raro&page=x").status_code == 200


def test_the_receipt_pdf_holds_the_folio_the_unit_and_the_lookup_code(client, desk):
    unit = make_unit(name="Dirección de Obras Públicas")
    ticket = make_ticket(make_category(unit=unit),
                         citizen_data={"name": "Ramón Núñez Ávila", "phone": "4930001111"})
    response = client.get(f"/tickets/{ticket.id}/acuse.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert ticket.folio in text and "Dirección de Obras Públicas" in text
    assert ticket.lookup_code in text and "Ramón Núñez Ávila" in text
    assert "Acuse de recibo" in text


def test_attachments_are_served_only_through_the_ticket(client, login_as, app):
    unit = make_unit()
    ticket = make_ticket(make_category(unit=unit))
    staff = make_user(role="unit", unit=unit)
    login_as(staff)
    client.post(f"/tickets/{ticket.id}/adjuntos", data={"file": (io.BytesIO(PNG_BYTES), "ev.png")},
                content_type="multipart/form-data")
    row = db.session.scalar(select(Attachment))
    response = client.get(f"/tickets/{ticket.id}/adjuntos/{row.id}")
    assert response.status_code == 200 and response.data == PNG_BYTES
    assert response.mimetype == "image/png"
    assert client.get(f"/static/{row.stored_name}").status_code == 404
    page = client.post(f"/tickets/{ticket.id}/adjuntos", follow_redirects=True,
                       data={"file": (io.BytesIO(b"texto"), "a.pdf")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "solo se aceptan" in page and _count(Attachment) == 1


def _action_form(page: str, target: str) -> str:
    start = page.index(f'data-testid="action-{target}"')
    return page[start:page.index("</details>", start)]


def test_internal_notes_start_unticked_and_citizen_notes_say_the_citizen_will_see_them(
        client, login_as):
    unit = make_unit()
    ticket = make_ticket(make_category(unit=unit))
    login_as(make_user(role="unit", unit=unit))
    _post_transition(client, ticket, c.IN_PROGRESS)
    page = client.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    for target in (c.RETURNED, c.WAITING_CITIZEN, c.RESOLVED):
        form = _action_form(page, target)
        if c.STATUS_FACTS[target].citizen_told:
            assert c.CITIZEN_TOLD in form and 'type="checkbox"' not in form
            assert '<input type="hidden" name="public" value="y">' in form
        else:
            assert "Visible para el ciudadano" in form and c.CITIZEN_TOLD not in form
            assert 'type="checkbox" name="public"' in form and "checked" not in form
    assert c.CITIZEN_TOLD not in _action_form(
        client.get(f"/tickets/{make_ticket(make_category(unit=unit)).id}").get_data(as_text=True),
        c.IN_PROGRESS)
    # The form as sent (box left unticked): the reason for returning it stays internal.
    _post_transition(client, ticket, c.RETURNED, note="El regidor pidió no atenderlo.")
    event = db.session.scalar(select(TicketEvent).order_by(TicketEvent.id.desc()))
    assert (event.status_to, event.public) == (c.RETURNED, False)
    lookup = client.post("/consulta", data={"folio": ticket.folio, "code": ticket.lookup_code})
    assert ticket.folio in lookup.get_data(as_text=True)
    assert "El regidor pidió no atenderlo." not in lookup.get_data(as_text=True)


def test_after_an_edit_conflict_the_panel_stays_open_with_the_resolution_note(client, login_as):
    unit = make_unit()
    ticket = make_ticket(make_category(unit=unit))
    login_as(make_user(role="unit", unit=unit))
    stale_version = str(ticket.version)
    _post_transition(client, ticket, c.IN_PROGRESS)
    response = client.post(f"/tickets/{ticket.id}/estado", data={
        "to_status": c.RESOLVED, "version": stale_version, "note": "Se reparó la fuga <el martes>."})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    panel = page.split(f'data-testid="action-{c.RESOLVED}"')[1].split("</details>")[0]
    assert panel.lstrip().startswith("open") and "Otra persona modificó este ticket" in panel
    assert "Se reparó la fuga &lt;el martes&gt;.</textarea>" in panel
    db.session.refresh(ticket)
    assert f'name="version" value="{ticket.version}"' in panel  # the retry is up to date


def test_a_failed_note_or_file_keeps_the_text_and_says_to_choose_the_file_again(client, login_as):
    unit = make_unit()
    ticket = make_ticket(make_category(unit=unit))
    login_as(make_user(role="unit", unit=unit))
    page = client.post(f"/tickets/{ticket.id}/notas", data={"note": "x" * (c.MAX_NOTE_CHARS + 1)}
                       ).get_data(as_text=True)
    assert 'data-testid="error-summary"' in page and 'href="#note"' in page
    assert "x" * (c.MAX_NOTE_CHARS + 1) in page
    page = client.post(f"/tickets/{ticket.id}/adjuntos", data={
        "file": (io.BytesIO(b"MZ not a picture"), "virus.exe")}).get_data(as_text=True)
    assert 'data-testid="error-summary"' in page and 'href="#file"' in page
    assert 'data-testid="choose-again"' in page
    assert _count(Attachment) == 0
