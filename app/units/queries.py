"""Reads for units (and their activity periods), the catalog (and its extra questions) and
non-working days."""
from collections import defaultdict, namedtuple

from sqlalchemy import select

from app.extensions import db
from app.units.models import Category, CategoryAttribute, NonWorkingDay, Unit, UnitActivityPeriod

# The shape of ``list_activity_periods``' rows.
ActivitySpan = namedtuple("ActivitySpan", "unit_id started_at ended_at")


def list_units(active_only: bool = False) -> list[Unit]:
    """Units ordered by name (a few dozen at most)."""
    query = select(Unit).order_by(Unit.name)
    if active_only:
        query = query.where(Unit.active.is_(True))
    return list(db.session.scalars(query))


def list_activity_periods(unit_id: int | None = None) -> dict[int, list]:
    """Activity periods (rows with ``started_at`` and ``ended_at``) per unit id, in one query;
    of one unit only when ``unit_id`` is given."""
    query = select(UnitActivityPeriod.unit_id, UnitActivityPeriod.started_at,
                   UnitActivityPeriod.ended_at).order_by(UnitActivityPeriod.started_at)
    if unit_id is not None:
        query = query.where(UnitActivityPeriod.unit_id == unit_id)
    periods = defaultdict(list)
    for row in db.session.execute(query):
        periods[row.unit_id].append(row)
    return periods


def list_units_with_periods(unit_id: int | None = None) -> tuple[list[Unit], dict[int, list]]:
    """``list_units()`` and ``list_activity_periods()`` in one query (of one unit when
    ``unit_id`` is given)."""
    query = (select(Unit, UnitActivityPeriod.started_at, UnitActivityPeriod.ended_at)
             .outerjoin(UnitActivityPeriod, UnitActivityPeriod.unit_id == Unit.id)
             .order_by(Unit.name, Unit.id, UnitActivityPeriod.started_at))
    if unit_id is not None:
        query = query.where(Unit.id == unit_id)
    units, periods = [], defaultdict(list)
    for unit, started_at, ended_at in db.session.execute(query):
        if not units or units[-1] is not unit:
            units.append(unit)
        if started_at is not None:
            periods[unit.id].append(ActivitySpan(unit.id, started_at, ended_at))
    return units, periods


def get_unit_periods(unit_id: int) -> list:
    """The activity periods of one unit, oldest first (one query)."""
    return list_activity_periods(unit_id).get(unit_id, [])


def list_categories(active_only: bool = False, public_only: bool = False) -> list[Category]:
    """Catalog entries ordered by name."""
    query = select(Category).order_by(Category.name)
    if active_only:
        query = query.where(Category.active.is_(True))
    if public_only:
        query = query.where(Category.public.is_(True))
    return list(db.session.scalars(query))


def category_choices() -> list[tuple[int, str]]:
    """(id, name) of every catalog entry, by name, for filter selects."""
    return [tuple(row) for row in db.session.execute(
        select(Category.id, Category.name).order_by(Category.name))]


def list_attributes(category_id: int, active_only: bool = False) -> list[CategoryAttribute]:
    """The extra questions of a catalog entry in their order (then as created)."""
    query = (select(CategoryAttribute).where(CategoryAttribute.category_id == category_id)
             .order_by(CategoryAttribute.position, CategoryAttribute.id))
    if active_only:
        query = query.where(CategoryAttribute.active.is_(True))
    return list(db.session.scalars(query))


def list_non_working_days() -> list[NonWorkingDay]:
    """Municipal non-working days, newest first."""
    return list(db.session.scalars(select(NonWorkingDay).order_by(NonWorkingDay.day.desc())))


def unit_choices(active_only: bool = True, blank: str | None = None) -> list[tuple[int, str]]:
    """(id, name) pairs for a select field (two columns, no objects: list filters use it)."""
    query = select(Unit.id, Unit.name).order_by(Unit.name)
    if active_only:
        query = query.where(Unit.active.is_(True))
    choices = [tuple(row) for row in db.session.execute(query)]
    return ([(0, blank)] if blank else []) + choices
