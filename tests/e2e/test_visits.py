"""Browser journeys of the visits feature: the secretary's screens and the embedded counter."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from app.extensions import db
from app.timeutil import MONTHS_ES, to_local, utcnow
from app.visits.models import CounterDay, MonthlyVisit
from tests.factories import make_user

CHROME_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/131.0.0.0 Safari/537.36")


def test_secretary_captures_a_month_and_imports_a_csv(page, live_server, browser_login, tmp_path):
    browser_login(make_user(role="secretary", name="Beatriz Acuña"))
    page.get_by_role("link", name="Visitas web").first.click()
    page.get_by_role("link", name="Capturar el mes actual").click()
    page.get_by_label("Visitas").fill("1234")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Cifras del mes guardadas.").wait_for()
    local = to_local(utcnow())
    row = page.get_by_test_id("visits-table").locator("tbody tr").first
    assert MONTHS_ES[local.month - 1].capitalize() in row.inner_text()
    assert "1,234" in row.inner_text() and "Captura manual" in row.inner_text()
    assert page.locator("svg.visits-chart rect.bar-manual").count() == 1

    csv_file = tmp_path / "ga4.csv"
    csv_file.write_text("# Fecha de inicio: 20250101\nAño y mes,Sesiones,Usuarios totales\n"
                        "202501,500,400\n202502,600,450\n", encoding="utf-8")
    page.get_by_role("link", name="Importar CSV (Google Analytics o Matomo)").click()
    page.get_by_label("Archivo CSV exportado de Google Analytics 4 o Matomo").set_input_files(str(csv_file))
    page.get_by_role("button", name="Revisar el archivo").click()
    page.get_by_test_id("import-preview").wait_for()
    assert db.session.scalar(select(MonthlyVisit).where(MonthlyVisit.year == 2025)) is None
    page.get_by_role("button", name="Confirmar e importar").click()
    page.get_by_text("Se importaron 2 meses de Google Analytics 4.").wait_for()
    db.session.expire_all()
    assert {(m.month, m.visits, m.source) for m in db.session.scalars(
        select(MonthlyVisit).where(MonthlyVisit.year == 2025))} == {(1, 500, "ga4"), (2, 600, "ga4")}


@pytest.fixture
def municipal_site(live_server):
    """A stand-in for the municipal website on another local port, embedding the counter."""
    html = (f'<!doctype html><html lang="es"><head><title>Fresnillo</title></head><body>'
            f'<h1>Portal municipal</h1><script async src="{live_server}/contador.js"></script>'
            f'</body></html>').encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_embedded_script_counts_page_views_and_one_daily_visitor_without_cookies(
        app, browser, live_server, municipal_site):
    app.config["COUNTER_ALLOWED_ORIGINS"] = [municipal_site]
    context = browser.new_context(user_agent=CHROME_UA, locale="es-MX")
    context.add_init_script("Object.defineProperty(navigator, 'webdriver', {get: () => false})")
    page = context.new_page()
    try:
        for _ in range(2):
            with page.expect_response(lambda r: "/contador/pixel.gif" in r.url) as hit:
                page.goto(municipal_site)
            assert hit.value.status == 200 and hit.value.header_value("x-counter") == "counted"
        assert context.cookies() == []
    finally:
        context.close()
    db.session.expire_all()
    (day,) = db.session.scalars(select(CounterDay))
    assert (day.page_views, day.unique_visitors) == (2, 1)
    assert day.day == to_local(utcnow()).date()


def test_a_page_on_a_foreign_site_is_not_counted(app, browser, live_server, municipal_site):
    app.config["COUNTER_ALLOWED_ORIGINS"] = ["https://fresnillo.gob.mx"]
    context = browser.new_context(user_agent=CHROME_UA)
    context.add_init_script("Object.defineProperty(navigator, 'webdriver', {get: () => false})")
    page = context.new_page()
    try:
        with page.expect_response(lambda r: "/contador/pixel.gif" in r.url) as hit:
            page.goto(municipal_site)
        assert hit.value.header_value("x-counter") == "refused-origin"
    finally:
        context.close()
    assert db.session.scalar(select(CounterDay.day)) is None
