"""Ticket writes other than status changes: intake, channeling, notes, attachments.

Services add and flush; the caller (a view, the CLI, the portal) commits once. Every input
is validated before anything is written, so an error leaves nothing partial behind.
Status changes go through ``app.tickets.workflow``.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask import current_app
from sqlalchemy import select

from app.auth.models import User
from app.auth.permissions import UNIT
from app.citizens.models import Citizen
from app.citizens.services import check_citizen_data, find_or_create_citizen
from app.extensions import db
from app.colonias import catalogue as colonias
from app.tickets import constants as c
from app.tickets import files, workflow
from app.tickets.folios import new_lookup_code, next_folio
from app.tickets.models import Attachment, Ticket, TicketAttributeValue, TicketEvent
from app.timeutil import to_local
from app.units.models import Category, Unit
from app.validators import ValidationError, clean, db_int


@dataclass
class TicketInput:
    """What a new ticket says, from the desk form, the portal, the API or the demo.

    ``category``/``unit`` are objects or ids. The citizen is one on file (``citizen``) or the
    data to find or register one (``citizen_data``). With a unit, or the category's default
    unit when ``auto_channel``, the ticket is channeled at once; with ``duplicate_of`` it is
    closed as duplicada of that ticket instead. ``attribute_values``: ``(CategoryAttribute,
    value)`` answers to the category's extra questions, already checked by
    ``app.units.attributes.check_answers``. ``api_key_id``/``api_token``: the Open311 key
    that filed it and the token it answers to.
    """

    channel: str
    kind: str
    category: Category | int
    description: str
    citizen: Citizen | None = None
    citizen_data: dict | None = None
    address: str | None = None
    colonia: str | None = None
    colonia_id: object = None  # a catalogue id or «otra» (app.colonias.catalogue.resolve_colonia)
    localidad: str | None = None
    latitude: object = None
    longitude: object = None
    unit: Unit | int | None = None
    auto_channel: bool = True
    duplicate_of: Ticket | None = None
    attribute_values: Sequence = ()
    api_key_id: int | None = None
    api_token: str | None = None


def create_ticket(data: TicketInput, *, now: datetime, creator=None,
                  actor_label: str | None = None, uploads=(),
                  upload_rules: dict | None = None) -> Ticket:
    """Open a ticket with its folio and lookup code; returns it flushed (inside
    ``workflow.batch()``, flushed with the batch unless it has uploads).

    ``creator=None`` means the portal/API (name it with ``actor_label``). ``uploads`` are
    FileStorage objects; ``upload_rules``: keyword arguments of ``files.read_upload`` (size
    limit, images only). Raises ValidationError or WorkflowError; nothing is written then.
    """
    if data.channel not in c.CHANNEL_LABELS:
        raise ValidationError("Seleccione un canal válido.", "channel")
    if data.kind not in c.KIND_LABELS:
        raise ValidationError("Seleccione un tipo de solicitud válido.", "kind")
    category = resolve_category(data.category)
    unit = resolve_unit(data.unit) if data.unit not in (None, "", 0) else None
    description = _required_text(data.description, "La descripción es obligatoria.",
                                 "description", c.MAX_DESCRIPTION_CHARS)
    location = _location(data.address, data.colonia, data.localidad, data.latitude,
                         data.longitude)
    colonia_entry, location["colonia"] = colonias.resolve_colonia(data.colonia_id,
                                                                location["colonia"])
    colonias.check_location(location["latitude"], location["longitude"])
    citizen = data.citizen
    if data.citizen_data is not None and citizen is None:
        check_citizen_data(data.citizen_data)
    pending = [p for p in (files.read_upload(u, **(upload_rules or {})) for u in uploads)
               if p is not None]
    if any(attribute.category_id != category.id for attribute, _value in data.attribute_values):
        raise ValidationError("Las respuestas no corresponden a la categoría.", "attributes")

    if citizen is None and data.citizen_data is not None:
        citizen = find_or_create_citizen(data.citizen_data, now=now)
    ticket = Ticket(folio=next_folio(c.folio_prefix(data.channel), to_local(now).year),
                    channel=data.channel, kind=data.kind, category=category,
                    description=description, citizen=citizen, creator=creator,
                    lookup_code=new_lookup_code(), api_key_id=data.api_key_id,
                    api_token=data.api_token, colonia_entry=colonia_entry, **location)
    db.session.add(ticket)
    db.session.add_all(TicketAttributeValue(ticket=ticket, attribute=attribute, value=value)
                       for attribute, value in data.attribute_values)
    workflow.start(ticket, creator, now=now, actor_label=actor_label)
    target = unit or (category.default_unit if data.auto_channel else None)
    if data.duplicate_of is not None:
        workflow.transition(ticket, c.DUPLICATE, creator, now=now, actor_label=actor_label,
                            duplicate_of=data.duplicate_of,
                            note=f"Duplicada del folio {data.duplicate_of.folio}.")
    elif target is not None:
        channel_ticket(ticket, target, creator, now=now, actor_label=actor_label)
    for item in pending:
        _store_attachment(ticket, item, creator, now=now, public=True, actor_label=actor_label)
    if not workflow.in_batch():
        workflow.flush_ticket()
    return ticket


def channel_ticket(ticket: Ticket, unit, actor, *, now: datetime, note: str | None = None,
                   actor_label: str | None = None, expected_version=None) -> TicketEvent:
    """Channel or re-channel a ticket to a unit (a workflow transition to canalizada)."""
    return workflow.transition(ticket, c.CHANNELED, actor, now=now, unit=resolve_unit(unit),
                               note=note, public=True,
                               actor_label=actor_label, expected_version=expected_version)


def assign_ticket(ticket: Ticket, assignee_id, actor, *, now: datetime,
                  expected_version=None) -> TicketEvent:
    """Give an open ticket to one active person of its unit (``assignee_id`` 0/None releases
    it), on behalf of a person of that unit; an internal history row says who and to whom."""
    workflow.check_version(ticket, expected_version)
    if workflow.role_of(actor) != UNIT or workflow.unit_id_of(ticket) != actor.unit_id:
        raise workflow.WorkflowError("Solo el personal de la unidad del ticket puede asignarlo.")
    if not may_assign(ticket, actor):
        raise workflow.WorkflowError("Solo se asignan los tickets abiertos de la unidad.")
    assignee = _assignable(ticket, assignee_id)
    if _id_of(assignee) == _id_of(ticket.assignee):
        raise workflow.WorkflowError("El ticket ya está asignado así.")
    ticket.assignee = assignee
    if assignee is None:
        note = "Sin asignar."
    elif assignee.id == actor.id:
        note = f"Lo tomó {actor.name}."
    else:
        note = f"Asignado a {assignee.name}."
    event = TicketEvent(ticket=ticket, actor=actor, created_at=now, type=c.EVENT_ASSIGNED,
                        status_from=ticket.status, status_to=ticket.status, assignee=assignee,
                        note=note, public=False)
    db.session.add(event)
    workflow.flush_ticket()
    return event


def _id_of(user) -> int | None:
    return user.id if user is not None else None


def may_assign(ticket: Ticket, actor) -> bool:
    """Whether the actor may take, assign or release the ticket now: a person of its unit,
    while the ticket is open in the unit's hands."""
    return (workflow.role_of(actor) == UNIT and workflow.unit_id_of(ticket) == actor.unit_id
            and ticket.status in c.UNIT_STATUSES)


