"""Import of a program's actions from the spreadsheet units keep: XLSX (openpyxl) or CSV.

First a preview: every line cleaned by the same rules as the form (``clean_action``), every
bad line listed with its number; then all or nothing. Between the two steps the file waits
under the upload folder with a random name bound to the program.
"""
import csv
import io
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.programs.lifecycle import clean_action, import_actions, list_axis_choices
from app.programs.models import MILESTONE, ProgramAction
from app.validators import ValidationError, ValidationErrors, normalize_text, strip_controls

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 300
SUBDIR = "program-imports"
FORMULA_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                  "#SPILL!", "#CALC!", "#GETTING_DATA")
# Spreadsheet heading (accents, case and spaces ignored) -> the action's field.
COLUMNS = {"clave": "key", "accion": "name", "eje": "axis", "tipo de meta": "goal_kind",
           "meta": "goal", "unidad de medida": "measure", "inicio": "starts_on",
           "fin": "ends_on", "curva": "curve", "meta t1": "target_q1", "meta t2": "target_q2",
           "meta t3": "target_q3", "meta t4": "target_q4"}
REQUIRED = ("clave", "accion", "eje", "meta", "unidad de medida", "inicio", "fin")
TOKEN = re.compile(r"^[0-9a-f]{32}\.(csv|xlsx)$")


@dataclass
class Line:
    number: int
    raw: dict
    values: dict | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class Preview:
    token: str
    lines: list[Line]

    @property
    def bad(self) -> list[Line]:
        return [line for line in self.lines if line.errors]


def _kind(name: str, head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if (name or "").lower().endswith(".csv"):
        return "csv"
    raise ValidationError("El archivo debe ser una hoja de Excel (XLSX) o un CSV.", "file")


def read_table(kind: str, content: bytes) -> list[tuple[int, list]]:
    """(line number, cells) of every non-empty line, the heading first."""
    if kind == "xlsx":
        return _xlsx_lines(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [(n, row) for n, row in enumerate(reader, 1) if any(c.strip() for c in row)]
    except csv.Error:
        raise ValidationError("No se pudo leer el CSV: revise sus comillas y separadores.",
                              "file")


def _xlsx_lines(content: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        lines = [(n, list(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), 1)
                 if any(c not in (None, "") for c in row)]
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise ValidationError("No se pudo abrir la hoja de Excel: el archivo está dañado o no "
                              "es un XLSX.", "file")
    return lines


def _columns(heading: list) -> dict[int, str]:
    names = {i: normalize_text(str(cell or "")) for i, cell in enumerate(heading)}
    missing = [name for name in REQUIRED if name not in names.values()]
    if missing:
        raise ValidationError("Faltan columnas en la primera fila: " + ", ".join(missing)
                              + ". Use el formato de la plantilla.", "file")
    return {i: COLUMNS[name] for i, name in names.items() if name in COLUMNS}


def parse_lines(table: list[tuple[int, list]]) -> list[Line]:
    """Raw values per line, with the formula errors already noted."""
    if not table:
        raise ValidationError("El archivo está vacío.", "file")
    columns = _columns(table[0][1])
    if len(table) - 1 > MAX_LINES:
        raise ValidationError(f"Importe como máximo {MAX_LINES} acciones por archivo.", "file")
    lines = []
    for number, cells in table[1:]:
        raw, errors = {}, []
        for i, name in columns.items():
            value = cells[i] if i < len(cells) else None
            if isinstance(value, str):
                value = strip_controls(value).strip()
                if value in FORMULA_ERRORS:
                    errors.append(f"la columna «{name_of(name)}» tiene un error de fórmula "
                                  f"({value})")
            raw[name] = value
        if str(raw.get("measure") or "").strip() == "%" and not raw.get("goal_kind"):
            raw["goal_kind"] = MILESTONE
        lines.append(Line(number, raw, errors=errors))
    return lines


def name_of(field_name: str) -> str:
    return next(h for h, f in COLUMNS.items() if f == field_name)


def check_lines(program, lines: list[Line]) -> None:
    """Clean every line with the form's rules; keys must be new and unique in the file."""
    axes = list_axis_choices()
    taken = set(db.session.scalars(select(ProgramAction.key).where(
        ProgramAction.program_id == program.id)))
    for line in lines:
        if line.errors:
            continue
        try:
            line.values = clean_action(line.raw, program, axes)
        except ValidationErrors as exc:
            line.errors += [str(e) for e in exc.errors]
        except ValidationError as exc:
            line.errors.append(str(exc))
        key = (line.values or {}).get("key")
        if key in taken:
            line.errors.append(f"la clave {key} ya existe en el programa o en otra línea")
            line.values = None
        elif key:
            taken.add(key)


def _folder(upload_dir: str) -> Path:
    folder = Path(upload_dir) / SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(upload_dir: str, program, token: str) -> Path:
    if not TOKEN.match(token or ""):
        raise ValidationError("La vista previa ya no está disponible: vuelva a subir el "
                              "archivo.")
    return _folder(upload_dir) / f"{program.id}-{token}"


def preview_upload(program, upload, upload_dir: str) -> Preview:
    """Read and check an uploaded file; keep it for the confirmation."""
    content = upload.read(MAX_BYTES + 1) if upload else b""
    if not content:
        raise ValidationError("Elija el archivo XLSX o CSV del programa.", "file")
    if len(content) > MAX_BYTES:
        raise ValidationError("El archivo excede 2 MB.", "file")
    kind = _kind(getattr(upload, "filename", ""), content[:4])
    lines = parse_lines(read_table(kind, content))
    check_lines(program, lines)
    token = f"{secrets.token_hex(16)}.{kind}"
    _path(upload_dir, program, token).write_bytes(content)
    return Preview(token, lines)


def confirm_import(program, token: str, upload_dir: str, actor, now) -> int:
    """Import the previewed file: every line, or nothing when any line is bad."""
    path = _path(upload_dir, program, token)
    if not path.is_file():
        raise ValidationError("La vista previa ya no está disponible: vuelva a subir el "
                              "archivo.")
    lines = parse_lines(read_table(token.rsplit(".", 1)[1], path.read_bytes()))
    check_lines(program, lines)
    bad = [line for line in lines if line.errors]
    if bad:
        raise ValidationError(f"El archivo tiene {len(bad)} líneas con errores: no se importó "
                              "ninguna.")
    count = import_actions(program, [line.values for line in lines], actor, now)
    path.unlink(missing_ok=True)
    return count


def template_csv() -> str:
    """The heading row and one example line (the plantilla)."""
    heading = ["Clave", "Acción", "Eje", "Tipo de meta", "Meta", "Unidad de medida", "Inicio",
               "Fin", "Curva", "Meta T1", "Meta T2", "Meta T3", "Meta T4"]
    example = ["OP-01", "Bacheo en vialidades primarias", "EJE2", "cantidad", "12000", "m²",
               "2027-01-15", "2027-11-30", "lineal", "", "", "", ""]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([heading, example])
    return buffer.getvalue()


