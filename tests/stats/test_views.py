"""Dashboard, filters, CSV exports and the cabinet screens, through the test client."""
import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.stats.models import CabinetReport
from app.stats.periods import current_week, last_complete_week
from app.timeutil import utcnow
from tests.factories import make_category, make_unit, make_user
from tests.stats.fixtures import add_ticket, local

W10_ARGS = "desde=2026-03-02&hasta=2026-03-08"


@pytest.fixture
def secretary_client(login_as):
    return login_as(make_user(role="secretary"))


def _csv(response):
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_dashboard_shows_the_period_figures_and_charts(week, secretary_client):
    response = secretary_client.get(f"/estadisticas/?{W10_ARGS}")
    assert response.status_code == 200
    html = response.text
    assert "Semana 10 de 2026 (02/03/2026 al 08/03/2026)" in html
    assert "Semana 9 de 2026" in html
    assert html.count("<svg") == 4
    assert "Atendida cuenta como concluida" in html
    assert "Las Américas" in html and "Descargar CSV" in html


@pytest.mark.parametrize("query,message", [
    ("desde=2026-02-30", "La fecha inicial no es válida"),
    ("hasta=ayer", "La fecha final no es válida"),
    ("desde=2026-03-08&hasta=2026-03-01", "La fecha inicial no puede ser posterior a la final."),
    ("desde=2099-01-01", "El periodo no puede comenzar en el futuro."),
    ("desde=2025-01-01&hasta=2026-01-02", "El periodo no puede ser mayor de un año."),
    ("unidad=999999", "La unidad elegida no existe."),
    ("unidad=abc", "La unidad elegida no existe."),
])
def test_bad_filters_get_a_spanish_message_not_an_error(app, secretary_client, query, message):
    response = secretary_client.get(f"/estadisticas/?{query}")
    assert response.status_code == 200
    assert message in response.text
    assert "Se muestra la última semana completa." in response.text


def test_unit_filter_limits_the_tables(week, secretary_client):
    response = secretary_client.get(f"/estadisticas/csv/unidades?{W10_ARGS}&unidad={week['b'].id}")
    rows = _csv(response)
    assert [row[0] for row in rows[1:]] == ["B Servicios"]


def test_csv_of_units_has_spanish_headers_bom_and_the_figures(week, secretary_client):
    response = secretary_client.get(f"/estadisticas/csv/unidades?{W10_ARGS}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:6] == ["Unidad", "Recibidas", "Canalizadas", "Concluidas",
                           "Rezago al cierre", "Vencidas"]
    # Overdue at the week's end (9 March 00:00): tickets 1 and 11; ticket 12, due 20 March,
    # is overdue today but was not then.
    assert rows[1] == ["A Obras", "2", "3", "3", "3", "2", "3", "4.5", "19.3"]


@pytest.mark.parametrize("name", ["resumen", "unidades", "canales", "tipos", "categorias",
                                  "colonias", "vencidas", "mensual"])
def test_every_table_exports_to_csv(week, secretary_client, name):
    rows = _csv(secretary_client.get(f"/estadisticas/csv/{name}?{W10_ARGS}"))
    assert len(rows) >= 2


def test_csv_neutralises_formulas_typed_by_citizens(app, secretary_client):
    category = make_category(unit=make_unit())
    add_ticket(category, local(2026, 3, 3, 9), colonia="=HYPERLINK(\"http://x\")")
    db.session.commit()
    rows = _csv(secretary_client.get(f"/estadisticas/csv/colonias?{W10_ARGS}"))
    assert rows[1][0].startswith("'=")


def test_unknown_csv_table_is_404(app, secretary_client):
    assert secretary_client.get("/estadisticas/csv/nada").status_code == 404


def test_dashboard_query_count_does_not_grow_with_the_rows(app, secretary_client, count_queries):
    unit = make_unit()
    category = make_category(unit=unit)
    with count_queries() as few:
        secretary_client.get(f"/estadisticas/?{W10_ARGS}")
    for day in range(2, 9):
        for hour in range(8, 14):
            add_ticket(category, local(2026, 3, day, hour), status="atendida",
                       resolved=local(2026, 3, day, hour + 3), colonia=f"Colonia {hour}")
    db.session.commit()
    with count_queries() as many:
        secretary_client.get(f"/estadisticas/?{W10_ARGS}")
    assert len(many) == len(few) <= 40


@pytest.mark.parametrize("week", ["2026-03-02", "2026-03-05", "2026-W10"])  # W10: an old form
def test_secretary_generates_a_pdf_and_finds_it_listed(app, secretary_client, week):
    response = secretary_client.post("/estadisticas/gabinete", data={
        "week": week, "notes": "Sin novedades."})
    assert response.status_code == 302
    report = db.session.scalar(select(CabinetReport))
    assert response.headers["Location"].endswith(f"/estadisticas/gabinete/{report.id}/informe.pdf")
    listing = secretary_client.get("/estadisticas/gabinete").text
    assert "Semana 10 de 2026" in listing and report.sha256 in listing


