"""GeoReport v2 documents in its two formats (XML required, JSON by the Spark convention).

Pure functions: a document is plain data (dicts, lists, strings, numbers, booleans, None);
``to_xml`` names the children of a list after the singular of the list's element
(``services`` → ``service``, ``service_requests`` → ``request``), as the specification writes.
"""
import json
from datetime import datetime
from decimal import Decimal
from xml.etree import ElementTree as ET

from app.timeutil import to_local

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
CHILD_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def w3c(value: datetime | None) -> str | None:
    """A UTC datetime as local time in the W3C format with its offset (2026-11-28T10:15:00-06:00)."""
    return to_local(value).isoformat(timespec="seconds") if value is not None else None


def to_json(document) -> str:
    return json.dumps(document, ensure_ascii=False, default=_json_default)


def to_xml(root: str, document) -> str:
    element = ET.Element(root)
    _fill(element, root, document)
    return XML_DECLARATION + ET.tostring(element, encoding="unicode")


def render(fmt: str, root: str, document) -> tuple[str, str]:
    """(body, content type) of a document in ``fmt`` ("json" or "xml")."""
    body = to_json(document) if fmt == "json" else to_xml(root, document)
    return body, CONTENT_TYPES[fmt]


def _fill(element, name: str, value) -> None:
    if isinstance(value, list):
        for item in value:
            _fill(ET.SubElement(element, CHILD_NAMES[name]), CHILD_NAMES[name], item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), key, item)
    elif value is not None:
        element.text = _text(value)


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not serializable: {type(value).__name__}")
