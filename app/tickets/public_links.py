"""Signed links to a ticket: the short-lived receipt (the portal page after a complaint shows
its private lookup code) and the lasting status link (bookmarkable, printed as a QR code on
both acuses).

The ticket id is signed (itsdangerous, SECRET_KEY) so the receipt can be reloaded, printed
and downloaded as PDF for a while without keeping anything in a session (the portal works
inside a third-party iframe, where our session cookie is not sent).
"""
from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

RECEIPT_MAX_AGE_SECONDS = 2 * 60 * 60
_SALT = "portal-receipt"
_STATUS_SALT = "portal-status"


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


def status_token(secret_key: str, ticket_id: int) -> str:
    """A lasting signed token of the ticket's public status page (what the QR code holds)."""
    return URLSafeSerializer(secret_key, salt=_STATUS_SALT).dumps(ticket_id)


def ticket_id_from_status_token(secret_key: str, token: str) -> int | None:
    try:
        value = URLSafeSerializer(secret_key, salt=_STATUS_SALT).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def public_status_url(ticket_id: int) -> str:
    """The absolute address of the ticket's status page (PUBLIC_BASE_URL), for the acuses."""
    path = url_for("portal.status_link", token=status_token(current_app.secret_key, ticket_id))
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path
