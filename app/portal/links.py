"""Signed, short-lived receipt links: the page after a complaint shows its private lookup code.

The ticket id is signed (itsdangerous, SECRET_KEY) so the receipt can be reloaded, printed
and downloaded as PDF for a while without keeping anything in a session (the portal works
inside a third-party iframe, where our session cookie is not sent).
"""
from itsdangerous import BadSignature, URLSafeTimedSerializer

RECEIPT_MAX_AGE_SECONDS = 2 * 60 * 60
_SALT = "portal-receipt"


def receipt_token(secret_key: str, ticket_id: int) -> str:
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps(ticket_id)


def ticket_id_from_receipt_token(secret_key: str, token: str) -> int | None:
    """The ticket id of a genuine, recent receipt link; None otherwise."""
    try:
        value = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(
            token, max_age=RECEIPT_MAX_AGE_SECONDS)
    except BadSignature:  # SignatureExpired is a BadSignature
        return None
    return value if isinstance(value, int) else None
