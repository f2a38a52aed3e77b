"""The location pin and the colonia typeahead in a browser, on a phone: the map draws with a
stub tile layer served by the test server (a local PNG), a tap places the pin, «Usar mi
ubicación» moves it, and the complaint stores the point and the catalogue colonia."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.tickets.models import Ticket
from tests.factories import make_category
from tests.places.helpers import make_colonia

STUB_TILES = "/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"
MAP = pytest.mark.config(PORTAL_MIN_FILL_SECONDS=0, MAP_TILE_URL=STUB_TILES,
                         MAP_TILE_ATTRIBUTION="Teselas de prueba")


@MAP
def test_a_citizen_places_a_pin_and_picks_the_colonia_on_a_phone(browser, live_server,
                                                                   csp_violations):
    make_category(name="Bache en la vialidad")
    colonia = make_colonia("Esparza", postal_code="99040")
    make_colonia("Centro")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, locale="es-MX",
                                  timezone_id="America/Mexico_City",
                                  geolocation={"latitude": 23.1801, "longitude": -102.8755},
                                  permissions=["geolocation"])
    page = context.new_page()
    page.set_default_timeout(10000)
    page.on("console", lambda m: m.type == "error" and csp_violations.append(m.text))
    try:
        page.goto(f"{live_server}/denuncia")
        page.get_by_label("¿Sobre qué tema es su denuncia?").select_option(
            label="Bache en la vialidad")
        page.get_by_label("Describa el problema").fill("Bache profundo frente al mercado.")
        search = page.get_by_label("Buscar colonia")
        search.press_sequentially("espar")
        expect(page.locator("#colonia-suggestions option")).to_have_count(1)
        search.fill("Esparza (Colonia), C.P. 99040")  # what choosing the suggestion does
        expect(page.locator("#colonia_id")).to_have_value(str(colonia.id))
        expect(page.get_by_text("Código postal: 99040")).to_be_visible()

        canvas = page.get_by_test_id("pin-map").locator(".leaflet-container")
        canvas.scroll_into_view_if_needed()
        expect(page.locator("img.leaflet-tile-loaded").first).to_be_visible()
        box = canvas.bounding_box()
        canvas.tap(position={"x": box["width"] / 2, "y": box["height"] / 2})
        expect(page.locator("#latitude")).not_to_have_value("")
        expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
        tapped = float(page.locator("#latitude").input_value())
        assert 22.85 < tapped < 23.65

        page.get_by_role("button", name="Usar mi ubicación").click()
        expect(page.locator("#latitude")).to_have_value("23.180100")
        expect(page.locator("#longitude")).to_have_value("-102.875500")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        page.get_by_label("He leído y acepto el aviso de privacidad").check()
        page.get_by_role("button", name="Enviar denuncia").click()
        expect(page.get_by_role("heading", name="Recibimos su denuncia")).to_be_visible()
    finally:
        context.close()
    ticket = db.session.scalars(select(Ticket)).one()
    assert (str(ticket.latitude), str(ticket.longitude)) == ("23.180100", "-102.875500")
    assert (ticket.colonia_id, ticket.colonia) == (colonia.id, "Esparza")
