"""Open311 writes: API keys (issue, revoke, authenticate, usage) and new service requests.

Keys are shown once and stored as a SHA-256 hash plus a short prefix to recognise them.
A service request is created by ``app.tickets.services.create_ticket`` like the web form's:
a denuncia of channel ``api`` (``DW-`` folio), left in status recibida for triage, with the
answers to its service's extra questions (``attribute[code]``) checked and stored.
Services add and flush; the view commits once.
"""
import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app.citizens.services import create_citizen
from app.extensions import db
from app.open311.models import ApiKey
from app.open311.params import ApiError
from app.open311.queries import get_service
from app.tickets import constants as c
from app.tickets.models import Ticket
from app.tickets.services import TicketInput, create_ticket
from app.tickets.workflow import WorkflowError
from app.units.attributes import check_answers
from app.units.queries import list_attributes
from app.validators import ValidationError, clean

log = logging.getLogger(__name__)
PREFIX_CHARS = 8
MAX_DESCRIPTION_CHARS = 4000  # the specification's limit
# create_ticket's field names → the Open311 argument the client sent.
FIELD_ARGS = {"description": "description", "latitude": "lat", "longitude": "long",
              "address": "address_string", "category_id": "service_code",
              "citizen_name": "first_name/last_name", "citizen_phone": "phone",
              "citizen_email": "email"}


@dataclass
class RequestInput:
    """The arguments of POST requests (strings as received; None when absent)."""

    service_code: str | None = None
    description: str | None = None
    lat: str | None = None
    long: str | None = None
    address_string: str | None = None
    address_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    attributes: dict[str, list[str]] = field(default_factory=dict)  # {code: [values]}


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


def issue_api_key(name: str | None, created_by, *, now: datetime) -> tuple[ApiKey, str]:
    """A new active key; returns it with the raw key, which is never stored nor shown again."""
    name = clean(name)
    if not name:
        raise ValidationError("Indique para quién es la clave.", "name")
    if len(name) > 120:
        raise ValidationError("Máximo 120 caracteres.", "name")
    raw_key = secrets.token_hex(24)
    key = ApiKey(name=name, prefix=raw_key[:PREFIX_CHARS], key_hash=hash_key(raw_key),
                 active=True, created_by_id=created_by.id if created_by else None,
                 created_at=now, use_count=0)
    db.session.add(key)
    db.session.flush()
    return key, raw_key


def revoke_api_key(key: ApiKey, *, now: datetime) -> None:
    """Stop accepting the key (it stays listed with its history)."""
    if not key.active:
        raise ValidationError("La clave ya estaba revocada.")
    key.active = False
    key.revoked_at = now
    db.session.flush()


def authenticate(raw_key: str | None) -> ApiKey:
    """The active key matching ``raw_key``; ApiError 403 (Spanish) otherwise."""
    if not raw_key:
        raise ApiError(403, "Falta el parámetro api_key: se requiere una clave para crear solicitudes.")
    key = db.session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(raw_key.strip())))
    if key is None:
        raise ApiError(403, "La api_key no es válida.")
    if not key.active:
        raise ApiError(403, "La api_key fue revocada; solicite una nueva al administrador.")
    return key


def record_use(key: ApiKey, *, now: datetime) -> None:
    """Count one accepted use of the key (atomic increment, safe under concurrency)."""
    key.use_count = ApiKey.use_count + 1
    key.last_used_at = now


def create_service_request(key: ApiKey, data: RequestInput, *, now: datetime) -> Ticket:
    """Open the ticket of a POST requests through create_ticket; ApiError on bad input."""
    if not data.service_code:
        raise ApiError(400, "Falta el parámetro service_code.")
    category = get_service(data.service_code)
    if category is None or not category.active:
        raise ApiError(404, f"No existe el service_code «{data.service_code}».")
    _check_location(data)
    if data.description and len(data.description.strip()) > MAX_DESCRIPTION_CHARS:
        raise ApiError(400, f"La descripción admite como máximo {MAX_DESCRIPTION_CHARS} "
                            "caracteres (parámetro description).")
    try:
        answers = check_answers(list_attributes(category.id, active_only=True), data.attributes)
        citizen_data = _citizen_data(data)
        # An unverified source: a new citizen record, never one on file matched by name and
        # phone (that would let anyone change a citizen's e-mail) — as the web portal does.
        citizen = create_citizen(citizen_data, now=now) if citizen_data else None
        ticket = create_ticket(
            TicketInput(channel=c.CHANNEL_API, kind="denuncia", category=category,
                        description=data.description, citizen=citizen,
                        address=data.address_string, latitude=data.lat, longitude=data.long,
                        auto_channel=False, api_key_id=key.id,
                        api_token=secrets.token_urlsafe(24), attribute_values=answers),
            now=now, actor_label=c.ACTOR_API)
    except (ValidationError, WorkflowError) as exc:
        arg = FIELD_ARGS.get(getattr(exc, "field", None))
        raise ApiError(400, f"{exc} (parámetro {arg})" if arg else str(exc)) from exc
    record_use(key, now=now)
    db.session.flush()
    log.info("open311: key %s created %s", key.prefix, ticket.folio)
    return ticket


def _check_location(data: RequestInput) -> None:
    if (data.lat is None) != (data.long is None):
        raise ApiError(400, "Envíe lat y long juntos.")
    if data.lat is None and not data.address_string:
        if data.address_id:
            raise ApiError(400, "address_id no se admite: envíe lat y long o address_string.")
        raise ApiError(400, "Indique la ubicación: lat y long, o address_string.")


def _citizen_data(data: RequestInput) -> dict | None:
    name = " ".join(part for part in (clean(data.first_name), clean(data.last_name)) if part)
    if not name and not data.email and not data.phone:
        return None
    if not name:
        raise ValidationError("Para dejar datos de contacto indique también el nombre.",
                              "citizen_name")
    return {"name": name, "email": data.email, "phone": data.phone}
