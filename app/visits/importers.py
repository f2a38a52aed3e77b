"""Parsing of Google Analytics 4 and Matomo CSV exports into monthly figures (pure functions).

Accepted: UTF-8 with or without BOM (and Matomo's default UTF-16 with BOM); comma, semicolon or
tab separated; GA4's leading ``#`` comment block; Spanish or English headers (GA4: Fecha/Date,
Año y mes/Year month, Sesiones/Sessions, Usuarios totales/Total users, Vistas/Views; Matomo:
date/Fecha, nb_visits/Visitas, nb_uniq_visitors/Visitantes únicos, nb_pageviews/Páginas vistas);
daily rows (summed into months) or monthly rows. Every bad line is reported with its number
and nothing is returned, so nothing partial can be stored.

Daily rows give exact monthly visits and page views, but not monthly unique visitors (one
person visiting on two days is one monthly visitor and two daily ones), so those stay unknown.
"""
import base64
import calendar
import csv
import re
from dataclasses import dataclass, field
from datetime import date

from app.timeutil import MONTHS_ES
from app.validators import ValidationError, normalize_text
from app.visits.services import MonthInput

MAX_IMPORT_BYTES = 300_000  # the checked text travels back in the confirm form
MAX_ERRORS_SHOWN = 200

DATE_HEADERS = ("fecha", "date", "ano y mes", "year month", "yearmonth", "dia", "day")
SOURCES = {
    # source: (visits, unique visitors, page views) header aliases, most specific first
    "ga4": (("sesiones", "sessions"),
            ("usuarios totales", "total users", "usuarios", "users", "usuarios activos",
             "active users"),
            ("vistas", "views", "vistas de pagina", "page views", "screen page views")),
    "matomo": (("nb_visits", "visitas", "visits"),
               ("nb_uniq_visitors", "visitantes unicos", "unique visitors"),
               ("nb_pageviews", "paginas vistas", "pageviews", "vistas de pagina")),
}
TOTAL_LABELS = {"total", "totales", "totals", "grand total", "total general", "suma"}
MONTH_NAMES = {name: i + 1 for i, name in enumerate(MONTHS_ES)} | {
    normalize_text(calendar.month_name[i]): i for i in range(1, 13)} | {"setiembre": 9}
NUMBER_RE = re.compile(r"^\d+$|^\d{1,3}(?:([,. ])\d{3})(?:\1\d{3})*$")
DATE_PATTERNS = (
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{4})(\d{2})$"), ("y", "m")),
    (re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{4})[-/](\d{1,2})$"), ("y", "m")),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("d", "m", "y")),
)
MONTH_NAME_RE = re.compile(r"^([a-z]+)\.?(?: de| del)? (\d{4})$")


@dataclass(frozen=True)
class LineError:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"Línea {self.line}: {self.message}" if self.line else self.message


class CsvImportError(ValidationError):
    """The file cannot be imported; ``errors`` lists every problem with its line number."""

    def __init__(self, errors: list[LineError]):
        super().__init__("El archivo no se importó: corrija las líneas señaladas.", "file")
        self.errors = errors


@dataclass
class ImportResult:
    source: str  # ga4 or matomo
    daily: bool
    months: list[MonthInput]
    days: dict[tuple[int, int], int] = field(default_factory=dict)  # days read per month
    ignored_from_line: int | None = None  # a second table after a blank line is not read

    def incomplete_months(self, today: date) -> dict[tuple[int, int], tuple[int, int]]:
        """{(year, month): (days read, days expected)} for daily imports missing days."""
        out = {}
        for (year, month), count in self.days.items():
            expected = calendar.monthrange(year, month)[1]
            if (year, month) == (today.year, today.month):
                expected = today.day
            if count < expected:
                out[(year, month)] = (count, expected)
        return out