def test_cabinet_form_defaults_to_the_last_complete_week_and_refuses_future_ones(
        app, secretary_client):
    page = secretary_client.get("/estadisticas/gabinete").text
    assert f'<option value="{last_complete_week(utcnow()).first.isoformat()}" selected>' in page
    assert 'type="week"' not in page
    response = secretary_client.post("/estadisticas/gabinete", data={"week": "2099-01-07"})
    assert response.status_code == 200
    assert "No se puede generar el informe de una semana futura." in response.text
    assert db.session.scalar(select(CabinetReport)) is None


def test_unknown_cabinet_report_is_404(app, secretary_client):
    assert secretary_client.get("/estadisticas/gabinete/999/informe.pdf").status_code == 404


def test_chart_axis_labels_are_not_rounded_to_a_wrong_number():
    from app.stats.charts import bar_chart

    svg = str(bar_chart("Prueba", ["a", "b"], [("Serie", [50, 3])]))
    labels = [part.split("<")[0] for part in svg.split('text-anchor="end">')[1:]]
    assert labels == ["0", "12.5", "25", "37.5", "50"]


def test_csv_cells_are_plain_numbers_without_apostrophes_or_separators(week, secretary_client):
    rows = _csv(secretary_client.get(f"/estadisticas/csv/resumen?{W10_ARGS}"))
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert by_label["Solicitudes recibidas"] == ["6", "1", "5"]
    assert by_label["Cumplimiento de informes semanales"] == ["50.0", "0.0", "50.0"]
    assert not any(cell.startswith("'") for row in rows for cell in row)
    overdue = _csv(secretary_client.get(f"/estadisticas/csv/vencidas?{W10_ARGS}"))
    assert overdue[1][3].count("-") == 2 and overdue[1][4].isdigit()  # 2026-02-20, days late


def test_dashboard_writes_numbers_as_in_mexico(week, secretary_client):
    html = secretary_client.get(f"/estadisticas/?{W10_ARGS}").text
    assert "+5 (+500.0 %)" in html and "50.0 %" in html and "+50.0 pts" in html
    assert "4,5" not in html and "50,0 %" not in html


def test_dashboard_opens_on_the_last_complete_week_without_a_running_notice(app, secretary_client):
    html = secretary_client.get("/estadisticas/").text
    assert last_complete_week(utcnow()).label in html
    assert 'data-testid="running-notice"' not in html


def test_the_running_week_can_be_chosen_and_is_marked(app, secretary_client):
    week = current_week(utcnow())
    html = secretary_client.get(
        f"/estadisticas/?desde={week.first.isoformat()}&hasta={week.last.isoformat()}").text
    assert 'data-testid="running-notice"' in html and "Semana en curso:" in html
    assert "cuenta solo las semanas cuyo plazo de entrega ya venció" in html


@pytest.fixture
def many_overdue(app):
    """250 overdue tickets (more than the 200 shown on screen), due on 25 distinct days."""
    category = make_category(unit=make_unit(name="Obras"))
    for n in range(250):
        add_ticket(category, local(2026, 1, 5, 9), status="en_proceso" if n % 2 else "canalizada",
                   channeled=local(2026, 1, 5, 10), due=date(2026, 2, 1) + timedelta(days=n % 25))
    db.session.commit()


def test_the_overdue_csv_is_complete_beyond_the_200_shown(many_overdue, secretary_client):
    response = secretary_client.get(f"/estadisticas/csv/vencidas?{W10_ARGS}")
    assert response.status_code == 200 and response.is_streamed
    rows = _csv(response)
    assert rows[0] == ["Folio", "Unidad", "Categoría", "Fecha compromiso", "Días de atraso",
                       "Estado"]
    assert len(rows) == 251 and len({row[0] for row in rows[1:]}) == 250
    dues = [row[3] for row in rows[1:]]
    assert dues == sorted(dues) and dues[0] == "2026-02-01"
    html = secretary_client.get(f"/estadisticas/?{W10_ARGS}").text
    assert "Se muestran 200 de 250" in html and "CSV de solicitudes vencidas" in html


def test_the_overdue_stream_reads_in_chunks_and_keeps_the_order(many_overdue):
    from app.stats import overdue

    now = utcnow()
    assert (list(overdue.iter_overdue_tickets(now, chunk=7))
            == list(overdue.iter_overdue_tickets(now)))
    assert [r["folio"] for r in overdue.list_overdue_tickets(now)] == [
        r["folio"] for r in overdue.iter_overdue_tickets(now, chunk=13)][:200]


@pytest.mark.parametrize("query,message", [
    ("desde=2026-03-08&hasta=2026-03-01", "La fecha inicial no puede ser posterior a la final."),
    ("desde=2025-01-01&hasta=2026-01-02", "El periodo no puede ser mayor de un año."),
    ("desde=2099-01-01", "El periodo no puede comenzar en el futuro."),
    ("desde=2026-13-01", "La fecha inicial no es válida"),
])
def test_a_csv_of_a_bad_range_is_a_spanish_message_not_an_error(app, secretary_client, query,
                                                                message):
    for name in ("vencidas", "unidades"):
        response = secretary_client.get(f"/estadisticas/csv/{name}?{query}")
        assert response.status_code == 400 and message in response.text


def test_a_csv_of_a_whole_year_is_accepted(app, secretary_client):
    response = secretary_client.get("/estadisticas/csv/mensual?desde=2025-01-01&hasta=2025-12-31")
    assert response.status_code == 200
