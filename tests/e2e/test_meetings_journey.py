"""The cabinet loop in the browser: the Secretary records a meeting and an agreement, the unit
reports it done with an evidence file, the Secretary downloads it and verifies the agreement,
and the next memo lists it as kept."""
from datetime import timedelta

from app.meetings.memo import get_memo_followup
from app.stats.periods import current_week
from app.timeutil import local_today, utcnow
from tests.factories import make_unit, make_user

ACTA = b"%PDF-1.4\n% acta de entrega de la calle Juarez\n%%EOF\n"


def test_an_agreement_goes_from_the_meeting_to_the_memo(page, live_server, browser_login):
    unit = make_unit(name="Obras Públicas", code="OBRAS")
    staff = make_user(role="unit", unit=unit, name="Ing. Carlos Ruelas")
    secretary = make_user(role="secretary")
    today = local_today()
    # Held earlier today (the memo counts what was verified since the last meeting).
    browser_login(secretary)
    page.get_by_role("link", name="Reuniones", exact=True).first.click()
    page.get_by_role("link", name="Nueva reunión").click()
    page.get_by_label("Fecha").fill(today.isoformat())
    page.get_by_label("Hora").fill("00:00")
    page.get_by_role("button", name="Registrar reunión").click()
    page.get_by_label("Acuerdo", exact=True).fill("Bachear la calle Juárez.")
    page.get_by_label("Unidades responsables").select_option(label="Obras Públicas")
    page.get_by_label("Fecha límite").fill((today + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Registrar acuerdo").click()
    assert "Acuerdo registrado." in page.get_by_role("alert").inner_text()
    assert page.get_by_test_id("agreement-state").inner_text() == "Pendiente"

    page.get_by_role("button", name="Cerrar sesión").click()
    browser_login(staff)
    page.get_by_role("link", name="Acuerdos", exact=True).first.click()
    page.get_by_test_id("agreements").get_by_role("link").first.click()
    page.get_by_label("Nuevo estado").select_option(label="Reportar cumplido")
    page.get_by_label("Nota").fill("Se bacheó la calle completa.")
    page.get_by_label("Archivo de evidencia").set_input_files(files=[{
        "name": "acta-juarez.pdf", "mimeType": "application/pdf", "buffer": ACTA}])
    page.get_by_role("button", name="Guardar").click()
    assert page.get_by_test_id("agreement-state").inner_text() == "Cumplido propuesto"

    page.get_by_role("button", name="Cerrar sesión").click()
    browser_login(secretary)
    page.goto(f"{live_server}/reuniones/acuerdos?estado=cumplido_propuesto")
    page.get_by_test_id("agreements").get_by_role("link").first.click()
    with page.expect_download() as download:
        page.get_by_test_id("history").get_by_role("link", name="acta-juarez.pdf").click()
    assert download.value.suggested_filename == "acta-juarez.pdf"
    assert download.value.path().read_bytes() == ACTA
    page.get_by_label("Nuevo estado").select_option(label="Verificar cumplido")
    page.get_by_role("button", name="Guardar").click()
    assert page.get_by_test_id("agreement-state").inner_text() == "Cumplido"
    assert "Se bacheó la calle completa." in page.get_by_test_id("history").inner_text()

    week = current_week(utcnow())
    page.goto(f"{live_server}/estadisticas/?desde={week.first}&hasta={week.last}")
    followup = page.get_by_test_id("agreements-followup").inner_text()
    done = get_memo_followup(week, utcnow())["done"]
    assert [row[1:3] for row in done] == [("Bachear la calle Juárez.", "Obras Públicas")]
    assert f"Núm. {done[0][0]} · Obras Públicas" in followup