def decode_upload(raw: bytes) -> str:
    """Text of an uploaded file: UTF-8 (BOM or not) or UTF-16 with BOM; else a Spanish error."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise CsvImportError([LineError(None, "El archivo no está en UTF-8. Expórtelo de nuevo "
                                              "como CSV con codificación UTF-8.")]) from None
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise CsvImportError([LineError(None, f"El archivo es demasiado grande (máximo "
                                              f"{MAX_IMPORT_BYTES // 1000} KB). Exporte menos filas, "
                                              "por ejemplo por mes en lugar de por día.")])
    if "\x00" in text:
        raise CsvImportError([LineError(None, "El archivo no parece un CSV de texto.")])
    return text


def encode_content(text: str) -> str:
    """The checked text as it travels in the confirm form's hidden field."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def decode_content(value: str | None) -> str:
    """Back from the hidden field; a tampered or truncated value is a Spanish error."""
    try:
        raw = base64.b64decode((value or "").encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raw = b""
    if not raw:
        raise CsvImportError([LineError(None, "No se recibió el contenido del archivo. "
                                              "Vuelva a subirlo.")])
    return decode_upload(raw)


def parse_export(text: str, today: date) -> ImportResult:
    """Monthly figures of a GA4 or Matomo CSV export; raises CsvImportError listing bad lines."""
    lines = text.lstrip("\ufeff").splitlines()
    header_at = next((i for i, line in enumerate(lines)
                      if line.strip() and not line.lstrip().startswith("#")), None)
    if header_at is None:
        raise CsvImportError([LineError(None, "El archivo está vacío o no tiene encabezados.")])
    delimiter = max((",", ";", "\t"), key=lines[header_at].count)
    header = _split(lines[header_at], delimiter)
    source, columns = _columns(header, header_at + 1)
    reader = _RowReader(columns, len(header), today)
    ignored_from = None
    for i in range(header_at + 1, len(lines)):
        line = lines[i]
        if not line.strip() and reader.rows:
            rest = [n for n in range(i + 1, len(lines)) if lines[n].strip()
                    and not lines[n].lstrip().startswith("#")]
            ignored_from = rest[0] + 1 if rest else None
            break
        if line.strip() and not line.lstrip().startswith("#"):
            reader.read(i + 1, _split(line, delimiter))
    return reader.result(source, ignored_from)


def _split(line: str, delimiter: str) -> list[str]:
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]


def _columns(header: list[str], line_no: int) -> tuple[str, dict[str, int]]:
    names = [normalize_text(name.strip('"')) for name in header]
    date_col = next((names.index(n) for n in DATE_HEADERS if n in names), None)
    if date_col is None:
        raise CsvImportError([LineError(line_no, "No se encontró la columna de fecha "
                                                 "(«Fecha» o «Date»).")])
    for source, (visits, unique, views) in SOURCES.items():
        visit_col = next((names.index(n) for n in visits if n in names), None)
        if visit_col is not None:
            columns = {"date": date_col, "visits": visit_col}
            for key, aliases in (("unique_visitors", unique), ("page_views", views)):
                found = next((names.index(n) for n in aliases if n in names), None)
                if found is not None:
                    columns[key] = found
            return source, columns
    raise CsvImportError([LineError(line_no, "No se encontró la columna de visitas: «Sesiones» "
                                             "o «Sessions» (Google Analytics 4), «Visitas», "
                                             "«Visits» o «nb_visits» (Matomo).")])


