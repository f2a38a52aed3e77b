"""The period rule: a week belongs to the period that contains its Monday (local date,
America/Mexico_City), for the indicator of any period and for the 12-month series alike."""
from datetime import date, timedelta

import pytest

from app.extensions import db
from app.reports import compliance as cm
from app.stats import queries as q
from app.stats.periods import Period, last_months, month_period
from tests.factories import make_unit
from tests.reports.factories import make_excuse, make_report
from tests.stats.fixtures import local

LATER = local(2027, 2, 1, 9, 0)  # every deadline of 2026 has passed


@pytest.fixture
def year_of_reports(app):
    """Two units reporting through December 2025 to January 2027 with a pattern of on-time,
    late, missing and excused weeks, so each month has its own score."""
    a = make_unit(name="A", code="A", created_at=local(2025, 1, 1))
    b = make_unit(name="B", code="B", created_at=local(2025, 1, 1))
    for iso_year, iso_week in cm.weeks_of_period(date(2025, 12, 1), date(2027, 1, 31)):
        deadline = cm.deadline_for_week(iso_year, iso_week, cm.DeadlineRule())
        pattern = (iso_year * 53 + iso_week) % 7
        if pattern in (1, 2, 4, 6):
            make_report(a, iso_year, iso_week, submitted_at=deadline)
        elif pattern == 3:
            make_report(a, iso_year, iso_week, submitted_at=deadline + timedelta(seconds=1))
        if pattern % 2:
            make_report(b, iso_year, iso_week, submitted_at=deadline - timedelta(hours=2))
        elif pattern == 4:
            make_excuse(b, iso_year, iso_week)
    db.session.commit()
    return a, b


def test_the_indicator_and_the_series_agree_for_every_month_of_the_year(year_of_reports):
    months = last_months(date(2026, 12, 31))
    series = q.get_monthly_series(months, LATER)
    assert [m["period"] for m in series] == [month_period(2026, n) for n in range(1, 13)]
    scores = []
    for row in series:
        indicator = q.get_compliance(row["period"], LATER)
        assert indicator["score"] == pytest.approx(row["compliance"])
        assert indicator["weeks"] == len(cm.weeks_of_period(row["period"].first,
                                                           row["period"].last))
        scores.append(row["compliance"])
    assert len(set(round(s, 6) for s in scores)) > 3  # the months do differ


def test_a_year_is_the_sum_of_its_months(year_of_reports):
    year = q.get_compliance(Period(date(2026, 1, 1), date(2026, 12, 31)), LATER)
    # 52 Mondays: 2026-W1 (Monday 29 December 2025) is 2025's, 2026-W53 (Monday 28 December)
    # is 2026's.
    assert year["weeks"] == 52
    months = [q.get_compliance(month_period(2026, n), LATER)["weeks"] for n in range(1, 13)]
    assert sum(months) == 52


@pytest.mark.parametrize("first,last,weeks", [
    # ISO week 1 of 2026 starts on Monday 29 December 2025: it is December's, not January's.
    (date(2025, 12, 1), date(2025, 12, 31), [(2025, 49), (2025, 50), (2025, 51), (2025, 52),
                                             (2026, 1)]),
    (date(2026, 1, 1), date(2026, 1, 31), [(2026, 2), (2026, 3), (2026, 4), (2026, 5)]),
    # Monday 30 March to Sunday 5 April: March's.
    (date(2026, 4, 1), date(2026, 4, 30), [(2026, 15), (2026, 16), (2026, 17), (2026, 18)]),
    # Monday 1 June 00:00 local (06:00 UTC) opens June's first week.
    (date(2026, 6, 1), date(2026, 6, 7), [(2026, 23)]),
    (date(2026, 5, 25), date(2026, 5, 31), [(2026, 22)]),
    # Tuesday 1 December: the week of Monday 30 November is November's.
    (date(2026, 12, 1), date(2026, 12, 31), [(2026, 50), (2026, 51), (2026, 52), (2026, 53)]),
    (date(2027, 1, 1), date(2027, 1, 31), [(2027, 1), (2027, 2), (2027, 3), (2027, 4)]),
])
def test_month_and_year_boundaries(year_of_reports, first, last, weeks):
    summary = q.report_queries.list_unit_compliance(first, last, LATER)
    assert summary.weeks == weeks
    assert q.get_compliance(Period(first, last), LATER)["weeks"] == len(weeks)


def test_a_range_without_a_monday_has_no_report_weeks(year_of_reports):
    result = q.get_compliance(Period(date(2026, 3, 3), date(2026, 3, 8)), LATER)
    assert result["score"] is None and result["rows"] == []
    assert "pertenece al periodo que contiene su lunes" in result["overall_text"]
