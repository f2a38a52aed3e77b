"""Writes for units (and their activity periods), the service catalog (and its extra
questions) and non-working days."""
import re
from datetime import date, datetime, timedelta

from sqlalchemy import UniqueConstraint, func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.timeutil import format_date
from app.units import attributes as rules
from app.units.models import Category, CategoryAttribute, NonWorkingDay, Unit, UnitActivityPeriod
from app.validators import ValidationError, raise_errors

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,19}$")
ATTRIBUTE_CODE_TAKEN = "Esta categoría ya tiene un atributo con esa clave."


def _require_name(name: str | None, limit: int) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError("El nombre es obligatorio.", "name")
    if len(name) > limit:
        raise ValidationError(f"El nombre admite como máximo {limit} caracteres.", "name")
    return name


def _check_unique(model, column, value, own_id, message, field):
    existing = db.session.scalar(
        select(model).where(func.lower(column) == value.lower())
    )
    if existing is not None and existing.id != own_id:
        raise ValidationError(message, field)


def _flush_unique(*fields) -> None:
    """Flush in a savepoint. When another admin saved the same unique value between our check
    and this flush, the database's refusal becomes the field's Spanish ValidationError.

    ``fields``: ``(columns, message, field)`` per unique constraint of the row being saved.
    """
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:
        for columns, message, field in fields:
            if _violates(exc, columns):
                raise ValidationError(message, field) from None
        raise


def _violates(exc: IntegrityError, columns) -> bool:
    """Whether ``exc`` is the unique constraint over exactly ``columns`` (one table's)."""
    table = columns[0].table
    names = {column.name for column in columns}
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
    if constraint:  # PostgreSQL names the constraint
        return any(isinstance(c, UniqueConstraint) and c.name == constraint
                   and {col.name for col in c.columns} == names for c in table.constraints)
    # SQLite: "UNIQUE constraint failed: categories.code"
    failed = str(exc.orig).partition("UNIQUE constraint failed:")[2]
    return {part.strip() for part in failed.split(",")} == {f"{table.name}.{n}" for n in names}


def save_unit(unit: Unit | None, *, name, code, head_name, email, active, now: datetime,
              report_deadline_weekday=None, report_deadline_time=None) -> Unit:
    """Create (unit=None) or edit a unit; raises ValidationError on bad input."""
    name = _require_name(name, 150)
    code = (code or "").strip().upper()
    if not CODE_RE.match(code):
        raise ValidationError(
            "La clave debe tener de 2 a 20 letras mayúsculas, dígitos, guiones o guiones bajos.",
            "code",
        )
    own_id = unit.id if unit else None
    _check_unique(Unit, Unit.name, name, own_id, "Ya existe una unidad con ese nombre.", "name")
    _check_unique(Unit, Unit.code, code, own_id, "Ya existe una unidad con esa clave.", "code")
    if unit is None:
        unit = Unit(created_at=now)
        db.session.add(unit)
    unit.name, unit.code = name, code
    unit.head_name = (head_name or "").strip() or None
    unit.email = (email or "").strip() or None
    unit.report_deadline_weekday = report_deadline_weekday
    unit.report_deadline_time = report_deadline_time
    set_unit_active(unit, active, now)
    _flush_unique(((Unit.name,), "Ya existe una unidad con ese nombre.", "name"),
                  ((Unit.code,), "Ya existe una unidad con esa clave.", "code"))
    return unit


def set_unit_active(unit: Unit, active: bool, now: datetime) -> None:
    """Activate or deactivate a unit (units are never deleted).

    ``active``/``deactivated_at`` say how the unit is now; the activity periods keep the
    history the weekly reports owed are computed from: deactivating closes the open period,
    activating (a new unit included) opens one.
    """
    if unit.active and not active:
        unit.deactivated_at = now
        open_periods = select(UnitActivityPeriod).where(UnitActivityPeriod.unit_id == unit.id,
                                                        UnitActivityPeriod.ended_at.is_(None))
        for period in db.session.scalars(open_periods):
            period.ended_at = now
    elif active and not unit.active:
        unit.deactivated_at = None
        db.session.add(UnitActivityPeriod(unit=unit, started_at=now))
    unit.active = active


def add_period_from_columns(unit: Unit) -> UnitActivityPeriod | None:
    """Record the activity period a unit's own columns describe (``created_at`` to
    ``deactivated_at``), for units built without ``save_unit`` (demo data, test fixtures).

    Migration 0012 applied the same rule to the units that existed: an inactive unit without a
    deactivation date owed nothing, so it gets no period.
    """
    if not unit.active and unit.deactivated_at is None:
        return None
    period = UnitActivityPeriod(unit=unit, started_at=unit.created_at,
                                ended_at=unit.deactivated_at)
    db.session.add(period)
    return period


