"""The cabinet memo's shape: what page 1 holds, each section's content and order, and the
layout rules (no table row alone on a page, a bounded number of queries)."""
from datetime import date, datetime, timedelta, timezone
from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import String
from reportlab.platypus import Table

from app.extensions import db
from app.stats import cabinet, overdue
from app.stats.pdf import MemoTable, _bar_chart
from app.visits.models import CounterDay, MonthlyVisit
from tests.factories import make_category, make_unit, make_user
from tests.stats.conftest import NOW, W10
from tests.stats.fixtures import add_ticket, local
from tests.stats.test_cabinet import _flat, pdf_text


@pytest.fixture
def secretary(app):
    return make_user(role="secretary", name="Lic. Beatriz Acuña")


def _memo(secretary, notes="Atender baches en Las Américas.") -> tuple[bytes, str]:
    pdf = cabinet.generate_cabinet_report("2026-W10", notes, secretary, NOW).pdf
    return pdf, _flat(pdf_text(pdf))


def _pages(pdf: bytes) -> list[str]:
    return [_flat(page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def test_page_one_holds_the_four_statistics_with_their_average_and_trend_and_the_alerts(
        week, secretary):
    first = _pages(_memo(secretary)[0])[0]
    assert ("Estadística Esta semana Semana anterior Promedio de 4 semanas Tendencia") in first
    # Compliance: W10 50 %, W9 0 % (A and B missing, C excused), W6–W9 all missing: 0 %.
    assert "Cumplimiento de informes semanales 50.0 % 0.0 % 0.0 % ▲ sube" in first
    assert "Visitas a la página web — — — —" in first  # no counter days: no weekly figure
    # Web: W10 t4, t6, t7; none in W6–W9. Attention: W6 1, W7 2, W8 0, W9 1: mean 1.
    assert "Denuncias ciudadanas en página web 3 0 0 ▲ sube" in first
    assert "Atención ciudadana (solicitudes) 3 1 1 ▲ sube" in first
    assert "Unidades sin informe de la semana (1): C Vacía." in first
    assert ("Unidades con más solicitudes vencidas: A Obras: 2; B Servicios: 1. "
            "En total, 3 vencidas.") in first


def test_a_running_week_lists_units_still_in_time_apart_and_has_no_trend(week, secretary):
    pdf = cabinet.generate_cabinet_report("2026-W11", "", secretary, NOW).pdf
    first = _pages(pdf)[0]
    assert ("Unidades sin informe de la semana (3): Ninguna con el plazo vencido. "
            "Aún en plazo: C Vacía, B Servicios, A Obras.") in first  # the ranking's order
    # W7–W10 attention: 2, 0, 1, 3; compliance 0, 0, 0, 50 %: means 1.5 and 12.5 %.
    assert "Atención ciudadana (solicitudes) 1 3 1.5 —" in first
    assert "Cumplimiento de informes semanales — 50.0 % 12.5 % —" in first
    assert "▲" not in first and "▼" not in first


def test_weekly_visits_are_the_counters_and_the_trend_compares_with_the_4_week_mean(
        week, secretary):
    # Daily unique visitors: W6 80, W7 100, W8 120, W9 100 (mean 100), W10 90 (−10 %).
    for monday, total in ((date(2026, 2, 2), 80), (date(2026, 2, 9), 100),
                          (date(2026, 2, 16), 120), (date(2026, 2, 23), 100),
                          (date(2026, 3, 2), 90)):
        db.session.add(CounterDay(day=monday, unique_visitors=total - 10, page_views=total))
        db.session.add(CounterDay(day=monday + timedelta(days=6), unique_visitors=10,
                                  page_views=10))
    db.session.add(CounterDay(day=date(2026, 3, 9), unique_visitors=999, page_views=999))
    db.session.commit()
    first = _pages(_memo(secretary)[0])[0]
    assert "Visitas a la página web 90 100 100 ▼ baja" in first


def test_a_figure_within_five_percent_of_its_average_reads_equal(week, secretary):
    for monday, total in ((date(2026, 2, 23), 100), (date(2026, 3, 2), 104)):
        db.session.add(CounterDay(day=monday, unique_visitors=total, page_views=total))
    db.session.commit()
    assert "Visitas a la página web 104 100 100 = igual" in _memo(secretary)[1]


def test_compliance_is_ranked_worst_first_with_status_colours_and_month_and_year(
        week, secretary):
    text = _memo(secretary)[1]
    # Month: March's weeks up to W10 (W10 only); year: W2–W10 (W1's Monday is in 2025),
    # C's excused W9 left out.
    assert ("# Unidad Esta semana Entregado Fecha límite Mes a la fecha Año a la fecha "
            "1 C Vacía No entregado — 06/03/2026 15:00 0.0 % 0.0 % "
            "2 B Servicios Extemporáneo 06/03/2026 15:00 06/03/2026 15:00 50.0 % 5.6 % "
            "3 A Obras Entregado a tiempo 06/03/2026 15:00 06/03/2026 15:00 100.0 % 11.1 %"
            ) in text
    data = cabinet.get_cabinet_data(W10, NOW)
    assert data["compliance"]["statuses"] == ["no_entregado", "extemporaneo", "a_tiempo"]


def test_units_are_sorted_by_overdue_and_end_with_a_total_row(week, secretary):
    text = _memo(secretary)[1]
    assert ("A Obras 2 3 3 3 2 3 4.5 19.3 B Servicios 2 3 2 2 1 1 1.0 1.0 "
            "Sin canalizar 2 0 0 1 0 0 — — C Vacía 0 0 0 0 0 0 — — "
            "Total 6 6 5 6 3 4 — —") in text


def test_overdue_tickets_are_summarised_per_unit_with_the_oldest_three_named(week, secretary):
    category = make_category(unit=week["a"], name="Agua")
    extra = [add_ticket(category, local(2026, 1, 5), status="canalizada",
                        channeled=local(2026, 1, 5, 1), due=date(2026, 1, day))
             for day in (10, 12, 28)]
    db.session.commit()
    text = _memo(secretary)[1]
    # At the week's end (9 March): A's due 10 Jan (58 days late), 12 Jan (56), 28 Jan (40),
    # then T-11 and T-1; B's T-5, due 6 March (3).
    assert (f"A Obras 5 58 {extra[0].folio} (58) · {extra[1].folio} (56) · "
            f"{extra[2].folio} (40) B Servicios 1 3 {week['tickets'][5].folio} (3)") in text
    assert week["tickets"][11].folio not in text and week["tickets"][1].folio not in text
    assert "la lista completa (6 solicitudes) se descarga en CSV" in text
    oldest = overdue.list_oldest_overdue_per_unit(NOW, [week["a"].id, week["b"].id], 3)
    assert [t["folio"] for t in oldest[week["a"].id]] == [t.folio for t in extra]
    assert [t["days_late"] for t in oldest[week["b"].id]] == [4]


def test_the_monthly_series_says_where_each_months_visits_come_from(week, secretary):
    db.session.add(MonthlyVisit(year=2026, month=1, visits=5000, source="manual",
                                updated_at=datetime(2026, 2, 1, tzinfo=timezone.utc)))
    db.session.add(MonthlyVisit(year=2025, month=12, visits=4200, source="ga4",
                                updated_at=datetime(2026, 1, 2, tzinfo=timezone.utc)))
    db.session.add(CounterDay(day=date(2026, 2, 3), unique_visitors=70, page_views=90))
    db.session.commit()
    text = _memo(secretary)[1]
    assert "Fuente de las visitas" in text
    assert "dic 2025 4,200 0 0 0 0.0 % Google Analytics 4" in text
    assert "ene 2026 5,000 1 0 0 0.0 % Captura manual" in text
    assert "feb 2026 70 0 4 2 0.0 % Contador propio" in text
    # March up to the week's end (8 March): ticket 8, of 9 March, is not in it yet.
    assert "mar 2026 — 3 4 2 50.0 % Sin datos" in text


def test_chart_bars_carry_their_value_labels():
    drawing = _bar_chart("Visitas", ["ene", "feb", "mar"], [("Visitas", [12345, None, 870])],
                         "Helvetica")
    labels = [item.text for item in drawing.contents if isinstance(item, String)]
    assert "12,345" in labels and "870" in labels
    assert labels.count("0") == 1  # the axis' 0 only: no label for a month without data


def test_sections_come_in_the_memo_order_and_generated_by_is_printed_once(week, secretary):
    pdf, text = _memo(secretary)
    sections = ["Resumen ejecutivo", "Alertas", "Solicitudes de la semana",
                "Notas de la Secretaría Técnica", "Cumplimiento de informes semanales, de peor",
                "Solicitudes y rezago por unidad, de más a menos vencidas",
                "Solicitudes vencidas (3)", "Serie mensual de los últimos 12 meses",
                "Visitas al sitio web", "Cumplimiento de informes semanales (%)",
                "Definiciones", "Promedio de 4 semanas:"]
    positions = [text.index(section) for section in sections]
    assert positions == sorted(positions)
    assert "Atender baches en Las Américas." in _pages(pdf)[0]
    assert text.count("Generado el") == 1


def _rows_table(table_class, rows: int) -> Table:
    return table_class([["Unidad"]] + [[f"Fila {n}"] for n in range(rows)],
                       rowHeights=[10] * (rows + 1), repeatRows=1)


@pytest.mark.parametrize("available,first_rows,second_rows", [
    (105, 8, 2),   # reportlab alone would leave row 10 by itself on the next page
    (95, 8, 2),
    (45, 3, 7),
])
def test_a_table_row_never_lands_alone_on_a_page(available, first_rows, second_rows):
    plain = _rows_table(Table, 10)
    plain.wrap(300, available)
    if available == 105:
        assert len(plain.split(300, available)[1]._cellvalues) == 2  # header + one row
    table = _rows_table(MemoTable, 10)
    table.wrap(300, available)
    first, second = table.split(300, available)
    assert (len(first._cellvalues) - 1, len(second._cellvalues) - 1) == (first_rows,
                                                                         second_rows)


def test_a_table_whose_first_row_alone_would_fit_moves_whole_to_the_next_page():
    table = _rows_table(MemoTable, 10)
    table.wrap(300, 25)
    assert table.split(300, 25) == []


def test_the_memo_query_count_does_not_grow_with_the_rows(week, count_queries):
    with count_queries() as few:
        cabinet.get_cabinet_data(W10, NOW)
    for n in range(6):
        unit = make_unit(name=f"Unidad {n}", code=f"U{n}", created_at=local(2025, 1, 1))
        category = make_category(unit=unit, name=f"Categoría {n}")
        for day in range(2, 9):
            add_ticket(category, local(2026, 2, day, 9), status="en_proceso",
                       channeled=local(2026, 2, day, 10), due=date(2026, 2, day + 5))
    db.session.commit()
    with count_queries() as many:
        cabinet.get_cabinet_data(W10, NOW)
    assert len(many) == len(few) <= 60
