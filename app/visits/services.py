"""Writes of the monthly figures: manual entry/correction and CSV import.

Every change of a month's figures appends a VisitCorrection row (who, when, the values before
and after). Services add and flush; the view commits once.
"""
from dataclasses import dataclass
from datetime import datetime

from app.extensions import db
from app.formatting import integer
from app.timeutil import to_local
from app.validators import ValidationError
from app.visits.models import MonthlyVisit, VisitCorrection
from app.visits.queries import get_month_record, get_months_records, month_index

STORED_SOURCES = ("manual", "ga4", "matomo")
WITHDRAWN = "withdrawn"  # source of the correction that withdraws a month's figures
MAX_FIGURE = 2_000_000_000  # fits a 32-bit integer column
FIRST_YEAR = 2000


@dataclass(frozen=True)
class MonthInput:
    """Figures for one month, as typed or parsed from a file."""

    year: int
    month: int
    visits: int
    unique_visitors: int | None = None
    page_views: int | None = None


def validate_month(figures: MonthInput, now: datetime) -> None:
    """Raise ValidationError (Spanish) for a month that cannot be stored."""
    local = to_local(now)
    if not 1 <= figures.month <= 12:
        raise ValidationError("El mes debe estar entre 1 y 12.", "month")
    if figures.year < FIRST_YEAR:
        raise ValidationError(f"El año debe ser {FIRST_YEAR} o posterior.", "year")
    if month_index(figures.year, figures.month) > month_index(local.year, local.month):
        raise ValidationError("No se pueden registrar visitas de un mes futuro.", "month")
    for name, value, label in (("visits", figures.visits, "Las visitas"),
                               ("unique_visitors", figures.unique_visitors, "Los visitantes únicos"),
                               ("page_views", figures.page_views, "Las páginas vistas")):
        if value is None and name == "visits":
            raise ValidationError("Indique el número de visitas.", name)
        if value is not None and not 0 <= value <= MAX_FIGURE:
            raise ValidationError(f"{label} deben ser un número entre 0 y {integer(MAX_FIGURE)}.", name)
    if figures.unique_visitors is not None and figures.unique_visitors > figures.visits:
        raise ValidationError(
            "Los visitantes únicos no pueden ser más que las visitas.", "unique_visitors")


def save_month(figures: MonthInput, *, source: str, user, now: datetime) -> MonthlyVisit:
    """Create or correct a month's figures and log the change; unchanged figures log nothing."""
    validate_month(figures, now)
    return _store(get_month_record(figures.year, figures.month), figures, source, user, now)


def import_months(months: list[MonthInput], *, source: str, user, now: datetime) -> int:
    """Store every month of an import, each change logged (all or nothing: the view commits)."""
    for figures in months:
        validate_month(figures, now)
    existing = get_months_records([(m.year, m.month) for m in months])
    for figures in months:
        _store(existing.get((figures.year, figures.month)), figures, source, user, now)
    return len(months)


def _store(row: MonthlyVisit | None, figures: MonthInput, source: str, user,
           now: datetime) -> MonthlyVisit:
    if source not in STORED_SOURCES:
        raise ValueError(f"unknown source {source!r}")
    new_values = (figures.visits, figures.unique_visitors, figures.page_views)
    if row is None:
        row = MonthlyVisit(year=figures.year, month=figures.month)
        db.session.add(row)
        previous = (None, None, None)
    elif row.withdrawn:  # figures typed again after a withdrawal
        previous = (None, None, None)
    else:
        previous = (row.visits, row.unique_visitors, row.page_views)
        if previous == new_values and row.source == source:
            return row
    row.visits, row.unique_visitors, row.page_views = new_values
    row.withdrawn = False
    row.source, row.updated_by, row.updated_at = source, user, now
    db.session.flush()
    db.session.add(VisitCorrection(
        monthly_visit_id=row.id, user=user, created_at=now, source=source,
        previous_visits=previous[0], previous_unique_visitors=previous[1],
        previous_page_views=previous[2], new_visits=new_values[0],
        new_unique_visitors=new_values[1], new_page_views=new_values[2]))
    return row


def withdraw_month(year: int, month: int, *, user, now: datetime) -> MonthlyVisit:
    """Withdraw a month's typed or imported figures, so the month shows the counter again.

    The row stays (with its history) and the withdrawal is logged like any other change.
    """
    row = get_month_record(year, month)
    if row is None or row.withdrawn:
        raise ValidationError("Este mes no tiene una cifra capturada o importada que retirar.")
    db.session.add(VisitCorrection(
        monthly_visit_id=row.id, user=user, created_at=now, source=WITHDRAWN,
        previous_visits=row.visits, previous_unique_visitors=row.unique_visitors,
        previous_page_views=row.page_views, new_visits=None, new_unique_visitors=None,
        new_page_views=None))
    row.withdrawn, row.updated_by, row.updated_at = True, user, now
    db.session.flush()
    return row
