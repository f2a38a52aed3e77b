"""Anti-spam for the public forms, without third-party services.

- A signed form token carries the moment the form was served (itsdangerous, SECRET_KEY):
  a form sent back sooner than ``PORTAL_MIN_FILL_SECONDS`` was filled by a robot; a token that
  is missing, forged or older than ``FORM_TOKEN_MAX_AGE`` is refused. Pure functions taking
  ``now`` so tests pin the clock.
- A honeypot field, hidden by CSS and from screen readers, that people leave empty.
- Per-IP rate limits (Flask-Limiter, ``app.extensions.limiter``) are declared on the views.
"""
from datetime import datetime, timedelta

from itsdangerous import BadSignature, Signer

FORM_TOKEN_MAX_AGE = timedelta(hours=24)
_SALT = "portal-form-token"


class SpamError(Exception):
    """The submission looks automated: answer 4xx and store nothing."""


class ExpiredFormError(Exception):
    """A genuine but old form (e.g. a tab left open overnight): serve a fresh one."""


def issue_form_token(secret_key: str, now: datetime) -> str:
    """A signed token holding the moment the form was served."""
    return Signer(secret_key, salt=_SALT).sign(str(int(now.timestamp()))).decode()


def check_form_token(token: str | None, secret_key: str, now: datetime,
                     min_seconds: float) -> None:
    """Raise SpamError (forged/missing token, too fast) or ExpiredFormError (too old)."""
    try:
        served = int(Signer(secret_key, salt=_SALT).unsign((token or "").encode()).decode())
    except (BadSignature, ValueError, UnicodeError):
        raise SpamError("invalid form token") from None
    elapsed = now.timestamp() - served
    if elapsed < min_seconds:
        raise SpamError("form sent too fast")
    if elapsed > FORM_TOKEN_MAX_AGE.total_seconds():
        raise ExpiredFormError()


def check_honeypot(value: str | None) -> None:
    """People never see the field; anything typed in it was typed by a robot."""
    if (value or "").strip():
        raise SpamError("honeypot filled")
