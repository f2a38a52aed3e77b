"""The colonia picker and the pin on the desk intake, the portal and Open311: what is stored,
and the bad input (unknown colonia id, pin outside the municipality) that stores nothing."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.tickets.models import Ticket
from tests.factories import make_category, make_user
from tests.places.helpers import make_colonia
from tests.portal.helpers import complaint_data

MAP_ON = pytest.mark.config(MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png",
                            RATELIMIT_ENABLED=False, PORTAL_MIN_FILL_SECONDS=0)


def _intake(category, **overrides):
    data = {"citizen_name": "José Ángel Muñoz", "citizen_phone": "4931112233",
            "channel": "presencial", "kind": "reporte", "category_id": str(category.id),
            "unit_id": "0", "description": "Fuga de agua en la esquina.",
            "address": "Juárez 12", "colonia_id": "", "colonia": "", "localidad": "Fresnillo"}
    data.update(overrides)
    return data


@pytest.fixture
def desk(login_as):
    login_as(make_user(role="frontdesk"))


def _tickets() -> int:
    return db.session.scalar(select(func.count()).select_from(Ticket))


def _only_ticket() -> Ticket:
    return db.session.scalars(select(Ticket)).one()


def test_the_intake_lists_the_catalogue_with_postal_codes_and_otra(client, desk):
    make_colonia("Esparza", postal_code="99040")
    page = client.get("/tickets/nueva").get_data(as_text=True)
    assert 'data-cp="99040"' in page and "Esparza (Colonia), C.P. 99040" in page
    assert '<option value="otra">Otra (no está en la lista)</option>' in page
    assert "pin-map" not in page and "leaflet" not in page  # no tiles configured: no map


def test_choosing_a_catalogue_colonia_stores_its_id_and_its_name(client, desk):
    colonia = make_colonia("Las Américas", postal_code="99020")
    response = client.post("/tickets/nueva", data=_intake(make_category(),
                                                          colonia_id=str(colonia.id)))
    assert response.status_code == 302
    ticket = _only_ticket()
    assert (ticket.colonia_id, ticket.colonia) == (colonia.id, "Las Américas")


def test_otra_keeps_the_free_text_without_a_catalogue_entry(client, desk):
    make_colonia("Centro")
    client.post("/tickets/nueva", data=_intake(make_category(), colonia_id="otra",
                                               colonia="Ampliación Las Huertas"))
    ticket = _only_ticket()
    assert (ticket.colonia_id, ticket.colonia) == (None, "Ampliación Las Huertas")


def test_free_text_naming_one_catalogue_colonia_is_linked_to_it(client, desk):
    colonia = make_colonia("Las Américas", postal_code="99020")
    client.post("/tickets/nueva", data=_intake(make_category(), colonia="col. las americas"))
    ticket = _only_ticket()
    assert ticket.colonia_id == colonia.id and ticket.colonia == "col. las americas"


@pytest.mark.parametrize("choice", ["999999", "abc", "99999999999999999999", "-1"])
def test_an_unknown_colonia_id_is_explained_and_nothing_is_stored(client, desk, choice):
    make_colonia("Centro")
    response = client.post("/tickets/nueva", data=_intake(make_category(), colonia_id=choice))
    assert response.status_code == 200
    assert "La colonia elegida no existe en el catálogo" in response.get_data(as_text=True)
    assert _tickets() == 0


def test_a_merged_colonia_id_stands_for_the_one_that_absorbed_it(client, desk):
    target = make_colonia("Centro")
    merged = make_colonia("Zona Centro", active=False, merged_into_id=target.id)
    client.post("/tickets/nueva", data=_intake(make_category(), colonia_id=str(merged.id)))
    assert _only_ticket().colonia_id == target.id


@MAP_ON
def test_with_tiles_the_forms_show_the_map_and_allow_the_tile_server(client, desk):
    response = client.get("/tickets/nueva")
    page = response.get_data(as_text=True)
    assert 'data-testid="pin-map"' in page and "vendor/leaflet/leaflet.js" in page
    assert "img-src 'self' data: https://tiles.example.org;" in response.headers[
        "Content-Security-Policy"]
    assert 'data-testid="pin-map"' in client.get("/denuncia").get_data(as_text=True)


def test_a_pin_inside_the_municipality_is_stored(client, desk):
    client.post("/tickets/nueva", data=_intake(make_category(), colonia="Centro",
                                               latitude="23.174512", longitude="-102.869987"))
    ticket = _only_ticket()
    assert (str(ticket.latitude), str(ticket.longitude)) == ("23.174512", "-102.869987")


@pytest.mark.parametrize("lat, long, message", [
    ("19.432608", "-99.133209", "fuera del municipio de Fresnillo"),  # Mexico City
    ("23.17", "", "latitud y la longitud juntas"),
    ("95", "-102.87", "Coordenada no válida"),
    ("NaN", "-102.87", "Coordenada no válida"),
])
def test_a_bad_pin_is_explained_and_nothing_is_stored(client, desk, lat, long, message):
    response = client.post("/tickets/nueva", data=_intake(
        make_category(), colonia="Centro", latitude=lat, longitude=long))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _tickets() == 0


@pytest.mark.config(RATELIMIT_ENABLED=False, PORTAL_MIN_FILL_SECONDS=0)
def test_the_portal_stores_the_chosen_colonia_and_the_pin(client):
    colonia = make_colonia("Esparza", postal_code="99040")
    response = client.post("/denuncia", data=complaint_data(
        make_category(), colonia="", colonia_id=str(colonia.id), latitude="23.18",
        longitude="-102.88"))
    assert response.status_code == 302
    ticket = _only_ticket()
    assert (ticket.colonia_id, ticket.colonia, str(ticket.latitude)) == (
        colonia.id, "Esparza", "23.180000")


@pytest.mark.config(RATELIMIT_ENABLED=False, PORTAL_MIN_FILL_SECONDS=0)
@pytest.mark.parametrize("overrides, message", [
    ({"colonia": "", "colonia_id": "otra"}, "Indique la colonia."),
    ({"colonia_id": "424242"}, "La colonia elegida no existe"),
    ({"latitude": "20.67", "longitude": "-103.35"}, "fuera del municipio"),  # Guadalajara
])
def test_bad_portal_places_are_explained_and_nothing_is_stored(client, overrides, message):
    make_colonia("Centro")
    response = client.post("/denuncia", data=complaint_data(make_category(), **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _tickets() == 0


def test_the_typeahead_finds_colonias_by_part_of_the_name_without_accents(client):
    make_colonia("Las Américas", postal_code="99020")
    make_colonia("América Latina", postal_code="99030")
    make_colonia("Centro")
    make_colonia("Américas Viejas", postal_code="99050", active=False)
    rows = client.get("/colonias/buscar.json?q=AMERICA").get_json()
    assert [r["name"] for r in rows] == ["América Latina", "Las Américas"]  # starts-with first
    assert rows[1]["postal_code"] == "99020" and rows[1]["label"].endswith("C.P. 99020")
    assert client.get("/colonias/buscar.json?q=%25").get_json() == []
    assert client.get("/colonias/buscar.json").get_json() == []
