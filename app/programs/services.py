"""The catalogue of the municipal development plan's axes (ejes and their objectives), kept by
the Secretaría and the admin. Programs themselves are written in ``lifecycle.py``."""
from sqlalchemy import select

from app.extensions import db
from app.programs.models import PlanAxis
from app.validators import ValidationError, collect_errors, raise_errors

MAX_CODE, MAX_NAME, MAX_OBJECTIVE = 20, 200, 2000


def save_axis(axis: PlanAxis | None, code, name, objective, active: bool) -> PlanAxis:
    """Create (``axis`` None) or update an axis; codes are unique, upper-case."""
    code = " ".join(str(code or "").split()).upper()
    name = " ".join(str(name or "").split())
    objective = (objective or "").strip() or None
    errors = collect_errors(lambda: _check(code, name, objective),
                            lambda: _unique(code, axis))
    raise_errors(errors)
    axis = axis or PlanAxis()
    axis.code, axis.name, axis.objective, axis.active = code, name, objective, bool(active)
    db.session.add(axis)
    db.session.flush()
    return axis


def _check(code, name, objective) -> None:
    raise_errors(collect_errors(
        lambda: _need(code, "code", "la clave del eje", MAX_CODE),
        lambda: _need(name, "name", "el nombre del eje", MAX_NAME),
        lambda: _need(objective or "-", "objective", "el objetivo", MAX_OBJECTIVE)))


def _need(value, field, label, limit) -> None:
    if not value:
        raise ValidationError(f"Indique {label}.", field)
    if len(value) > limit:
        raise ValidationError(f"{label.capitalize()} admite como máximo {limit} caracteres.",
                              field)


def _unique(code, axis) -> None:
    clash = db.session.scalar(select(PlanAxis.id).where(PlanAxis.code == code))
    if clash is not None and (axis is None or clash != axis.id):
        raise ValidationError(f"Ya existe un eje con la clave {code}.", "code")
