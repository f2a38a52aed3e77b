"""The SEPOMEX postal-code catalogue (pure functions, no database).

Correos de México publishes it as pipe-separated text in Latin-1, one settlement a line:
an optional notice line, then the header ``d_codigo|d_asenta|d_tipo_asenta|D_mnpio|d_estado|
d_ciudad|…`` and the rows. Only the settlements of the configured municipality and state are
kept. Any bad line (wrong column count, empty field, bad postal code) or a bad encoding fails
the whole file with every problem listed, so nothing partial can be stored.
"""
import re
from dataclasses import dataclass

from app.validators import ValidationError, normalize_text

REQUIRED_COLUMNS = ("d_codigo", "d_asenta", "d_tipo_asenta", "D_mnpio", "d_estado")
OPTIONAL_COLUMNS = ("d_ciudad", "id_asenta_cpcons")
MAX_ERRORS = 200
POSTAL_CODE_RE = re.compile(r"^\d{5}$")
# Controls other than tab and line ends: the sign of a file that is not Latin-1 text
# (UTF-16, a spreadsheet, a binary).
BAD_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_NAME = 120


# Words people put before a colonia's name that the catalogue keeps as its type.
TYPE_WORDS = ("colonia", "col", "fraccionamiento", "fracc", "frac", "barrio", "bo")
PUNCTUATION_RE = re.compile(r"[.,;:#\"'()«»]+")


def name_key(text: str | None) -> str:
    """The comparison key of a colonia's name: accent- and case-free, without punctuation
    or a leading «Col.», «Fracc.», «Barrio» (so «Col. Centro» and «centro» meet)."""
    words = normalize_text(PUNCTUATION_RE.sub(" ", text or "")).split()
    stripped = False
    while len(words) > 1 and words[0] in TYPE_WORDS:
        words, stripped = words[1:], True
    if stripped and len(words) > 1 and words[0] == "de":  # «Barrio de San Juan»
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Settlement:
    postal_code: str
    name: str
    kind: str
    city: str | None
    sepomex_id: str | None

    @property
    def search_name(self) -> str:
        return name_key(self.name)


@dataclass
class ParseResult:
    settlements: list[Settlement]
    other_rows: int  # rows of other municipalities, ignored


class SepomexError(ValidationError):
    """The file cannot be imported; ``errors`` lists the problems («Línea n: …»)."""

    def __init__(self, errors: list[str]):
        super().__init__("El archivo no se importó: " + " ".join(errors[:3]), "file")
        self.errors = errors


def decode(raw: bytes) -> str:
    """The file's text: Latin-1 as published, or UTF-8 when it was re-saved so; a Spanish
    error for anything else (UTF-16, binary files)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
        raise SepomexError(["El archivo no está en Latin-1 (parece UTF-16 o binario). "
                            "Descargue de nuevo el catálogo de SEPOMEX en formato TXT."])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    if BAD_CHARS_RE.search(text):
        raise SepomexError(["El archivo tiene caracteres de control: no es el TXT de SEPOMEX "
                            "en Latin-1. Descárguelo de nuevo sin abrirlo en otro programa."])
    return text


def parse(text: str, municipality: str, state: str) -> ParseResult:
    """The settlements of ``municipality`` (in ``state``); SepomexError on any bad line."""
    lines = text.splitlines()
    header_at = next((i for i, line in enumerate(lines[:5])
                      if line.split("|")[0].strip() == "d_codigo"), None)
    if header_at is None:
        raise SepomexError(["No se encontró el encabezado «d_codigo|d_asenta|d_tipo_asenta|"
                            "D_mnpio|d_estado|…» en las primeras líneas."])
    header = [name.strip() for name in lines[header_at].split("|")]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise SepomexError([f"Faltan las columnas {', '.join(missing)} en el encabezado."])
    index = {name: header.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
             if name in header}
    wanted = (normalize_text(municipality), normalize_text(state))
    settlements, errors, other, seen = [], [], 0, set()
    for number, line in enumerate(lines[header_at + 1:], start=header_at + 2):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) != len(header):
            errors.append(f"Línea {number}: tiene {len(cells)} columnas y el encabezado "
                          f"{len(header)}.")
        elif (normalize_text(cells[index["D_mnpio"]]),
              normalize_text(cells[index["d_estado"]])) != wanted:
            other += 1
        else:
            problem, settlement = _settlement(cells, index)
            if problem:
                errors.append(f"Línea {number}: {problem}")
            elif (settlement.postal_code, settlement.search_name, settlement.kind) not in seen:
                seen.add((settlement.postal_code, settlement.search_name, settlement.kind))
                settlements.append(settlement)
        if len(errors) >= MAX_ERRORS:
            errors.append("Hay más errores; se muestran los primeros.")
            break
    if errors:
        raise SepomexError(errors)
    if not settlements:
        raise SepomexError([f"El archivo no tiene asentamientos del municipio de "
                            f"{municipality}, {state}."])
    return ParseResult(settlements, other)


def _settlement(cells, index) -> tuple[str | None, Settlement | None]:
    code, name, kind = (cells[index[k]] for k in ("d_codigo", "d_asenta", "d_tipo_asenta"))
    if not POSTAL_CODE_RE.match(code):
        return f"el código postal «{code}» no tiene 5 dígitos.", None
    if not name or not kind:
        return "falta el nombre o el tipo del asentamiento.", None
    if len(name) > MAX_NAME or len(kind) > 60:
        return f"el nombre pasa de {MAX_NAME} caracteres.", None
    city = cells[index["d_ciudad"]] if "d_ciudad" in index else None
    ident = cells[index["id_asenta_cpcons"]] if "id_asenta_cpcons" in index else None
    return None, Settlement(code, name, kind, (city or None) and city[:120], ident or None)


def serialize(settlements: list[Settlement], municipality: str, state: str) -> str:
    """The kept settlements as a small file of the same format (the preview's confirm form
    carries it back instead of the whole national catalogue)."""
    header = "d_codigo|d_asenta|d_tipo_asenta|D_mnpio|d_estado|d_ciudad|id_asenta_cpcons"
    return "\n".join([header] + ["|".join((s.postal_code, s.name, s.kind, municipality, state,
                                           s.city or "", s.sepomex_id or ""))
                                 for s in settlements])
