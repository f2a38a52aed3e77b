"""Reads for units, the catalog (and its extra questions) and non-working days."""
from sqlalchemy import select

from app.extensions import db
from app.units.models import Category, CategoryAttribute, NonWorkingDay, Unit


def list_units(active_only: bool = False) -> list[Unit]:
    """Units ordered by name (a few dozen at most)."""
    query = select(Unit).order_by(Unit.name)
    if active_only:
        query = query.where(Unit.active.is_(True))
    return list(db.session.scalars(query))


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
