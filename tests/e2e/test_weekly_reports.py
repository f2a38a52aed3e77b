"""A unit hands in its weekly report, with its work-program progress, in the browser; the
secretary sees it in the grid, and the area behind schedule in the memo's section."""
from datetime import date, time, timedelta

from app.reports import compliance as cm
from app.timeutil import local_today, utcnow
from tests.factories import make_user
from tests.programs.factories import make_action, make_program
from tests.reports.factories import PDF_BYTES, make_reporting_unit


def test_unit_submits_its_report_and_the_secretary_sees_it(page, live_server, browser_login,
                                                            tmp_path):
    # A deadline on Sunday 23:59 keeps this week's report on time whenever the test runs.
    unit = make_reporting_unit(name="Obras Públicas", code="OBRAS", report_deadline_weekday=6,
                               report_deadline_time=time(23, 59))
    staff = make_user(role="unit", unit=unit, name="Ing. Carlos Ruelas")
    secretary = make_user(role="secretary")
    pdf = tmp_path / "avance.pdf"
    pdf.write_bytes(PDF_BYTES)
    year, week = cm.current_week(utcnow())
    # An action due by this week's end (or the year's): 1.5 of 12 km is behind whatever the date.
    today = local_today()
    program = make_program(unit, year=today.year, created_at=utcnow() - timedelta(hours=2),
                           approved_at=utcnow() - timedelta(hours=1))
    sunday = cm.week_monday(year, week) + timedelta(days=6)
    make_action(program, key="OP-02", name="Rehabilitación de calles", goal=12.0, measure="km",
                starts_on=date(today.year, 1, 1), ends_on=min(sunday, date(today.year, 12, 31)))

    browser_login(staff)
    page.get_by_role("link", name="Informe semanal", exact=True).first.click()
    page.get_by_role("link", name="Entregar el informe de esta semana").click()
    page.get_by_label("Resumen de las acciones de la semana").fill("Bacheo en 12 colonias.")
    page.get_by_label("Avance acumulado").fill("1.5")
    page.get_by_label("Comentario").fill("Calle Hidalgo terminada")
    page.get_by_label("Archivo (opcional)").set_input_files(str(pdf))
    page.get_by_role("button", name="Entregar informe").click()
    assert "Informe entregado a tiempo." in page.get_by_role("alert").inner_text()
    assert page.get_by_test_id("report-summary").inner_text() == "Bacheo en 12 colonias."
    assert page.get_by_role("link", name="avance.pdf").count() == 1

    page.get_by_role("button", name="Cerrar sesión").click()
    browser_login(secretary)
    page.get_by_role("link", name="Informes semanales").first.click()
    cell = page.locator(f"tr[data-unit='OBRAS'] td[data-week='{year}-{week}'] a")
    assert cell.get_attribute("data-status") == cm.A_TIEMPO
    cell.click()
    assert page.get_by_test_id("report-summary").inner_text() == "Bacheo en 12 colonias."
    assert "Calle Hidalgo terminada" in page.content()

    # The memo's section for today (the dashboard's default is the last complete week).
    page.goto(f"{live_server}/estadisticas/?desde={today.isoformat()}&hasta={today.isoformat()}")
    attention = page.get_by_test_id("programs-attention").inner_text()
    assert "Obras Públicas" in attention and "OP-02 Rehabilitación de calles" in attention
