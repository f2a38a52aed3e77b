"""The health check for the access matrix (tests/test_access_matrix.py)."""
PUBLIC = {"anonymous", "admin", "secretary", "frontdesk", "unit"}

ROUTES = {
    "health.status": ("GET", "/salud", PUBLIC),
}
