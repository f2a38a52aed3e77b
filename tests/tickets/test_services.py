"""Intake, citizens, notes and attachments through the services."""
import io
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app.citizens.models import Citizen
from app.extensions import db
from app.tickets import constants as c
from app.tickets import services
from app.tickets.files import sniff
from app.tickets.folios import get_counter_value
from app.tickets.models import Attachment, Ticket, TicketEvent
from app.tickets.workflow import WorkflowError
from app.validators import ValidationError
from tests.factories import (PNG_BYTES, make_category, make_ticket, make_unit, make_user,
                             ticket_arguments)

NOW = datetime(2026, 11, 20, 17, 0, tzinfo=timezone.utc)
CITIZEN = {"name": "María Guadalupe Ríos", "phone": "493 123 4567", "email": "maria@example.com",
           "colonia": "Centro", "localidad": "Fresnillo"}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _create(**overrides):
    fields = dict(channel="presencial", kind="queja", category=make_category(),
                  description="Bache profundo frente al número 20.", now=NOW,
                  creator=make_user(role="frontdesk"), citizen_data=dict(CITIZEN),
                  colonia="Centro")
    fields.update(overrides)
    data, options = ticket_arguments(**fields)
    return services.create_ticket(data, **options)


def test_a_desk_ticket_gets_a_sequential_attention_folio_a_lookup_code_and_its_unit(app):
    unit = make_unit(name="Obras Públicas")
    category = make_category(unit=unit, due_days=5)
    first = _create(category=category)
    second = _create(category=category)
    db.session.commit()
    assert (first.folio, second.folio) == ("AC-2026-000001", "AC-2026-000002")
    assert len(first.lookup_code) == 8 and first.lookup_code != second.lookup_code
    assert (first.status, first.unit_id, first.channeled_at) == (c.CHANNELED, unit.id, NOW)
    assert first.due_date is not None
    assert first.citizen.phone == "4931234567" and first.citizen_id == second.citizen_id


def test_web_and_api_tickets_get_the_complaint_prefix(app):
    web = _create(channel="web", kind="denuncia", creator=None, actor_label=c.ACTOR_CITIZEN,
                  citizen_data=None)
    api = _create(channel="api", kind="reporte", creator=None, actor_label=c.ACTOR_API,
                  citizen_data=None)
    assert web.folio == "DW-2026-000001" and api.folio == "DW-2026-000002"
    created = db.session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == web.id)
                                .order_by(TicketEvent.id))
    assert (created.actor_id, created.actor_label) == (None, "Ciudadano")


def test_a_category_without_unit_leaves_the_ticket_received_for_triage(app):
    category = make_category(unit=make_unit())
    category.default_unit = None
    ticket = _create(category=category)
    assert ticket.status == c.RECEIVED and ticket.unit_id is None and ticket.due_date is None


def test_the_folio_year_is_the_local_year(app):
    # 31 Dec 2026 22:00 in Fresnillo is already 2027 in UTC.
    ticket = _create(now=datetime(2027, 1, 1, 4, 0, tzinfo=timezone.utc))
    assert ticket.folio == "AC-2026-000001"


@pytest.mark.parametrize("overrides,message", [
    ({"channel": "fax"}, "canal válido"),
    ({"kind": "otro"}, "tipo de solicitud válido"),
    ({"category": 999999}, "categoría válida"),
    ({"category": "abc"}, "categoría válida"),
    ({"unit": 999999}, "unidad válida"),
    ({"description": "   "}, "descripción es obligatoria"),
    ({"description": "x" * 5001}, "Máximo 5000"),
    ({"citizen_data": {"name": "", "phone": "4931234567"}}, "nombre del ciudadano"),
    ({"citizen_data": {"name": "Ana", "phone": "12345"}}, "10 dígitos"),
    ({"citizen_data": {"name": "Ana", "phone": "4931234567", "email": "ana@"}}, "Correo"),
    ({"citizen_data": {"name": "Ana", "id": "999999"}}, "no existe"),
    ({"latitude": "91"}, "Coordenada"),
    ({"longitude": "abc"}, "Coordenada"),
])
def test_bad_input_is_refused_in_spanish_and_stores_nothing(app, overrides, message):
    category = make_category()
    with pytest.raises(ValidationError, match=message):
        _create(**{"category": category, **overrides})
    db.session.rollback()
    assert _count(Ticket) == _count(Citizen) == _count(TicketEvent) == 0
    assert get_counter_value("AC", 2026) == 0