def parse_period(value: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) of a date cell, or None when it is not a date."""
    value = normalize_text(value.strip('"'))
    for pattern, parts in DATE_PATTERNS:
        match = pattern.match(value)
        if match:
            found = dict(zip(parts, map(int, match.groups())))
            year, month, day = found["y"], found["m"], found.get("d")
            try:
                date(year, month, day or 1)
            except ValueError:
                return None
            return year, month, day
    match = MONTH_NAME_RE.match(value)
    if match and match.group(1) in MONTH_NAMES:
        return int(match.group(2)), MONTH_NAMES[match.group(1)], None
    return None


def parse_count(value: str) -> int | None:
    """A non-negative whole number, thousands separators allowed; None when it is not one."""
    value = value.strip('"').replace("\u00a0", " ").strip()
    if not NUMBER_RE.match(value):
        return None
    return int(re.sub(r"\D", "", value))


class _RowReader:
    """Checks data rows one by one, collecting every error, and sums them per month."""

    def __init__(self, columns: dict[str, int], width: int, today: date):
        self.columns, self.width, self.today = columns, width, today
        self.errors: list[LineError] = []
        self.rows = 0
        self.seen: dict[tuple, int] = {}
        self.daily: bool | None = None
        self.totals: dict[tuple[int, int], list] = {}
        self.days: dict[tuple[int, int], int] = {}

    def read(self, line_no: int, cells: list[str]) -> None:
        self.rows += 1
        if len(cells) != self.width:
            self._error(line_no, f"tiene {len(cells)} columnas y el encabezado {self.width}.")
            return
        raw_date = cells[self.columns["date"]]
        if normalize_text(raw_date) in TOTAL_LABELS:
            return
        period = parse_period(raw_date)
        problems = []
        if period is None:
            problems.append(f"la fecha «{raw_date}» no es válida (use por ejemplo 20240131, "
                            "2024-01-31, 31/01/2024 o 2024-01).")
        values = {}
        for key in ("visits", "unique_visitors", "page_views"):
            if key in self.columns:
                values[key] = parse_count(cells[self.columns[key]])
                if values[key] is None:
                    problems.append(f"«{cells[self.columns[key]]}» no es un número entero "
                                    f"válido ({LABELS[key]}).")
        if period is not None:
            problems.extend(self._check_period(line_no, period))
        if None not in (values.get("unique_visitors"), values["visits"]) and \
                values["unique_visitors"] > values["visits"]:
            problems.append("los visitantes únicos no pueden ser más que las visitas.")
        if problems:
            self._error(line_no, " ".join(problems))
            return
        self._add(period, values)

    def _check_period(self, line_no: int, period) -> list[str]:
        year, month, day = period
        daily = day is not None
        if (year, month, day or 1) > (self.today.year, self.today.month,
                                     self.today.day if daily else 1):
            return ["la fecha es posterior a hoy."]
        if self.daily is None:
            self.daily = daily
        elif self.daily != daily:
            return ["mezcla filas diarias y mensuales; exporte un solo tipo."]
        if period in self.seen:
            return [f"la fecha se repite (ya aparece en la línea {self.seen[period]}); "
                    "exporte el informe sin otras dimensiones."]
        self.seen[period] = line_no
        return []

    def _add(self, period, values) -> None:
        key = period[:2]
        sums = self.totals.setdefault(key, [0, 0, 0])
        for i, name in enumerate(("visits", "unique_visitors", "page_views")):
            sums[i] += values.get(name) or 0
        if period[2] is not None:
            self.days[key] = self.days.get(key, 0) + 1

    def _error(self, line_no: int, message: str) -> None:
        self.errors.append(LineError(line_no, message[0].upper() + message[1:]))

    def result(self, source: str, ignored_from: int | None) -> ImportResult:
        if self.errors:
            raise CsvImportError(self.errors)
        if not self.totals:
            raise CsvImportError([LineError(None, "El archivo no tiene filas de datos.")])
        has_unique = "unique_visitors" in self.columns and not self.daily
        has_views = "page_views" in self.columns
        months = [MonthInput(year, month, sums[0], sums[1] if has_unique else None,
                             sums[2] if has_views else None)
                  for (year, month), sums in sorted(self.totals.items())]
        return ImportResult(source, bool(self.daily), months, self.days, ignored_from)


LABELS = {"visits": "visitas", "unique_visitors": "visitantes únicos", "page_views": "páginas vistas"}
