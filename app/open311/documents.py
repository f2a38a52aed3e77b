"""Rows → GeoReport v2 documents with exactly the specification's fields (no queries)."""
from datetime import datetime, time

from app.open311.formats import w3c
from app.tickets import constants as c
from app.timeutil import LOCAL_TZ
from app.units.attributes import DATATYPE_HINTS

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = datetime.fromisoformat("2026-11-29T00:00:00-06:00")
REQUEST_FIELDS = ("service_request_id", "status", "status_notes", "service_name", "service_code",
                  "description", "agency_responsible", "service_notice", "requested_datetime",
                  "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
                  "lat", "long", "media_url")
SERVICE_FIELDS = ("service_code", "service_name", "description", "metadata", "type", "keywords",
                  "group")
ATTRIBUTE_FIELDS = ("variable", "code", "datatype", "required", "datatype_description", "order",
                    "description", "values")


def discovery(api_url: str, docs_url: str) -> dict:
    return {
        "changeset": w3c(CHANGESET),
        "contact": "Secretaría Técnica del H. Ayuntamiento de Fresnillo, Zacatecas. "
                   f"Documentación: {docs_url}",
        "key_service": "Para crear solicitudes pida una api_key a la Secretaría Técnica "
                       "(administrador del sistema). La consulta es libre.",
        "endpoints": [{"specification": SPEC_URL, "url": api_url, "changeset": w3c(CHANGESET),
                       "type": "production", "formats": ["text/xml", "application/json"]}],
    }


def service(category, has_attributes: bool) -> dict:
    """A catalog entry; metadata is true when it asks extra questions (see its definition)."""
    return {"service_code": category.code, "service_name": category.name,
            "description": category.description or category.name,
            "metadata": bool(has_attributes), "type": "realtime", "keywords": None,
            "group": category.default_unit.name if category.default_unit else None}


def service_definition(category, attributes) -> dict:
    """The service's active extra questions; every one asks for input (variable true)."""
    return {"service_code": category.code, "attributes": [
        {"variable": True, "code": attribute.code, "datatype": attribute.datatype,
         "required": attribute.required,
         "datatype_description": DATATYPE_HINTS[attribute.datatype],
         "order": attribute.position, "description": attribute.description,
         "values": [{"key": choice["key"], "name": choice["name"]}
                    for choice in attribute.choices or []]}
        for attribute in attributes]}


def request(row) -> dict:
    """One published ticket (a row of queries.REQUEST_COLUMNS) as a service request."""
    finished = row.status in c.FINISHED_STATUSES
    address = ", ".join(p for p in (row.address, row.colonia, row.localidad) if p) or None
    expected = (datetime.combine(row.due_date, time(23, 59, 59), tzinfo=LOCAL_TZ)
                if row.due_date and not finished else None)
    return {
        "service_request_id": row.folio, "status": "closed" if finished else "open",
        "status_notes": row.status_notes, "service_name": row.service_name,
        "service_code": row.service_code, "description": row.description,
        "agency_responsible": row.unit_name, "service_notice": None,
        "requested_datetime": w3c(row.created_at),
        "updated_datetime": w3c(row.updated_at or row.created_at),
        "expected_datetime": w3c(expected), "address": address, "address_id": None,
        "zipcode": row.zipcode, "lat": row.latitude, "long": row.longitude, "media_url": None,
    }


def created(ticket, lookup_url: str) -> dict:
    """The answer to POST requests: the folio, and also a token (see the developer page)."""
    notice = (f"Denuncia recibida con el folio {ticket.folio}. Código de consulta: "
              f"{ticket.lookup_code}. El ciudadano puede consultar el avance en {lookup_url} "
              "con el folio y el código.")
    return {"service_request_id": ticket.folio, "token": ticket.api_token,
            "service_notice": notice, "account_id": None}


def token(row) -> dict:
    return {"service_request_id": row.folio, "token": row.api_token}


def errors(status: int, description: str) -> list[dict]:
    return [{"code": status, "description": description}]
