"""The secretary opens the statistics from the menu and downloads the cabinet PDF."""
from datetime import datetime, time, timedelta

import pytest
from pypdf import PdfReader

from tests.factories import make_category, make_unit, make_user
from tests.stats.fixtures import add_ticket
from app.extensions import db
from app.stats.periods import last_complete_week
from app.timeutil import LOCAL_TZ, utcnow


def test_secretary_opens_dashboard_and_downloads_the_cabinet_pdf(page, live_server,
                                                                  browser_login, tmp_path):
    # Active since before the last complete week, which the dashboard opens on.
    unit = make_unit(name="Obras Públicas", created_at=utcnow() - timedelta(days=30))
    add_ticket(make_category(unit=unit), utcnow(), colonia="Centro")
    db.session.commit()
    browser_login(make_user(role="secretary"))
    page.locator("nav[aria-label='Navegación principal']").get_by_role(
        "link", name="Estadísticas").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Estadísticas · Semana")
    assert page.locator("svg.stats-chart").count() == 4
    assert "Obras Públicas" in page.get_by_test_id("table-unidades").inner_text()
    page.get_by_role("link", name="Informe de gabinete (PDF)").click()
    page.get_by_label("Notas para el gabinete").fill("Revisar el rezago de Obras Públicas.")
    with page.expect_download() as info:
        page.get_by_role("button", name="Generar y descargar PDF").click()
    target = tmp_path / "gabinete.pdf"
    info.value.save_as(target)
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Revisar el rezago de Obras Públicas." in text
    page.goto(f"{live_server}/estadisticas/gabinete")
    assert page.get_by_test_id("cabinet-reports").get_by_role("link", name="Descargar").count() == 1


@pytest.mark.parametrize("width", [1366, 390])
def test_secretary_follows_a_card_and_a_unit_cell_to_the_same_count(page, live_server,
                                                                    browser_login, width):
    page.set_viewport_size({"width": width, "height": 900})
    # Active since before the last complete week, which the dashboard opens on.
    unit = make_unit(name="Obras Públicas", created_at=utcnow() - timedelta(days=30))
    category = make_category(unit=unit)
    week = last_complete_week(utcnow())
    monday = datetime.combine(week.first, time(9), tzinfo=LOCAL_TZ)
    for day in range(3):
        add_ticket(category, monday + timedelta(days=day), channeled=monday + timedelta(days=day))
    db.session.commit()
    browser_login(make_user(role="secretary"))
    page.goto(f"{live_server}/estadisticas/")
    card = page.get_by_role("link", name="Ver lo que cuenta: Solicitudes recibidas: 3")
    assert card.is_visible()
    card.click()
    assert page.get_by_test_id("result-count").inner_text().startswith("3 resultados.")
    page.go_back()
    cell = page.get_by_test_id("table-unidades").get_by_role("link").nth(1)  # canalizadas
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    cell.click()
    assert page.get_by_test_id("result-count").inner_text().startswith("3 resultados.")
    assert "Fecha de canalización" in page.get_by_test_id("active-filters").inner_text()
