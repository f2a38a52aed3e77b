"""Business days: weekends, Mexico's official holidays and municipal non-working days.

Pure functions: the caller passes the municipal days (see ``load_municipal_days``).
"""
from datetime import date, timedelta
from functools import lru_cache

import holidays
from sqlalchemy import select


@lru_cache(maxsize=64)
def _official(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("MX", years=year).keys())


def list_official_holidays(year: int) -> list[tuple[date, str]]:
    """Mexico's official holidays of ``year`` (date, Spanish name), the ones due dates skip."""
    names = holidays.country_holidays("MX", years=year, language="es")
    return sorted((day, names[day]) for day in _official(year))


def is_business_day(day: date, municipal: frozenset[date] | set[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in _official(day.year) and day not in municipal


def add_business_days(start: date, days: int, municipal=frozenset()) -> date:
    """The date ``days`` business days after ``start`` (start itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_business_day(current, municipal):
            remaining -= 1
    return current


def business_days_between(start: date, end: date, municipal=frozenset()) -> int:
    """Business days in (start, end]; 0 when end <= start."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_business_day(current, municipal):
            count += 1
    return count


def business_days_back(day: date, days: int, municipal=frozenset()) -> date:
    """The latest date X with ``days`` business days in (X, day]: something that happened on X
    or before has waited at least ``days`` business days by ``day``."""
    current, remaining = day, days
    while remaining > 0:
        if is_business_day(current, municipal):
            remaining -= 1
        current -= timedelta(days=1)
    return current


def previous_business_day(day: date, municipal=frozenset()) -> date:
    """The last business day strictly before ``day``."""
    current = day - timedelta(days=1)
    while not is_business_day(current, municipal):
        current -= timedelta(days=1)
    return current


def load_municipal_days() -> frozenset[date]:
    """The municipal non-working days the administrator registered."""
    from app.extensions import db
    from app.units.models import NonWorkingDay

    return frozenset(db.session.scalars(select(NonWorkingDay.day)))
