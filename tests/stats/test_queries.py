"""Every ticket figure against a hand-built week with known answers (ISO week 10 of 2026:
Monday 2 to Sunday 8 March, America/Mexico_City, UTC-6)."""
from datetime import date

import pytest

from app.extensions import db
from app.formatting import Percent
from app.stats import overdue
from app.stats import queries as q
from app.stats.periods import Period, last_months, week_period
from app.units.services import set_unit_active
from tests.factories import make_category, make_unit
from tests.reports.factories import make_report
from tests.stats.conftest import NOW, W10
from tests.stats.fixtures import add_ticket, local


def _units(stats):
    return {row.name: row for row in stats.units}


def test_received_by_channel_group_kind_category_and_colonia(week):
    stats = q.get_ticket_stats(W10, NOW)
    assert (stats.received, stats.web, stats.attention, stats.attention_citizens) == (6, 3, 3, 2)
    assert dict(stats.by_channel) == {"Página web": 2, "API (Open311)": 1, "Presencial": 1,
                                      "Telefónica": 1, "Escrito / oficio": 1}
    assert dict(stats.by_kind) == {"Denuncia": 3, "Reporte de problemática": 1, "Queja": 1,
                                   "Trámite / gestión": 1}
    assert stats.by_category == [("Alumbrado", 4), ("Baches", 2)]  # ticket 5 is Alumbrado
    assert stats.by_colonia == [("Sin colonia", 3), ("Centro", 2), ("Las Américas", 1)]


def test_sunday_2359_belongs_to_its_week_and_monday_0000_to_the_next(week):
    previous = q.get_ticket_stats(W10.previous(), NOW)
    assert previous.period == week_period(2026, 9)
    assert previous.received == 1  # ticket 1, Sunday 1 March 23:59
    assert q.get_ticket_stats(week_period(2026, 11), NOW).received == 1  # ticket 8, Monday 00:00


def test_per_unit_figures_count_each_ticket_for_the_unit_of_each_fact(week):
    units = _units(q.get_ticket_stats(W10, NOW))
    a, b = units["A Obras"], units["B Servicios"]
    # Ticket 5 was received on Tuesday and channeled to B on Wednesday: received for «Sin
    # canalizar» (its unit at the end of its reception day), channeled for B, backlog of B.
    assert (a.received, a.channeled, a.concluded, a.backlog, a.overdue) == (2, 3, 3, 3, 2)
    assert (b.received, b.channeled, b.concluded, b.backlog, b.overdue) == (2, 3, 2, 2, 1)
    none = units["Sin canalizar"]
    assert (none.received, none.backlog) == (2, 1)


def test_totals_of_channeled_concluded_backlog_and_overdue(week):
    stats = q.get_ticket_stats(W10, NOW)
    assert (stats.channeled, stats.concluded, stats.backlog, stats.overdue) == (6, 5, 6, 3)


def test_units_with_nothing_are_listed_and_inactive_empty_units_are_not(week):
    names = [row.name for row in q.get_ticket_stats(W10, NOW).units]
    assert names == ["A Obras", "B Servicios", "C Vacía", "Sin canalizar"]
    empty = _units(q.get_ticket_stats(W10, NOW))["C Vacía"]
    assert (empty.received, empty.backlog, empty.median_days) == (0, 0, None)


def test_median_and_90th_percentile_of_resolution_time_per_unit(week):
    units = _units(q.get_ticket_stats(W10, NOW))
    a, b = units["A Obras"], units["B Servicios"]
    # A solved tickets 2 (2 days), 6 (4.5 days) and 9 (23 days); improcedente 4 is left out.
    assert a.solved == 3
    assert a.median_days == pytest.approx(4.5)
    assert a.p90_days == pytest.approx(4.5 + 0.8 * (23 - 4.5))
    assert (b.solved, b.median_days, b.p90_days) == (1, 1.0, 1.0)


