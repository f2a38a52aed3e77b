"""Plain factory functions with overridable defaults."""
from itertools import count

from app.auth.models import User
from app.extensions import db
from app.timeutil import utcnow
from app.units.models import Category, Unit
from app.units.services import add_period_from_columns

PASSWORD = "secreto-123"
_seq = count(1)


def make_unit(**overrides) -> Unit:
    """A unit with the activity period its columns describe: ``created_at`` (default now) to
    ``deactivated_at``; none for ``active=False`` without a deactivation date."""
    n = next(_seq)
    fields = {"name": f"Unidad {n}", "code": f"U{n}", "active": True, "created_at": utcnow()}
    fields.update(overrides)
    unit = Unit(**fields)
    db.session.add(unit)
    add_period_from_columns(unit)
    db.session.commit()
    return unit


def make_user(role="secretary", unit=None, password=PASSWORD, **overrides) -> User:
    n = next(_seq)
    if role == "unit" and unit is None:
        unit = make_unit()
    fields = {"username": f"usuario{n}", "name": f"Usuario {n}", "role": role, "unit": unit,
              "email": f"usuario{n}@example.com"}
    fields.update(overrides)
    user = User(**fields)
    user.set_password(password, "pbkdf2:sha256:1000")
    db.session.add(user)
    db.session.commit()
    return user


def make_category(unit=None, **overrides) -> Category:
    n = next(_seq)
    fields = {"code": f"cat-{n}", "name": f"Categoría {n}", "due_days": 5,
              "default_unit": unit or make_unit(), "public": True, "active": True}
    fields.update(overrides)
    category = Category(**fields)
    db.session.add(category)
    db.session.commit()
    return category


PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
             b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18"
             b"\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def ticket_arguments(**fields):
    """``create_ticket``'s arguments from one flat set of keywords: (TicketInput, options)."""
    from dataclasses import fields as dataclass_fields

    from app.tickets.services import TicketInput

    names = {f.name for f in dataclass_fields(TicketInput)}
    data = TicketInput(**{k: v for k, v in fields.items() if k in names})
    return data, {k: v for k, v in fields.items() if k not in names}


def make_ticket(category=None, *, now=None, creator=None, citizen_data=None, **overrides):
    """A ticket opened through the real service (channeled to the category's unit)."""
    from app.tickets.services import create_ticket
    from app.timeutil import utcnow

    fields = {"channel": "presencial", "kind": "reporte", "description": "Luminaria apagada.",
              "colonia": "Centro", "localidad": "Fresnillo"}
    fields.update(overrides)
    data, options = ticket_arguments(
        category=category or make_category(), now=now or utcnow(), creator=creator,
        actor_label=None if creator else "Sistema",
        citizen_data=citizen_data or {"name": "Ana López Pérez", "phone": "4931234567"},
        **fields)
    ticket = create_ticket(data, **options)
    db.session.commit()
    return ticket
