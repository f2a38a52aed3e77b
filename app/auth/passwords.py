"""Password policy: long enough, not the person's own words, not common, hard to guess."""
import unicodedata
from functools import lru_cache
from pathlib import Path

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from app.validators import ValidationError

MIN_LENGTH = 10
# zxcvbn scores 0-4 (4: at least 10^10 guesses). Its dictionaries are English: every Spanish
# word counts as random letters, so its estimate of Spanish text runs high and a 4 on it is
# about a real 3. A 3 would still let «Fresnillo-2024!» through; three Spanish words pass.
MIN_SCORE = 4
# zxcvbn's cost grows with length; a longer tail adds nothing to the estimate.
ESTIMATE_CHARS = 64
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
# Name parts too short or too frequent to tell anything about a password.
NAME_STOPWORDS = {"de", "del", "la", "las", "los", "y", "san"}

HINTS = {
    "spatial": "Evite secuencias del teclado como «qwerty» o «asdf».",
    "repeat": "Evite repetir caracteres o palabras.",
    "sequence": "Evite secuencias como «abc» o «1234».",
    "date": "Evite fechas.",
    "regex": "Evite años recientes.",
    "dictionary": "Evite palabras comunes y nombres conocidos.",
}


def _strip_accents(value: str) -> str:
    value = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in value if not unicodedata.combining(c))


def _fold(value: str) -> str:
    """Lower case without accents, to compare words the way people type them."""
    return _strip_accents(value).lower()


@lru_cache(maxsize=1)
def _local_words() -> tuple[str, ...]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(_fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(_local_words())


def _personal_words(username: str | None, name: str | None) -> list[str]:
    """The username and the name's words (4+ letters: «Ana» would refuse «campana»)."""
    parts = [p for p in _fold(name or "").replace(".", " ").split() if p not in NAME_STOPWORDS]
    words = [_fold(username or "").strip(), "".join(parts)]
    words += [p for p in parts if len(p) >= 4]
    return [w for w in words if len(w) >= 3]


def check_password_policy(password: str, *, username: str | None = None,
                          name: str | None = None) -> None:
    """Raise ValidationError (Spanish, field ``password``) unless the password is strong."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            f"La contraseña debe tener al menos {MIN_LENGTH} caracteres.", "password")
    folded = _fold(password)
    compact = "".join(c for c in folded if c.isalnum())
    personal = _personal_words(username, name)
    if any(word in folded or word in compact for word in personal):
        raise ValidationError(
            "La contraseña no puede contener su nombre de usuario ni su nombre.", "password")
    if folded in _common_passwords() or compact in _common_passwords():
        raise ValidationError(
            "Esa contraseña es de las más usadas; elija otra.", "password")
    result = zxcvbn(_strip_accents(password)[:ESTIMATE_CHARS],
                    user_inputs=[*personal, *_local_words()])
    if result["score"] < MIN_SCORE:
        patterns = [m.get("pattern") for m in result["sequence"]]
        hint = next((HINTS[p] for p in patterns if p in HINTS), "")
        raise ValidationError(
            "La contraseña es fácil de adivinar. Use una frase de tres o cuatro palabras poco "
            f"comunes. {hint}".strip(), "password")
