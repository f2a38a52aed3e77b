"""Routes of the visits feature for the access matrix (tests/test_access_matrix.py)."""
from tests.roles import PUBLIC, SECRETARY

ROUTES = {
    "visits.index": ("GET", "/visitas/", SECRETARY),
    "visits.month": ("GET", "/visitas/2025/3", SECRETARY),
    "visits.withdraw": ("POST", "/visitas/2025/3/retirar", SECRETARY),
}
ROUTES.update({
    "visits.import_csv": ("GET", "/visitas/importar", SECRETARY),
    "visits.import_confirm": ("POST", "/visitas/importar/confirmar", SECRETARY),
})
ROUTES.update({
    "counter.pixel": ("GET", "/contador/pixel.gif", PUBLIC),  # GIF for all; counts allowed origins only
    "counter.script": ("GET", "/contador.js", PUBLIC),
})