def save_category(category: Category | None, *, code, name, description, default_unit_id,
                  due_days, active, public) -> Category:
    """Create (category=None) or edit a catalog entry."""
    name = _require_name(name, 150)
    code = (code or "").strip().lower()
    if not re.match(r"^[a-z0-9][a-z0-9_-]{1,39}$", code):
        raise ValidationError(
            "La clave debe tener de 2 a 40 letras minúsculas, dígitos, guiones o guiones bajos.",
            "code",
        )
    if due_days is None or not 1 <= due_days <= 365:
        raise ValidationError("El plazo debe estar entre 1 y 365 días hábiles.", "due_days")
    if default_unit_id and db.session.get(Unit, default_unit_id) is None:
        raise ValidationError("La unidad seleccionada no existe.", "default_unit_id")
    own_id = category.id if category else None
    _check_unique(Category, Category.name, name, own_id,
                  "Ya existe una categoría con ese nombre.", "name")
    _check_unique(Category, Category.code, code, own_id,
                  "Ya existe una categoría con esa clave.", "code")
    if category is None:
        category = Category()
        db.session.add(category)
    category.code, category.name = code, name
    category.description = (description or "").strip() or None
    category.default_unit_id = default_unit_id or None
    category.due_days, category.active, category.public = due_days, active, public
    _flush_unique(((Category.name,), "Ya existe una categoría con ese nombre.", "name"),
                  ((Category.code,), "Ya existe una categoría con esa clave.", "code"))
    return category


def save_attribute(category: Category, attribute: CategoryAttribute | None, *, code, description,
                   datatype, required, position, choices, active) -> CategoryAttribute:
    """Create (attribute=None) or edit an extra question of a catalog entry.

    ``choices`` is the admin's text, one ``clave = nombre`` per line (list datatypes only).
    """
    code = (code or "").strip().lower()
    if not rules.CODE_RE.match(code):
        raise ValidationError("La clave debe tener de 1 a 40 letras minúsculas sin acentos, "
                              "dígitos, guiones o guiones bajos.", "code")
    description = (description or "").strip()
    if not description:
        raise ValidationError("Escriba la pregunta que verá quien llene la solicitud.",
                              "description")
    if len(description) > 500:
        raise ValidationError("La pregunta admite como máximo 500 caracteres.", "description")
    if datatype not in rules.DATATYPES:
        raise ValidationError("Seleccione un tipo de dato válido.", "datatype")
    if position is None or not 1 <= position <= 999:
        raise ValidationError("El orden debe ser un número entre 1 y 999.", "position")
    parsed = rules.parse_choices(choices, datatype)
    _check_attribute_code(category, attribute, code)
    if attribute is None:
        attribute = CategoryAttribute(category_id=category.id)
        db.session.add(attribute)
    attribute.code, attribute.description, attribute.datatype = code, description, datatype
    attribute.required, attribute.position, attribute.choices = required, position, parsed
    attribute.active = active
    _flush_unique(((CategoryAttribute.category_id, CategoryAttribute.code),
                   ATTRIBUTE_CODE_TAKEN, "code"))
    return attribute


def _check_attribute_code(category: Category, attribute: CategoryAttribute | None, code: str):
    same_code = db.session.scalar(select(CategoryAttribute).where(
        CategoryAttribute.category_id == category.id, CategoryAttribute.code == code))
    if same_code is not None and same_code is not attribute:
        raise ValidationError(ATTRIBUTE_CODE_TAKEN, "code")


def set_attribute_active(attribute: CategoryAttribute, active: bool) -> None:
    """Stop (or resume) asking an extra question; answers already given are kept."""
    if attribute.active == active:
        raise ValidationError("El atributo ya estaba " + ("activo." if active else "inactivo."))
    attribute.active = active
    db.session.flush()


MAX_NON_WORKING_RANGE_DAYS = 31


def add_non_working_day(day: date, description: str) -> NonWorkingDay:
    """Add a municipal non-working day (skipped by due dates and deadlines)."""
    return add_non_working_days(day, day, description)[0]


def add_non_working_days(first: date, last: date | None, description: str
                         ) -> list[NonWorkingDay]:
    """Add every day from ``first`` to ``last`` (inclusive) as non-working, all or nothing:
    an inverted or too long range, or one with a day already registered, adds none."""
    last = last or first
    description = (description or "").strip()
    errors = []
    if not description:
        errors.append(ValidationError("Indique el motivo del día inhábil.", "description"))
    if last < first:
        errors.append(ValidationError("La fecha final es anterior a la inicial.", "last_day"))
    elif (last - first).days + 1 > MAX_NON_WORKING_RANGE_DAYS:
        errors.append(ValidationError(
            f"Un periodo puede abarcar como máximo {MAX_NON_WORKING_RANGE_DAYS} días; "
            "registre periodos más largos por partes.", "last_day"))
    raise_errors(errors)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    taken = list(db.session.scalars(select(NonWorkingDay.day).where(NonWorkingDay.day.in_(days))
                                    .order_by(NonWorkingDay.day)))
    if taken:
        raise ValidationError(_taken_message(taken), "day")
    rows = [NonWorkingDay(day=day, description=description[:150]) for day in days]
    db.session.add_all(rows)
    _flush_unique(((NonWorkingDay.day,), "Ese día ya está registrado como inhábil.", "day"))
    return rows


def _taken_message(taken: list[date]) -> str:
    if len(taken) == 1:
        return "Ese día ya está registrado como inhábil."
    listed = ", ".join(format_date(day) for day in taken[:5]) + ("…" if len(taken) > 5 else "")
    return f"Estos días ya están registrados como inhábiles: {listed}. No se agregó ninguno."


def remove_non_working_day(row: NonWorkingDay) -> None:
    """Remove a non-working day (no ticket references it)."""
    db.session.delete(row)
    db.session.flush()