def test_percentiles_interpolate_like_percentile_cont(app):
    unit = make_unit()
    category = make_category(unit=unit)
    start = local(2026, 3, 2, 8)
    for hours in (10, 1, 3, 2):
        add_ticket(category, start, status="atendida",
                   resolved=local(2026, 3, 2, 8 + hours))
    db.session.commit()
    solved, median, p90 = q.list_resolution_times(W10)[unit.id]
    assert (solved, median) == (4, 2.5 * 3600)
    assert p90 == pytest.approx((3 + 0.7 * 7) * 3600)


def test_empty_week_has_zeros_and_lists_the_units(week):
    stats = q.get_ticket_stats(week_period(2026, 2), NOW)
    assert (stats.received, stats.channeled, stats.concluded, stats.backlog) == (0, 0, 0, 0)
    assert stats.by_kind == [] and stats.by_colonia == []
    # "Sin canalizar" is only listed when it has tickets.
    assert [row.name for row in stats.units] == ["A Obras", "B Servicios", "C Vacía"]


def test_unit_filter_restricts_every_figure(week):
    stats = q.get_ticket_stats(W10, NOW, unit_id=week["b"].id)
    # Tickets 3 and 4 (ticket 5 had no unit at the end of its reception day).
    assert (stats.received, stats.web, stats.attention, stats.attention_citizens) == (2, 1, 1, 1)
    assert (stats.concluded, stats.backlog, stats.overdue) == (2, 2, 1)
    assert [row.name for row in stats.units] == ["B Servicios"]


def test_backlog_of_the_current_week_is_what_is_open_now(week):
    stats = q.get_ticket_stats(week_period(2026, 11), NOW)
    # Open now: 1, 5, 7, 8, 11, 12 (ticket 10 was closed on Monday).
    assert stats.backlog == 6
    assert stats.concluded == 1


def test_overdue_list_is_most_late_first(week):
    rows = overdue.list_overdue_tickets(NOW)
    t = week["tickets"]
    assert [r["folio"] for r in rows] == [t[11].folio, t[1].folio, t[5].folio]
    assert rows[0]["days_late"] == 18 and rows[0]["unit"] == "A Obras"
    assert rows[2]["unit"] == "B Servicios"


def test_monthly_series_splits_months_at_local_midnight(week):
    series = q.get_monthly_ticket_series(last_months(date(2026, 3, 10), 3))
    assert [(m[q.WEB], m[q.ATTENTION], m["citizens"]) for m in series] == [
        (1, 0, 0), (0, 4, 2), (3, 5, 2)]


def test_monthly_series_with_unit_filter(week):
    series = q.get_monthly_ticket_series(last_months(date(2026, 3, 10), 2), week["b"].id)
    assert [(m[q.WEB], m[q.ATTENTION]) for m in series] == [(0, 1), (1, 1)]


def test_monthly_series_carries_the_visits_of_the_visits_module(week):
    from app.visits.models import MonthlyVisit

    db.session.add(MonthlyVisit(year=2026, month=2, visits=31500, source="manual"))
    db.session.commit()
    series = q.get_monthly_series(last_months(date(2026, 3, 10), 3), NOW)
    assert [m["visits"] for m in series] == [None, 31500, None]


def test_week_compliance_per_unit_uses_the_reports_rules(week):
    result = q.get_compliance(W10, NOW)
    assert result["headers"] == ("Unidad", "Estado", "Entregado", "Fecha límite")
    statuses = {row[0]: row[1] for row in result["rows"]}
    # A at the deadline instant is on time; B one second later is late; C handed nothing in.
    assert statuses == {"A Obras": "Entregado a tiempo", "B Servicios": "Extemporáneo",
                        "C Vacía": "No entregado"}
    assert result["score"] == pytest.approx(0.5)
    assert "Cumplimiento general: 50.0 %" in result["overall_text"]


def test_previous_week_compliance_leaves_the_excused_unit_out(week):
    result = q.get_compliance(W10.previous(), NOW)
    statuses = {row[0]: row[1] for row in result["rows"]}
    assert statuses["C Vacía"] == "Justificado"
    assert result["score"] == 0.0


