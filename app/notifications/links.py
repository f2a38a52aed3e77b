"""Absolute links for e-mails, built from PUBLIC_BASE_URL (no request, no SERVER_NAME needed)."""
from urllib.parse import quote

from flask import current_app
from werkzeug.routing import BuildError


def public_url(endpoint: str, fallback_path: str, **values) -> str:
    """PUBLIC_BASE_URL + the path of ``endpoint``; when the endpoint does not exist in this
    app (a feature not installed yet) ``fallback_path`` formatted with the URL-quoted values."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    adapter = current_app.url_map.bind("localhost", script_name="/")
    try:
        path = adapter.build(endpoint, values)
    except BuildError:
        path = fallback_path.format(**{k: quote(str(v), safe="") for k, v in values.items()})
    return base + path


def ticket_url(ticket) -> str:
    """Staff link to a ticket's detail page."""
    return public_url("tickets.detail", "/tickets/{ticket_id}", ticket_id=ticket.id)


def inbox_url() -> str:
    """Staff link to the unit's ticket inbox."""
    return public_url("tickets.inbox", "/tickets/bandeja")


def lookup_url(ticket) -> str:
    """Citizen link to the public lookup page, with the folio filled in (never the code)."""
    return public_url("portal.lookup", "/consulta?folio={folio}", folio=ticket.folio)


def report_submit_url(iso_year: int, iso_week: int) -> str:
    """Unit link to the form of its report for a week."""
    return public_url("reports.submit", "/informes/mi-unidad/{iso_year}/{iso_week}",
                      iso_year=iso_year, iso_week=iso_week)


def missing_reports_url() -> str:
    """Secretary link to the units missing this week's report."""
    return public_url("reports.missing", "/informes/faltantes")
