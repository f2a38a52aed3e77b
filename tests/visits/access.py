"""Routes of the visits feature for the access matrix (tests/test_access_matrix.py)."""
SECRETARY = {"secretary"}
PUBLIC = {"anonymous", "admin", "secretary", "frontdesk", "unit"}

ROUTES = {
    "visits.index": ("GET", "/visitas/", SECRETARY),
    "visits.month": ("GET", "/visitas/2025/3", SECRETARY),
}
