"""The monthly series: sources, precedence, gaps, local months, bounded queries."""
from datetime import date, datetime, timezone

import pytest

from app.extensions import db
from app.visits.models import CounterDay
from app.visits.queries import get_monthly_series, month_span, parse_year_month
from app.visits.services import MonthInput, save_month
from tests.factories import make_user

NOW = datetime(2026, 11, 15, 18, 0, tzinfo=timezone.utc)


def add_days(*days):
    for day, page_views, unique in days:
        db.session.add(CounterDay(day=day, page_views=page_views, unique_visitors=unique))
    db.session.commit()


def test_series_has_one_row_per_month_including_months_without_data(app):
    rows = get_monthly_series((2025, 11), (2026, 2))
    assert [(r.year, r.month) for r in rows] == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]
    assert all(r.source == "none" and r.visits is None and not r.has_data for r in rows)


def test_counter_days_are_summed_per_month(app):
    add_days((date(2026, 3, 1), 100, 40), (date(2026, 3, 31), 50, 20), (date(2026, 4, 1), 7, 3))
    march, april = get_monthly_series((2026, 3), (2026, 4))
    assert (march.visits, march.unique_visitors, march.page_views, march.source) == (60, None, 150, "counter")
    assert (april.visits, april.page_views, april.source) == (3, 7, "counter")


def test_manual_figure_overrides_the_counter_for_that_month_only(app):
    add_days((date(2026, 5, 10), 900, 300), (date(2026, 6, 10), 80, 30))
    save_month(MonthInput(2026, 5, 1234, 1000, 4000), source="manual", user=make_user(), now=NOW)
    db.session.commit()
    may, june = get_monthly_series((2026, 5), (2026, 6))
    assert (may.visits, may.unique_visitors, may.page_views, may.source) == (1234, 1000, 4000, "manual")
    assert (june.visits, june.source) == (30, "counter")


def test_imported_months_report_their_source(app):
    save_month(MonthInput(2026, 1, 500), source="ga4", user=None, now=NOW)
    save_month(MonthInput(2026, 2, 600), source="matomo", user=None, now=NOW)
    db.session.commit()
    assert [r.source for r in get_monthly_series((2026, 1), (2026, 2))] == ["ga4", "matomo"]


def test_rows_outside_the_range_are_not_counted(app):
    add_days((date(2025, 12, 31), 5, 5), (date(2026, 1, 1), 1, 1), (date(2026, 2, 1), 9, 9))
    save_month(MonthInput(2025, 12, 77), source="manual", user=None, now=NOW)
    db.session.commit()
    (january,) = get_monthly_series((2026, 1), (2026, 1))
    assert (january.visits, january.page_views) == (1, 1)


def test_series_across_years_uses_spanish_month_names(app):
    rows = get_monthly_series((2025, 12), (2026, 1))
    assert [r.label for r in rows] == ["diciembre 2025", "enero 2026"]


def test_series_uses_a_bounded_number_of_queries(app, count_queries):
    add_days(*[(date(2025, m, 1), 1, 1) for m in range(1, 13)])
    for m in range(1, 13):
        save_month(MonthInput(2024, m, 10 * m), source="manual", user=None, now=NOW)
    db.session.commit()
    with count_queries() as statements:
        rows = get_monthly_series((2024, 1), (2025, 12))
    assert len(rows) == 24 and len(statements) <= 2
    assert {r.source for r in rows} == {"manual", "counter"}


def test_empty_range_gives_no_rows(app):
    assert get_monthly_series((2026, 5), (2026, 4)) == []
    assert month_span((2026, 5), (2026, 4)) == []


@pytest.mark.parametrize("text,expected", [
    ("2026-03", (2026, 3)), ("2026-3", (2026, 3)), ("2026-13", None), ("abc", None),
    ("", None), (None, None), ("1999-01", None), ("2026-03-01", None),
])
def test_parse_year_month(text, expected):
    assert parse_year_month(text) == expected