def test_an_inactive_category_or_unit_is_refused(app):
    unit = make_unit(active=False)
    with pytest.raises(ValidationError, match="unidad válida"):
        _create(unit=unit.id)
    with pytest.raises(ValidationError, match="categoría válida"):
        _create(category=make_category(active=False))


def test_the_citizen_on_file_is_reused_by_id_or_by_phone_and_name(app):
    ticket = _create()
    db.session.commit()
    by_phone = _create(citizen_data={"name": "maria guadalupe rios", "phone": "4931234567"})
    by_id = _create(citizen_data={"id": ticket.citizen_id, "name": "María G. Ríos",
                                  "phone": "4939999999"})
    other = _create(citizen_data={"name": "Pedro Ruiz", "phone": "4931234567"})
    assert by_phone.citizen_id == by_id.citizen_id == ticket.citizen_id
    assert other.citizen_id != ticket.citizen_id
    assert ticket.citizen.phone == "4939999999"  # what was typed now updates the file


def test_linking_a_duplicate_at_intake_closes_the_new_folio_as_duplicada(app):
    original = _create()
    copy = _create(duplicate_of=original)
    assert copy.status == c.DUPLICATE and copy.duplicate_of_id == original.id
    assert services.resolve_folio(original.folio.lower()) == original
    with pytest.raises(ValidationError, match="No existe el folio"):
        services.resolve_folio("AC-2026-999999")


def _upload(data: bytes, name="evidencia.png"):
    return FileStorage(io.BytesIO(data), filename=name)


@pytest.mark.parametrize("data,expected", [
    (PNG_BYTES, "image/png"),
    (b"\xff\xd8\xff\xe0" + b"0" * 20, "image/jpeg"),
    (b"GIF89a" + b"0" * 20, "image/gif"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"0" * 20, "image/webp"),
    (b"%PDF-1.7\n" + b"0" * 20, "application/pdf"),
    (b"<html><script>alert(1)</script>", None),
    (b"MZ\x90\x00 executable", None),
])
def test_attachment_type_is_read_from_the_content(data, expected):
    result = sniff(data)
    assert (result[0] if result else None) == expected


def test_attachments_are_stored_outside_static_under_random_names(app):
    ticket = _create(uploads=[_upload(PNG_BYTES, "../../etc/passwd.png")])
    db.session.commit()
    row = db.session.scalar(select(Attachment))
    stored = Path(app.config["UPLOAD_DIR"]) / row.stored_name
    assert stored.read_bytes() == PNG_BYTES
    assert row.original_name == "passwd.png" and row.stored_name != row.original_name
    assert "static" not in str(stored) and row.ticket_id == ticket.id
    assert row.content_type == "image/png" and row.size == len(PNG_BYTES)


@pytest.mark.parametrize("data,name,message", [
    (b"plain text pretending", "foto.png", "solo se aceptan"),
    (b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024), "grande.jpg", "10 MB"),
    (b"", "vacio.pdf", "vacío"),
])
def test_a_bad_attachment_stops_the_whole_intake(app, data, name, message):
    with pytest.raises(ValidationError, match=message):
        _create(uploads=[_upload(PNG_BYTES), _upload(data, name)])
    db.session.rollback()
    assert _count(Ticket) == _count(Attachment) == 0
    assert list(Path(app.config["UPLOAD_DIR"]).iterdir()) == []


def test_unit_staff_add_internal_and_public_notes_only_on_their_tickets(app):
    unit = make_unit()
    ticket = make_ticket(make_category(unit=unit))
    staff = make_user(role="unit", unit=unit)
    internal = services.add_note(ticket, staff, "Se programó cuadrilla.", public=False, now=NOW)
    public = services.add_note(ticket, staff, "Atenderemos el lunes.", public=True, now=NOW)
    assert (internal.public, public.public, internal.type) == (False, True, c.EVENT_NOTE)
    outsider = make_user(role="unit", unit=make_unit())
    with pytest.raises(WorkflowError, match="no corresponde"):
        services.add_note(ticket, outsider, "Hola", public=True, now=NOW)
    with pytest.raises(WorkflowError):
        services.add_note(ticket, make_user(role="admin"), "Hola", public=True, now=NOW)
    with pytest.raises(ValidationError, match="Escriba la nota"):
        services.add_note(ticket, staff, "  ", public=True, now=NOW)
