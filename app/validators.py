"""Shared input normalisation and Spanish validation messages."""
import re
import unicodedata

PHONE_RE = re.compile(r"^\d{10}$")


class ValidationError(ValueError):
    """Bad user input, with a Spanish message and optionally the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ValidationErrors(ValidationError):
    """Several problems of one input, reported together (all errors in one pass)."""

    def __init__(self, errors: list[ValidationError]):
        super().__init__(" ".join(map(str, errors)))
        self.errors = list(errors)


def collect_errors(*checks) -> list[ValidationError]:
    """Run every check (a callable that raises ValidationError) and return all their errors."""
    errors: list[ValidationError] = []
    for check in checks:
        try:
            check()
        except ValidationErrors as exc:
            errors += exc.errors
        except ValidationError as exc:
            errors.append(exc)
    return errors


def raise_errors(errors: list[ValidationError]) -> None:
    """Raise the one error, or all of them together; nothing when the list is empty."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)


def normalize_text(value: str | None) -> str:
    """Lower-case, accent-free, single-spaced text used for search keys."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(c for c in value if not unicodedata.combining(c))
    return " ".join(value.lower().split())


def normalize_phone(value: str | None) -> str | None:
    """Keep the 10 digits of a Mexican phone number; None when empty."""
    if not value or not value.strip():
        return None
    digits = re.sub(r"\D", "", value)
    if len(digits) == 12 and digits.startswith("52"):
        digits = digits[2:]
    if not PHONE_RE.match(digits):
        raise ValidationError("El teléfono debe tener 10 dígitos.", "phone")
    return digits


def clean(value: str | None) -> str | None:
    """Strip a text field; empty becomes None."""
    value = (value or "").strip()
    return value or None


# The database's INTEGER (PostgreSQL int4; SQLite refuses what does not fit in 64 bits).
DB_INT_MIN, DB_INT_MAX = -2**31, 2**31 - 1
OUT_OF_RANGE = "El número está fuera del rango permitido."
# C0 controls, DEL and C1 controls. Tab, line feed and carriage return are kept in multi-line
# text; in a single line they become a space.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n\r]")


def strip_controls(value, multiline: bool = False):
    """Drop control characters (NUL included) from text; other values pass unchanged."""
    if not isinstance(value, str):
        return value
    value = _CONTROLS.sub("", value)
    return value if multiline else _LINE_BREAKS.sub(" ", value)


def has_controls(value: str | None) -> bool:
    """True when text holds a control character other than tab, line feed or carriage return."""
    return bool(value) and _CONTROLS.search(value) is not None


def in_db_range(number: int) -> bool:
    return DB_INT_MIN <= number <= DB_INT_MAX


def db_int(value) -> int:
    """An integer that fits the database's INTEGER columns; ValueError otherwise.

    Usable as ``request.args.get(name, type=db_int)`` (bad input → the default)."""
    number = int(str(value).strip()) if not isinstance(value, int) else value
    if not in_db_range(number):
        raise ValueError(OUT_OF_RANGE)
    return number


_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$")
MAX_DECIMAL = 1e12


def parse_decimal(value, message: str, field: str | None = None) -> float:
    """A number as Mexico writes it (1,200.5 or 1200.5; a number cell passes as is).

    Raises ValidationError(``message``) for text that is not a finite number of at most
    twelve digits (exponents, «inf» and «nan» included)."""
    if isinstance(value, bool):
        raise ValidationError(message, field)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = strip_controls(str(value or "")).strip().replace(" ", "")
        if not _DECIMAL.match(text):
            raise ValidationError(message, field)
        number = float(text.replace(",", ""))
    if number != number or abs(number) >= MAX_DECIMAL:
        raise ValidationError(message, field)
    return number
