"""Reads of the website visits: the monthly series, a month's detail and its corrections.

``get_monthly_series`` is the one place that decides which figure a month shows:

1. a ``MonthlyVisit`` row (typed by the secretary or imported from GA4/Matomo) overrides;
2. otherwise the built-in counter's days of that local month (``CounterDay``), summed in SQL:
   ``page_views`` is the sum of page views and ``visits`` the sum of *daily* unique visitors
   (one visitor on one day = one visit). ``unique_visitors`` stays ``None`` for counter months:
   the visitor hash rotates every day by design, so unique visitors over a month cannot be
   known, and adding up daily figures would overstate them;
3. otherwise the month has no data (``source == "none"``, figures ``None``).
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, cast, extract, func, literal, null, select, tuple_, union_all
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.timeutil import MONTHS_ES
from app.visits.models import CounterDay, MonthlyVisit, VisitCorrection

SOURCE_LABELS = {
    "manual": "Captura manual",
    "ga4": "Google Analytics 4",
    "matomo": "Matomo",
    "counter": "Contador propio",
    "withdrawn": "Retiro de la cifra (vuelve el contador)",
    "none": "Sin datos",
}

YearMonth = tuple[int, int]


@dataclass(frozen=True)
class MonthFigures:
    """One month of the series; figures are ``None`` when unknown."""

    year: int
    month: int
    visits: int | None
    unique_visitors: int | None
    page_views: int | None
    source: str  # manual, ga4, matomo, counter, none

    @property
    def has_data(self) -> bool:
        return self.source != "none"

    @property
    def label(self) -> str:
        return f"{MONTHS_ES[self.month - 1]} {self.year}"

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]


def month_index(year: int, month: int) -> int:
    """Months since year 0, so that month arithmetic is integer arithmetic."""
    return year * 12 + month - 1


def from_index(index: int) -> YearMonth:
    year, month0 = divmod(index, 12)
    return year, month0 + 1


def add_months(year_month: YearMonth, count: int) -> YearMonth:
    return from_index(month_index(*year_month) + count)


def month_span(first: YearMonth, last: YearMonth) -> list[YearMonth]:
    """Every (year, month) from first to last inclusive; empty when last < first."""
    return [from_index(i) for i in range(month_index(*first), month_index(*last) + 1)]


def parse_year_month(text: str | None) -> YearMonth | None:
    """(year, month) of a "YYYY-MM" URL argument; None when absent or malformed."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
    except ValueError:
        return None
    return (year, month) if 2000 <= year <= 9999 and 1 <= month <= 12 else None


def get_monthly_series(first: YearMonth, last: YearMonth) -> list[MonthFigures]:
    """One row per month from ``first`` to ``last`` (inclusive), in one query.

    A month's figures come from its MonthlyVisit row when there is one (source manual, ga4 or
    matomo), else from the counter's days of that local month (source counter), else the
    month is marked ``source="none"`` with ``None`` figures. See the module docstring.
    """
    months = month_span(first, last)
    if not months:
        return []
    first_index, last_index = month_index(*first), month_index(*last)
    stored = select(MonthlyVisit.year, MonthlyVisit.month, MonthlyVisit.visits,
                    MonthlyVisit.unique_visitors, MonthlyVisit.page_views, MonthlyVisit.source,
                    literal(1)).where(MonthlyVisit.year * 12 + MonthlyVisit.month - 1 >= first_index,
                            MonthlyVisit.year * 12 + MonthlyVisit.month - 1 <= last_index,
                            MonthlyVisit.withdrawn.is_(False))
    figures = {}
    counter = _counter_query(first, last).add_columns(literal(0))
    for year, month, visits, uniques, views, source, is_stored in db.session.execute(
            union_all(stored, counter)):
        key = (int(year), int(month))
        if is_stored or key not in figures:
            figures[key] = MonthFigures(*key, _int(visits), _int(uniques), _int(views), source)
    return [figures.get(ym) or MonthFigures(*ym, None, None, None, "none") for ym in months]


def _int(value):
    return None if value is None else int(value)


def _counter_query(first: YearMonth, last: YearMonth):
    """(year, month, visits, None, page views, "counter") of the counter, per local month;
    ``visits`` is the sum of daily unique visitors."""
    start, end = date(*first, 1), date(*add_months(last, 1), 1)
    year, month = extract("year", CounterDay.day), extract("month", CounterDay.day)
    return (select(year, month, func.sum(CounterDay.unique_visitors), cast(null(), Integer),
                   func.sum(CounterDay.page_views), literal("counter"))
            .where(CounterDay.day >= start, CounterDay.day < end).group_by(year, month))


def get_counter_totals(first: YearMonth, last: YearMonth) -> dict[YearMonth, tuple[int, int]]:
    """{(year, month): (visits, page_views)} of the counter, per local month, in one query;
    months without counter days are absent."""
    return {(int(y), int(m)): (int(visits or 0), int(views or 0))
            for y, m, visits, _none, views, _source in db.session.execute(
                _counter_query(first, last))}


def get_month_record(year: int, month: int) -> MonthlyVisit | None:
    """The stored (manual or imported) figures of a month, if any (withdrawn ones too: check
    ``overrides``)."""
    return db.session.scalar(
        select(MonthlyVisit).where(MonthlyVisit.year == year, MonthlyVisit.month == month))


def get_months_records(months: list[YearMonth]) -> dict[YearMonth, MonthlyVisit]:
    """Stored figures of several months in one query."""
    if not months:
        return {}
    rows = db.session.scalars(select(MonthlyVisit).where(
        tuple_(MonthlyVisit.year, MonthlyVisit.month).in_(months)))
    return {(row.year, row.month): row for row in rows}


def list_corrections(monthly_visit_id: int, limit: int = 100) -> list[VisitCorrection]:
    """A month's change history, newest first, with who made each change."""
    return list(db.session.scalars(
        select(VisitCorrection)
        .where(VisitCorrection.monthly_visit_id == monthly_visit_id)
        .options(joinedload(VisitCorrection.user))
        .order_by(VisitCorrection.created_at.desc(), VisitCorrection.id.desc())
        .limit(limit)))


def get_counter_visits(periods: list) -> list[int | None]:
    """Per period (anything with ``first``/``last`` local days): the counter's visits (sum of
    daily unique visitors), None when the counter has no day in it; one query for all."""
    if not periods:
        return []
    rows = db.session.execute(
        select(CounterDay.day, CounterDay.unique_visitors)
        .where(CounterDay.day >= min(p.first for p in periods),
               CounterDay.day <= max(p.last for p in periods)))
    totals = [None] * len(periods)
    for day, visitors in rows:
        for index, period in enumerate(periods):
            if period.first <= day <= period.last:
                totals[index] = (totals[index] or 0) + visitors
    return totals