def _assignable(ticket: Ticket, assignee_id) -> User | None:
    if assignee_id in (None, "", 0, "0"):
        return None
    try:
        user = db.session.get(User, db_int(assignee_id))
    except (TypeError, ValueError):
        user = None
    if (user is None or not user.active or user.role != UNIT
            or user.unit_id != workflow.unit_id_of(ticket)):
        raise ValidationError("Elija a una persona activa de la unidad del ticket.",
                              "assignee_id")
    return user


def add_note(ticket: Ticket, actor, text: str, *, public: bool, now: datetime,
             actor_label: str | None = None) -> TicketEvent:
    """Append an internal or public note to the ticket's history."""
    _check_may_write(ticket, actor)
    text = _required_text(text, "Escriba la nota.", "note", c.MAX_NOTE_CHARS)
    event = TicketEvent(ticket=ticket, actor=actor, actor_label=_label(actor, actor_label),
                        created_at=now, type=c.EVENT_NOTE, status_from=ticket.status,
                        status_to=ticket.status, note=text, public=public)
    db.session.add(event)
    db.session.flush()
    return event


def add_attachment(ticket: Ticket, upload, actor, *, now: datetime, public: bool = False,
                   note: str | None = None, actor_label: str | None = None) -> Attachment:
    """Check an uploaded file by content and size, store it and record it in the history."""
    _check_may_write(ticket, actor)
    pending = files.read_upload(upload, field="file")
    if pending is None:
        raise ValidationError("Seleccione un archivo.", "file")
    return _store_attachment(ticket, pending, actor, now=now, public=public, note=note,
                             actor_label=actor_label)


