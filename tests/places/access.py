"""Places routes for the access matrix: the typeahead is public (the portal uses it), the
catalogue is the administrator's, the mapping of free text the Secretaría's, the CSV the
statistics', the staff map the desk's."""
from tests.roles import ADMIN, DESK, PUBLIC, SECRETARY

C = "/admin/colonias"
ROUTES = {
    "places.suggest": ("GET", "/colonias/buscar.json?q=cen", PUBLIC),
    "places.catalogue": ("GET", C, ADMIN),
    "places.add": ("GET", C + "/nueva", ADMIN),
    "places.edit": ("GET", C + "/{colonia}", ADMIN),
    "places.merge": ("POST", C + "/{colonia}/fusionar", ADMIN),
    "places.import_file": ("GET", C + "/importar", ADMIN),
    "places.import_confirm": ("POST", C + "/importar/confirmar", ADMIN),
    "places.unmapped": ("GET", "/colonias/sin-catalogo", SECRETARY),
    "places.figures_csv": ("GET", "/estadisticas/colonias.csv", SECRETARY),
    "places.staff_map": ("GET", "/tickets/mapa", DESK),
    "places.staff_map_pins": ("GET", "/tickets/mapa.json", DESK),
}


def make_objects(unit):
    from tests.places.helpers import make_colonia

    make_colonia("Industrial", postal_code="99010")
    return {"colonia": make_colonia("Centro").id}
