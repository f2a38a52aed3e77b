"""Open311 request arguments: parsing, defaults of the specification, and its error type."""
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.timeutil import LOCAL_TZ
from app.validators import has_controls

MAX_RANGE = timedelta(days=90)
MAX_ROWS = 1000
STATUS_VALUES = ("open", "closed")
# attribute[code]=value, and attribute[code][]=key once per key of a multivaluelist.
ATTRIBUTE_ARG = re.compile(r"^attribute\[([^\[\]]+)\](?:\[\])?$")
_W3C = re.compile(r"^(\d{4})-(\d{2})-(\d{2})"
                  r"(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$")


class ApiError(Exception):
    """An error answered in the specification's format: HTTP status + Spanish description."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


@dataclass
class RequestFilters:
    """Validated arguments of GET requests."""

    folios: list[str] | None = None
    service_codes: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None
    statuses: list[str] | None = None


def checked(value: str, name: str) -> str:
    """``value`` unchanged; ApiError 400 when it holds a control character (NUL included).

    The API refuses instead of stripping, as the forms do: its clients are programs, and a
    program sending a NUL byte has a bug it should be told about."""
    if has_controls(value):
        raise ApiError(400, f"El parámetro {name} contiene caracteres de control no permitidos.")
    return value


def optional(args, name: str) -> str | None:
    """An optional argument: empty counts as absent (the specification says so)."""
    value = checked((args.get(name) or "").strip(), name)
    return value or None


def attribute_answers(values) -> dict[str, list[str]]:
    """The ``attribute[code]`` arguments of POST requests → ``{code: [values]}``."""
    answers: dict[str, list[str]] = {}
    for name, items in values.lists():
        match = ATTRIBUTE_ARG.match(name)
        if match:
            answers.setdefault(checked(match.group(1).strip(), "attribute"), []).extend(
                checked(item, name) for item in items)
    return answers


def comma_list(value: str | None) -> list[str] | None:
    items = [item.strip() for item in (value or "").split(",") if item.strip()]
    return items or None


def parse_w3c(value: str, name: str) -> datetime:
    """A W3C datetime with its offset (a bare date is that day's local midnight) → aware datetime."""
    # An unencoded "+" in a query string arrives as a space: "…T10:15:00 06:00".
    value = re.sub(r"(\d) (\d{2}:\d{2})$", r"\1+\2", value.strip())
    match = _W3C.match(value)
    if not match:
        raise ApiError(400, f"El parámetro {name} debe tener formato W3C con zona horaria, "
                            "por ejemplo 2026-11-28T10:15:00-06:00 o 2026-11-28T16:15:00Z.")
    year, month, day, hour, _minute, _second, _fraction, zone = match.groups()
    if hour is not None and zone is None:
        raise ApiError(400, f"El parámetro {name} debe incluir la zona horaria "
                            "(Z o un desfase como -06:00).")
    try:
        if hour is None:
            return datetime.combine(date(int(year), int(month), int(day)), time.min,
                                    tzinfo=LOCAL_TZ)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, f"El parámetro {name} no es una fecha válida.") from None


def parse_request_filters(args, now: datetime) -> RequestFilters:
    """GET requests arguments with the defaults: the last 90 days, at most 90 days."""
    folios = comma_list(optional(args, "service_request_id"))
    if folios is not None:
        if len(folios) > MAX_ROWS:
            raise ApiError(400, f"Se admiten como máximo {MAX_ROWS} valores en service_request_id.")
        return RequestFilters(folios=[folio.upper() for folio in folios])
    start_text, end_text = optional(args, "start_date"), optional(args, "end_date")
    start = parse_w3c(start_text, "start_date") if start_text else None
    end = parse_w3c(end_text, "end_date") if end_text else None
    if start is None and end is None:
        start, end = now - MAX_RANGE, now
    elif start is None:
        start = end - MAX_RANGE
    elif end is None:
        end = start + MAX_RANGE
    if start > end:
        raise ApiError(400, "start_date debe ser anterior a end_date.")
    if end - start > MAX_RANGE:
        raise ApiError(400, "El rango entre start_date y end_date no puede exceder 90 días.")
    statuses = comma_list((optional(args, "status") or "").lower())
    if statuses and any(status not in STATUS_VALUES for status in statuses):
        raise ApiError(400, "El parámetro status admite solo open o closed (separados por comas).")
    return RequestFilters(service_codes=comma_list(optional(args, "service_code")),
                          start=start, end=end, statuses=statuses)
