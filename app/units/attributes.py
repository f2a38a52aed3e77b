"""Rules of the catalog's extra questions (Open311 service attributes), without queries.

The datatypes are GeoReport v2's. An answer is validated against its attribute's datatype
and, for the list datatypes, against the attribute's keys; what is stored is one string per
value (a multivaluelist answer is several). Messages name the ``attribute[code]`` argument
because API clients are the ones who send answers.
"""
import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from app.timeutil import to_local
from app.validators import ValidationError

DATATYPES = {
    "string": "Texto corto",
    "text": "Texto largo",
    "number": "Número",
    "datetime": "Fecha y hora",
    "singlevaluelist": "Lista (una opción)",
    "multivaluelist": "Lista (varias opciones)",
}
LIST_TYPES = ("singlevaluelist", "multivaluelist")
# GeoReport's datatype_description: how to write an answer of each datatype.
DATATYPE_HINTS = {
    "string": "Texto de hasta 255 caracteres.",
    "text": "Texto de hasta 4000 caracteres.",
    "number": "Número con punto decimal, por ejemplo 12.5.",
    "datetime": "Fecha y hora W3C con zona horaria, por ejemplo 2026-11-28T10:15:00-06:00.",
    "singlevaluelist": "Una de las claves (key) de values.",
    "multivaluelist": "Una o varias claves (key) de values: attribute[código][]=clave1"
                      "&attribute[código][]=clave2.",
}
MAX_CHARS = {"string": 255, "text": 4000, "number": 40}
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
MAX_CHOICES = 50


def parse_choices(text: str | None, datatype: str) -> list[dict]:
    """The admin's options, one ``clave = nombre`` per line → ``[{"key", "name"}]``."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if datatype not in LIST_TYPES:
        if lines:
            raise ValidationError("Las opciones solo se usan con los tipos de lista; deje este "
                                  "campo vacío o elija un tipo de lista.", "choices")
        return []
    if not lines:
        raise ValidationError("Una lista necesita al menos una opción (una por línea: "
                              "clave = nombre).", "choices")
    if len(lines) > MAX_CHOICES:
        raise ValidationError(f"Se admiten como máximo {MAX_CHOICES} opciones.", "choices")
    choices, seen = [], set()
    for number, line in enumerate(lines, start=1):
        key, sep, name = (part.strip() for part in line.partition("="))
        if not sep or not key or not name:
            raise ValidationError(f"Línea {number}: escriba la opción como «clave = nombre».",
                                  "choices")
        if not KEY_RE.match(key):
            raise ValidationError(f"Línea {number}: la clave «{key}» debe tener hasta 40 letras "
                                  "sin acentos, dígitos, puntos, guiones o guiones bajos.",
                                  "choices")
        if key in seen:
            raise ValidationError(f"Línea {number}: la clave «{key}» está repetida.", "choices")
        if len(name) > 150:
            raise ValidationError(f"Línea {number}: el nombre admite como máximo 150 caracteres.",
                                  "choices")
        seen.add(key)
        choices.append({"key": key, "name": name})
    return choices


def choices_text(choices: list[dict] | None) -> str:
    """The options as the admin form writes them (the inverse of parse_choices)."""
    return "\n".join(f"{choice['key']} = {choice['name']}" for choice in choices or [])


def check_answers(attributes, answers: dict[str, list[str]]) -> list[tuple]:
    """Validate answers ``{code: [values]}`` to a category's active ``attributes``.

    Returns the ``(attribute, value)`` pairs to store; raises ValidationError (Spanish) on a
    missing required answer, an unknown attribute, a value of the wrong datatype or a key
    that is not among the attribute's options. Empty values count as absent.
    """
    by_code = {attribute.code: attribute for attribute in attributes}
    answers = {code: [v.strip() for v in values if v and v.strip()]
               for code, values in answers.items()}
    for code, values in answers.items():
        if values and code not in by_code:
            raise ValidationError(f"Este servicio no tiene el atributo attribute[{code}]; "
                                  "consulte services/{service_code} para ver los suyos.",
                                  f"attribute[{code}]")
    pairs = []
    for attribute in attributes:
        values = answers.get(attribute.code) or []
        if not values:
            if attribute.required:
                raise ValidationError(f"Falta el atributo obligatorio attribute[{attribute.code}]"
                                      f" ({attribute.description}).", f"attribute[{attribute.code}]")
            continue
        pairs.extend((attribute, value) for value in _check_values(attribute, values))
    return pairs


def _check_values(attribute, values: list[str]) -> list[str]:
    arg = f"attribute[{attribute.code}]"
    if attribute.datatype == "multivaluelist":
        values = list(dict.fromkeys(values))
    elif len(values) > 1:
        raise ValidationError(f"El atributo {arg} admite un solo valor.", arg)
    if attribute.datatype in LIST_TYPES:
        keys = [choice["key"] for choice in attribute.choices or []]
        for value in values:
            if value not in keys:
                raise ValidationError(f"El atributo {arg} no admite la clave «{value[:40]}»; "
                                      f"claves válidas: {', '.join(keys)}.", arg)
        return values
    [value] = values
    limit = MAX_CHARS.get(attribute.datatype)
    if limit and len(value) > limit:
        raise ValidationError(f"El atributo {arg} admite como máximo {limit} caracteres.", arg)
    if attribute.datatype == "number":
        return [_number(value, arg)]
    if attribute.datatype == "datetime":
        return [_datetime(value, arg)]
    return [value]


def _number(value: str, arg: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(f"El atributo {arg} debe ser un número, por ejemplo 12.5.", arg)
    return value


def _datetime(value: str, arg: str) -> str:
    """A W3C datetime with its zone → stored in local time with its offset."""
    # An unencoded "+" in a query string arrives as a space: "…T10:15:00 06:00".
    value = re.sub(r"(\d) (\d{2}:\d{2})$", r"\1+\2", value)
    try:
        moment = datetime.fromisoformat(value) if "T" in value else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError(f"El atributo {arg} debe ser una fecha y hora W3C con zona "
                              "horaria, por ejemplo 2026-11-28T10:15:00-06:00.", arg)
    return to_local(moment).isoformat(timespec="seconds")


def display_value(attribute, value: str) -> str:
    """An answer as staff read it: a list key by its option name."""
    if attribute.datatype in LIST_TYPES:
        names = {choice["key"]: choice["name"] for choice in attribute.choices or []}
        return names.get(value, value)
    if attribute.datatype == "datetime":
        try:
            return to_local(datetime.fromisoformat(value)).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return value
    return value
