"""A citizen on a phone files a complaint on the public portal, then looks up the folio."""
import pytest

from tests.factories import make_category, make_unit


@pytest.mark.config(PORTAL_MIN_FILL_SECONDS=0)
@pytest.mark.parametrize("javascript", [True, False], ids=["con-js", "sin-js"])
def test_citizen_files_a_complaint_on_a_phone_and_looks_up_the_folio(
        browser, live_server, javascript):
    make_category(unit=make_unit(name="Obras Públicas"), name="Bache en la vialidad")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, locale="es-MX", java_script_enabled=javascript,
                                  timezone_id="America/Mexico_City")
    page = context.new_page()
    page.set_default_timeout(10000)
    try:
        page.goto(f"{live_server}/cuenta/entrar")
        page.get_by_role("link", name="¿Quiere presentar una denuncia ciudadana?").click()
        page.wait_for_load_state("load")  # its stylesheet too: a busy machine serves it late
        assert page.title().startswith("Presentar una denuncia ciudadana")
        if javascript:  # no horizontal scrolling on the phone
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
        trap = page.get_by_label("Deje este campo vacío").bounding_box()
        assert trap["x"] + trap["width"] <= 0  # honeypot off-screen
        page.get_by_label("¿Sobre qué tema es su denuncia?").select_option(label="Bache en la vialidad")
        page.get_by_label("Describa el problema").fill("Bache profundo <b>frente</b> al mercado.")
        page.get_by_label("Calle y número o referencia").fill("Calle Morelos 45")
        page.get_by_label("Colonia").fill("Centro")
        page.get_by_label("Nombre completo").fill("Lucía Hernández")
        page.get_by_label("Teléfono (10 dígitos)").fill("4931112233")
        page.get_by_label("He leído y acepto el aviso de privacidad").check()
        page.get_by_role("button", name="Enviar denuncia").click()

        assert page.get_by_role("heading", name="Recibimos su denuncia").is_visible()
        folio = page.get_by_test_id("folio").inner_text().strip()
        code = page.get_by_test_id("lookup-code").inner_text().strip()
        assert folio.startswith("DW-") and len(code) == 8
        assert "<b>frente</b>" in page.get_by_test_id("description").inner_text()

        page.get_by_role("link", name="la página de consulta").click()
        assert page.get_by_label("Folio").input_value() == folio
        page.get_by_label("Código de consulta").fill(code)
        page.get_by_role("button", name="Consultar").click()
        assert page.get_by_role("heading", name=f"Folio {folio}").is_visible()
        assert page.get_by_test_id("status").inner_text() == "Recibida"
        assert "Solicitud recibida" in page.get_by_test_id("updates").inner_text()
        assert "Lucía" not in page.content() and "4931112233" not in page.content()
    finally:
        context.close()
