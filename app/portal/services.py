"""Writes of the public portal: a citizen's complaint and the citizen's answer once resolved.

Both go through the tickets feature (``create_ticket``, ``workflow.transition``); they add
and flush, the view commits once. Bad input raises ValidationError (Spanish, with its field)
before anything is written.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.businessdays import business_days_back
from app.citizens.services import create_citizen
from app.extensions import db
from app.colonias.catalogue import OTHER
from app.portal import rules
from app.tickets import constants as c
from app.tickets import workflow
from app.tickets.models import Ticket, TicketFeedback
from app.tickets.services import TicketInput, create_ticket, resolve_category
from app.timeutil import local_midnight_utc, local_today
from app.tickets.files import read_upload
from app.validators import ValidationError, clean, collect_errors

PHOTO_RULES = {"max_bytes": rules.MAX_PHOTO_BYTES, "images_only": True, "field": "photos",
               "ceiling_bytes": rules.PHOTO_CEILING_BYTES}


@dataclass
class Complaint:
    """What the citizen typed in the public form."""

    category_id: object
    description: str | None
    colonia: str | None
    address: str | None = None
    colonia_id: object = None  # a catalogue id or «otra»
    latitude: object = None
    longitude: object = None
    localidad: str | None = None
    anonymous: bool = False
    name: str | None = None
    phone: str | None = None
    email: str | None = None


def photo_problems(photos) -> list[ValidationError]:
    """What is wrong with the chosen photos (too many, not pictures, over the ceiling), read
    and rewound, so the form shows it with its other errors in the first round. Nothing is
    resized here: that costs, and happens once, when the complaint is stored."""
    photos = [p for p in photos if getattr(p, "filename", None)]
    if len(photos) > rules.MAX_PHOTOS:
        return [ValidationError(f"Adjunte como máximo {rules.MAX_PHOTOS} fotografías.", "photos")]
    errors = []
    for photo in photos:
        errors += collect_errors(lambda: read_upload(photo, **PHOTO_RULES, shrink=False))
        photo.stream.seek(0)
    return errors


def submit_complaint(complaint: Complaint, photos, *, now: datetime) -> Ticket:
    """Open a web complaint (kind denuncia, DW folio) left in recibida for triage."""
    category = resolve_category(complaint.category_id)
    if not category.public:
        raise ValidationError("Seleccione una categoría válida del catálogo.", "category_id")
    description = clean(complaint.description)
    if description and len(description) > rules.MAX_DESCRIPTION_CHARS:
        raise ValidationError(f"Máximo {rules.MAX_DESCRIPTION_CHARS} caracteres.", "description")
    if not clean(complaint.colonia) and complaint.colonia_id in (None, "", OTHER):
        raise ValidationError("Indique la colonia.", "colonia")
    photos = [p for p in photos if getattr(p, "filename", None)]
    if len(photos) > rules.MAX_PHOTOS:
        raise ValidationError(f"Adjunte como máximo {rules.MAX_PHOTOS} fotografías.", "photos")
    citizen = None
    if not complaint.anonymous and any(map(clean, (complaint.name, complaint.phone,
                                                   complaint.email))):
        citizen = create_citizen({"name": complaint.name, "phone": complaint.phone,
                                  "email": complaint.email}, now=now)
    return create_ticket(
        TicketInput(channel=c.CHANNEL_WEB, kind="denuncia", category=category, description=description,
                    citizen=citizen, address=complaint.address, colonia=complaint.colonia,
                    colonia_id=complaint.colonia_id, localidad=complaint.localidad,
                    latitude=complaint.latitude, longitude=complaint.longitude,
                    auto_channel=False),
        now=now, actor_label=c.ACTOR_CITIZEN, uploads=photos, upload_rules=PHOTO_RULES)


def record_feedback(ticket: Ticket, *, solved: bool, rating, comment: str | None,
                    now: datetime, expected_version=None) -> TicketFeedback:
    """Store the citizen's answer; solved closes the ticket, not solved reopens it for the unit.

    The answer is kept with the unit that handled the ticket (statistics per unit).
    """
    if ticket.status != c.RESOLVED:
        raise ValidationError("Esta solicitud ya no espera su respuesta.")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError("Elija una calificación del 1 al 5.", "rating")
    comment = clean(comment)
    if comment and len(comment) > rules.MAX_COMMENT_CHARS:
        raise ValidationError(f"Máximo {rules.MAX_COMMENT_CHARS} caracteres.", "comment")
    feedback = TicketFeedback(ticket=ticket, unit=ticket.unit, solved=solved, rating=rating,
                              comment=comment, created_at=now)
    if solved:
        note = "El ciudadano confirmó que su asunto quedó resuelto."
        target = c.CLOSED
    else:
        note = "El ciudadano indicó que su asunto no quedó resuelto."
        note += f" Comentario: {comment}" if comment else ""
        target = c.IN_PROGRESS
    db.session.add(feedback)
    workflow.transition(ticket, target, None, note=note, now=now, public=True,
                        actor_label=c.ACTOR_CITIZEN, expected_version=expected_version)
    return feedback


AUTO_CLOSE_NOTE = (f"Cerrada automáticamente: el ciudadano no respondió en "
                   f"{rules.AUTO_CLOSE_BUSINESS_DAYS} días hábiles después de atendida.")


def close_unanswered(now: datetime, limit: int = 500) -> int:
    """Close (as the system) up to ``limit`` tickets atendida for at least
    AUTO_CLOSE_BUSINESS_DAYS business days without the citizen's answer; returns how many.
    The caller commits and calls again until it returns 0."""
    with workflow.batch() as municipal:
        last_day = business_days_back(local_today(now), rules.AUTO_CLOSE_BUSINESS_DAYS,
                                      municipal)
        cutoff = local_midnight_utc(last_day + timedelta(days=1))
        tickets = list(db.session.scalars(
            select(Ticket).where(Ticket.status == c.RESOLVED, Ticket.resolved_at < cutoff)
            .order_by(Ticket.id).limit(limit)))
        for ticket in tickets:
            workflow.transition(ticket, c.CLOSED, None, note=AUTO_CLOSE_NOTE, now=now,
                                public=True, actor_label=c.ACTOR_SYSTEM)
    return len(tickets)
