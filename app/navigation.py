"""Navigation entries per role: one list, filtered by permission."""
from flask import current_app, url_for

from app.auth.permissions import Permission, has_permission

# (label, endpoint, permission). Features add their entries here.
NAV_ITEMS = [
    ("Unidades", "admin.units", Permission.MANAGE_ADMIN),
    ("Usuarios", "admin.users", Permission.MANAGE_ADMIN),
    ("Catálogo de servicios", "admin.categories", Permission.MANAGE_ADMIN),
    ("Días inhábiles", "admin.non_working_days", Permission.MANAGE_ADMIN),
    ("Contacto municipal", "admin.contact", Permission.MANAGE_ADMIN),
    ("Colonias", "places.catalogue", Permission.MANAGE_ADMIN),
    ("Correos", "notifications.outbox", Permission.MANAGE_ADMIN),
    ("Claves de API", "api_keys.index", Permission.MANAGE_ADMIN),
    ("Nueva solicitud", "tickets.new", Permission.CREATE_TICKETS),
    ("Tickets", "tickets.index", Permission.VIEW_ALL_TICKETS),
    ("Bandeja de denuncias web", "tickets.triage", Permission.CHANNEL_TICKETS),
    ("Mapa de tickets", "places.staff_map", Permission.VIEW_ALL_TICKETS),
    ("Bandeja de mi unidad", "tickets.inbox", Permission.WORK_UNIT_TICKETS),
    ("Mis tickets", "tickets.mine", Permission.WORK_UNIT_TICKETS),
    ("Informe semanal", "reports.my_reports", Permission.SUBMIT_REPORTS),
    ("Informes semanales", "reports.grid", Permission.VIEW_COMPLIANCE),
    ("Programa de trabajo", "programs.mine", Permission.EDIT_PROGRAM),
    ("Programas", "programs.index", Permission.REVIEW_PROGRAMS),  # «Avance» is linked there
    ("Ejes del plan", "programs.axes", Permission.MANAGE_ADMIN),
    ("Estadísticas", "stats.dashboard", Permission.VIEW_STATS),
    ("Reuniones", "meetings.index", Permission.MANAGE_MEETINGS),
    ("Acuerdos", "meetings.agreements", Permission.FOLLOW_AGREEMENTS),
    ("Visitas web", "visits.index", Permission.MANAGE_VISITS),
]


# Entries shown only with a map tile server configured (without one the map is hidden).
NEEDS_MAP_TILES = {"places.staff_map"}


def nav_for(user) -> list[tuple[str, str]]:
    """(label, url) of the entries the user may open and that exist in this app. «Colonias
    sin catálogo» is reached from the dashboard's colonias section, not the menu."""
    endpoints = current_app.view_functions
    tiles = bool(current_app.config.get("MAP_TILE_URL"))
    return [
        (label, url_for(endpoint))
        for label, endpoint, permission in NAV_ITEMS
        if endpoint in endpoints and has_permission(user, permission)
        and (tiles or endpoint not in NEEDS_MAP_TILES)
    ]


def active_url(items: list[tuple[str, str]], path: str) -> str | None:
    """The entry the page belongs to: the longest url ``path`` starts with (so
    /reuniones/acuerdos lights «Acuerdos», not «Reuniones» too); never the home page."""
    matches = [url for _label, url in items if url != "/" and path.startswith(url)]
    return max(matches, key=len, default=None)
