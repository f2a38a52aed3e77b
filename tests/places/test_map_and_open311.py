"""The staff map of open tickets (with tiles configured) and the pins through Open311:
lat/long and the colonia's postal code published, a pin outside the municipality refused."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.tickets.models import Ticket
from tests.factories import make_category, make_ticket, make_unit, make_user
from tests.open311.conftest import V2, api_key, json_of, post_request  # noqa: F401
from tests.places.helpers import make_colonia

TILES = pytest.mark.config(MAP_TILE_URL="https://{s}.tiles.example.org/{z}/{x}/{y}.png")


@pytest.fixture
def desk(login_as):
    login_as(make_user(role="frontdesk"))


def test_without_tiles_the_staff_map_says_it_is_not_configured(client, desk):
    page = client.get("/tickets/mapa").get_data(as_text=True)
    assert 'data-testid="map-off"' in page and "leaflet.js" not in page


@TILES
def test_the_staff_map_lists_open_pinned_tickets_filtered_by_category_and_unit(client, desk):
    unit, other_unit = make_unit(), make_unit()
    category, other = make_category(unit=unit), make_category(unit=other_unit)
    shown = make_ticket(category, latitude="23.1700", longitude="-102.8700")
    elsewhere = make_ticket(other, latitude="23.1710", longitude="-102.8710")
    make_ticket(category)  # no pin
    response = client.get("/tickets/mapa")
    assert 'data-testid="staff-map"' in response.get_data(as_text=True)
    assert "https://*.tiles.example.org" in response.headers["Content-Security-Policy"]
    everything = client.get("/tickets/mapa.json").get_json()
    assert len(everything) == 2
    rows = client.get(f"/tickets/mapa.json?categoria={category.id}").get_json()
    assert [(r["folio"], r["lat"], r["long"]) for r in rows] == [(shown.folio, 23.17, -102.87)]
    assert [r["folio"] for r in client.get(
        f"/tickets/mapa.json?unidad={other_unit.id}").get_json()] == [elsewhere.folio]
    assert client.get("/tickets/mapa.json?categoria=abc&unidad=99999999999").status_code == 200


def test_open311_publishes_the_pin_and_the_colonias_postal_code(client):
    colonia = make_colonia("Esparza", postal_code="99040")
    ticket = make_ticket(make_category(code="bacheo-x"), channel="web", kind="denuncia",
                         auto_channel=False, colonia_id=colonia.id, latitude="23.1745",
                         longitude="-102.8697")
    [item] = json_of(client.get(f"{V2}/requests/{ticket.folio}.json"))
    assert (item["zipcode"], item["lat"], item["long"]) == ("99040", 23.1745, -102.8697)


def test_open311_refuses_a_pin_outside_the_municipality(client, api_key):  # noqa: F811
    make_category(code="alumbrado")
    response = post_request(client, api_key, lat="21.8853", long="-102.2916")  # Aguascalientes
    assert response.status_code == 400
    assert "fuera del municipio de Fresnillo" in response.get_json()[0]["description"]
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 0


def test_the_menu_offers_the_map_only_with_tiles_and_never_the_unmapped_colonias(client,
                                                                              login_as):
    login_as(make_user(role="secretary"))  # may open both pages
    page = client.get("/tickets/").get_data(as_text=True)
    assert "Mapa de tickets" not in page and "Colonias sin catálogo" not in page
    assert client.get("/colonias/sin-catalogo").status_code == 200


@TILES
def test_with_tiles_the_menu_offers_the_map(client, desk):
    assert "Mapa de tickets" in client.get("/tickets/").get_data(as_text=True)