def _store_attachment(ticket, pending, actor, *, now, public, note=None, actor_label=None):
    event = TicketEvent(ticket=ticket, actor=actor, actor_label=_label(actor, actor_label),
                        created_at=now, type=c.EVENT_ATTACHMENT, status_from=ticket.status,
                        status_to=ticket.status, public=public,
                        note=clean(note) or f"Archivo adjunto: {pending.name}")
    db.session.add(event)
    db.session.flush()
    attachment = Attachment(
        ticket_id=ticket.id, event_id=event.id, original_name=pending.name,
        stored_name=files.write(pending, current_app.config["UPLOAD_DIR"]),
        content_type=pending.content_type, size=len(pending.data), public=public,
        uploaded_by_id=actor.id if actor is not None else None, created_at=now)
    db.session.add(attachment)
    db.session.flush()
    return attachment


def resolve_folio(folio: str | None, field: str = "duplicate_of") -> Ticket:
    """The ticket with that folio; ValidationError when there is none."""
    folio = (folio or "").strip().upper()
    ticket = db.session.scalar(select(Ticket).where(Ticket.folio == folio)) if folio else None
    if ticket is None:
        raise ValidationError(f"No existe el folio «{folio}».", field)
    return ticket


def resolve_category(value) -> Category:
    """A Category object or id → the active category; ValidationError otherwise."""
    category = value if isinstance(value, Category) else _get(Category, value)
    if category is None or not category.active:
        raise ValidationError("Seleccione una categoría válida del catálogo.", "category_id")
    return category


def resolve_unit(value) -> Unit:
    """A Unit object or id → the active unit; ValidationError otherwise."""
    unit = value if isinstance(value, Unit) else _get(Unit, value)
    if unit is None or not unit.active:
        raise ValidationError("Seleccione una unidad válida.", "unit_id")
    return unit


def _get(model, value):
    try:
        return db.session.get(model, int(value))
    except (TypeError, ValueError):
        return None


def _check_may_write(ticket, actor) -> None:
    role = workflow.role_of(actor)
    if role is None:
        raise workflow.WorkflowError("Su rol no puede modificar tickets.")
    if role == UNIT and workflow.unit_id_of(ticket) != actor.unit_id:
        raise workflow.WorkflowError("Este ticket no corresponde a su unidad.")


def _label(actor, actor_label):
    return actor_label if actor_label else (None if actor is not None else c.ACTOR_SYSTEM)


def _required_text(value, message, field, limit) -> str:
    value = clean(value)
    if not value:
        raise ValidationError(message, field)
    if len(value) > limit:
        raise ValidationError(f"Máximo {limit} caracteres.", field)
    return value


def _location(address, colonia, localidad, latitude, longitude) -> dict:
    fields = {"address": clean(address), "colonia": clean(colonia), "localidad": clean(localidad)}
    for key, limit in (("address", 255), ("colonia", 120), ("localidad", 120)):
        if fields[key] and len(fields[key]) > limit:
            raise ValidationError(f"Máximo {limit} caracteres.", key)
    for key, value, bound in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        try:
            number = None if value in (None, "") else Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if number is not None and (not number.is_finite() or abs(number) > bound):
            raise ValidationError("Coordenada no válida.", key)
        fields[key] = number.quantize(Decimal("0.000001")) if number is not None else None
    return fields
