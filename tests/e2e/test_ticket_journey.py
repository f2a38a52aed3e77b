"""Front desk opens a ticket and prints the receipt; the unit takes it and closes it."""
import io

from pypdf import PdfReader

from app.extensions import db
from tests.factories import make_category, make_ticket, make_unit, make_user


def test_front_desk_to_unit_journey_with_receipt_and_timeline(page, live_server, browser_login):
    unit = make_unit(name="Servicios Públicos")
    category = make_category(unit=unit, name="Alumbrado público")
    desk = make_user(role="frontdesk", name="Rocío Ventanilla")
    staff = make_user(role="unit", unit=unit, name="Mónica Servicios")
    make_ticket(category, citizen_data={"name": "Rosa Elena Gámez", "phone": "4935550001"})
    db.session.commit()

    browser_login(desk)
    page.get_by_role("link", name="Nueva solicitud", exact=True).first.click()
    # Type only once the page's scripts listen (on a busy machine the fill could come first).
    page.wait_for_load_state("load")
    page.get_by_label("Teléfono (10 dígitos)").fill("493555")
    suggestion = page.locator("#citizen-suggestions button", has_text="Rosa Elena Gámez")
    suggestion.wait_for(timeout=30000)  # debounced fetch; slow on a busy machine
    suggestion.click()
    assert page.get_by_label("Nombre del ciudadano").input_value() == "Rosa Elena Gámez"
    page.get_by_label("Canal", exact=True).select_option("telefonica")
    page.get_by_label("Tipo", exact=True).select_option("reporte")
    page.get_by_label("Categoría del catálogo").select_option(label="Alumbrado público")
    assert "El catálogo propone: Servicios Públicos" in page.locator("#proposed-unit").inner_text()
    page.get_by_label("Colonia del problema").fill("Centro")
    page.get_by_label("Colonia del problema").blur()
    page.get_by_test_id("duplicate-candidates").wait_for()
    page.get_by_label("Descripción").fill("Luminaria apagada frente a la plaza.")
    page.get_by_role("button", name="Registrar solicitud").click()
    assert "Solicitud registrada con el folio AC-" in page.content()
    folio = page.locator("h1").inner_text().split()[1]
    assert page.get_by_test_id("ticket-unit").inner_text() == "Servicios Públicos"

    receipt = page.get_by_role("link", name="Imprimir acuse")
    response = page.request.get(live_server + receipt.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert folio in text and "Servicios Públicos" in text

    page.get_by_role("button", name="Cerrar sesión").click()
    browser_login(staff)
    page.get_by_role("link", name="Bandeja de mi unidad").first.click()
    page.get_by_role("link", name=folio).click()
    page.get_by_test_id("action-en_proceso").locator("summary").click()
    page.get_by_test_id("action-en_proceso").get_by_role("button").click()
    assert "Estado actualizado: En proceso." in page.content()
    action = page.get_by_test_id("action-atendida")
    action.locator("summary").click()
    action.get_by_label("Escriba la nota de resolución.").fill("Se cambió la luminaria.")
    action.get_by_role("button").click()
    assert "Estado actualizado: Atendida." in page.content()
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "Rocío Ventanilla" in timeline and "Mónica Servicios" in timeline
    assert "Se cambió la luminaria." in timeline and "Atendida" in timeline