def test_multi_week_compliance_counts_each_status(week):
    result = q.get_compliance(Period(date(2026, 2, 23), date(2026, 3, 8)), NOW)
    rows = {row[0]: row[1:] for row in result["rows"]}
    # a tiempo, extemporáneo, no entregado, pendiente, justificado, cumplimiento
    assert rows["A Obras"] == (1, 0, 1, 0, 0, Percent(0.5))
    assert rows["C Vacía"] == (0, 0, 1, 0, 1, Percent(0.0))


def test_monthly_compliance_groups_weeks_by_their_monday(week):
    series = q.get_monthly_series(last_months(date(2026, 3, 10), 2), NOW)
    # February: every week missing (C's week 9 excused) = 0; March: week 10 = (1 + 0.5 + 0) / 3,
    # week 11 still pending (deadline Friday 13 March) is not scored.
    assert [m["compliance"] for m in series] == [0.0, pytest.approx(0.5)]


def test_dashboard_headline_compares_compliance_with_the_previous_week(week):
    data = q.get_dashboard(W10, NOW)
    assert data["headline"]["compliance"] == pytest.approx(0.5)
    assert data["previous_headline"]["compliance"] == 0.0
    assert data["headline"]["received"] == 6 and data["previous_headline"]["received"] == 1


def test_compliance_after_a_reactivation_counts_only_the_weeks_the_unit_was_active(app):
    unit = make_unit(name="R Reactivada", code="R", created_at=local(2025, 1, 1))
    set_unit_active(unit, False, local(2026, 3, 4, 11))  # Wednesday of week 10
    set_unit_active(unit, True, local(2026, 4, 2, 9))  # Thursday of week 14
    db.session.commit()
    for week in (8, 15):
        make_report(unit, 2026, week)
    now = local(2026, 5, 4, 12)  # every deadline up to week 18 has passed
    result = q.get_compliance(Period(date(2026, 2, 16), date(2026, 4, 19)), now)
    # Weeks 8 to 16 of which 8, 9, 15 and 16 were owed: two on time, two missing.
    assert [row[1:] for row in result["rows"]] == [(2, 0, 2, 0, 0, Percent(0.5))]
    assert result["score"] == 0.5
    series = q.get_monthly_series(last_months(date(2026, 4, 30), 3), now)
    # By Monday: February has weeks 6-9 (8 on time), March 10-14 (none owed, nothing scored),
    # April 15-18 (15 on time).
    assert [m["compliance"] for m in series] == [0.25, None, 0.25]


def test_a_running_week_scores_only_the_weeks_whose_deadline_has_passed(week):
    # Tuesday of week 11: A hands in early; the deadline (Friday 15:00) is still ahead.
    make_report(week["a"], 2026, 11, submitted_at=local(2026, 3, 9, 10))
    result = q.get_compliance(week_period(2026, 11), NOW)
    assert result["score"] is None  # not 100 % with B and C still to hand in
    statuses = {row[0]: row[1] for row in result["rows"]}
    assert statuses["A Obras"] == "Entregado a tiempo" and statuses["C Vacía"] == "Pendiente"
    assert "3 informes aún no vencen (1 ya entregados)" in result["overall_text"]
    after = q.get_compliance(week_period(2026, 11), local(2026, 3, 13, 15, 1))
    assert after["score"] == pytest.approx(1 / 3)
    data = q.get_dashboard(week_period(2026, 11), NOW)
    assert data["running"].startswith("Semana en curso:")
    assert q.get_dashboard(W10, NOW)["running"] is None


def test_the_default_period_is_the_last_complete_week():
    from app.stats.periods import resolve_range

    assert resolve_range(None, None, NOW) == week_period(2026, 10)  # NOW is in week 11
    assert resolve_range(None, None, local(2026, 3, 9, 0, 0)) == week_period(2026, 10)
    assert resolve_range(None, None, local(2026, 3, 8, 23, 59)) == week_period(2026, 9)
