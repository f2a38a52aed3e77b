"""Shared input normalisation and Spanish validation messages."""
import re
import unicodedata

PHONE_RE = re.compile(r"^\d{10}$")


class ValidationError(ValueError):
    """Bad user input, with a Spanish message and optionally the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


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
