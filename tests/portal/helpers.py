"""Shared helpers of the portal tests: a valid form submission as a browser would send it."""
import io
from datetime import timedelta

from flask import current_app

from app.portal.antispam import issue_form_token
from app.timeutil import utcnow
from tests.factories import PNG_BYTES


def form_token(seconds_ago: float = 30) -> str:
    """A genuine form token, as if the form had been served ``seconds_ago``."""
    return issue_form_token(current_app.secret_key, utcnow() - timedelta(seconds=seconds_ago))


def complaint_data(category, **overrides) -> dict:
    data = {"category_id": str(category.id), "description": "Hay un bache enorme frente a la escuela.",
            "address": "Av. Hidalgo 120", "colonia": "Centro", "localidad": "Fresnillo",
            "citizen_name": "", "citizen_phone": "", "citizen_email": "",
            "accept_privacy": "y", "form_token": form_token(), "website": ""}
    data.update(overrides)
    return data


def photo(name="foto.png", data=PNG_BYTES):
    return (io.BytesIO(data), name)
