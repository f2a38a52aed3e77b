"""Plain factory functions with overridable defaults."""
from itertools import count

from app.auth.models import User
from app.extensions import db
from app.units.models import Category, Unit

PASSWORD = "secreto-123"
_seq = count(1)


def make_unit(**overrides) -> Unit:
    n = next(_seq)
    fields = {"name": f"Unidad {n}", "code": f"U{n}", "active": True}
    fields.update(overrides)
    unit = Unit(**fields)
    db.session.add(unit)
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
