"""The complaint form keeps what the citizen typed: errors in one round, heavy photos made
lighter, the too-fast (400) and rate-limit (429) pages in the portal's own layout."""
import io
import os

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.portal import rules
from app.tickets.models import Attachment, Ticket
from tests.factories import make_category
from tests.portal.helpers import complaint_data, form_token, photo

TYPED = "Bache frente al número 45 <desde marzo>"
STAFF_BRAND = "Secretaría Técnica · Fresnillo</a>"


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def noise_png(width=1650, height=1600) -> bytes:
    """A photo-like PNG that does not compress: about 7.9 MB."""
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(out, "PNG")
    return out.getvalue()


def _post(client, category, **overrides):
    return client.post("/denuncia", data=complaint_data(category, description=TYPED, **overrides),
                       content_type="multipart/form-data")


def test_a_79_mb_photo_is_made_lighter_and_stored(client):
    data = noise_png()
    assert len(data) > 7.5 * 1024 * 1024
    response = _post(client, make_category(), photos=[photo("calle.png", data)])
    assert response.status_code == 302
    attachment = db.session.scalar(select(Attachment))
    assert attachment.content_type == "image/jpeg" and attachment.size <= rules.MAX_PHOTO_BYTES


def test_photo_errors_come_in_the_first_round_with_the_others(client):
    response = _post(client, make_category(), colonia="", accept_privacy="",
                     photos=[photo("falsa.jpg", b"<?php no soy imagen ?>")])
    page = response.get_data(as_text=True)
    summary = page.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert "Indique la colonia." in summary and "no es válido" in summary
    assert "aviso de privacidad" in summary and 'href="#photos"' in summary
    assert 'data-testid="choose-again"' in page  # the browser dropped the file
    assert "Bache frente al número 45 &lt;desde marzo&gt;</textarea>" in page
    assert _count(Ticket) == 0


def test_a_form_sent_too_fast_comes_back_in_the_portal_with_the_typed_text(client):
    old_token = form_token(1)
    response = _post(client, make_category(), form_token=old_token)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and _count(Ticket) == 0
    assert "se envió demasiado rápido" in page and "&lt;desde marzo&gt;" in page
    assert 'class="portal-header' in page and STAFF_BRAND not in page
    assert old_token not in page  # a fresh form token


@pytest.mark.config(PORTAL_SUBMIT_RATE_LIMIT="2 per 10 minutes")
def test_the_limit_page_keeps_the_text_says_the_wait_in_minutes_and_counts_only_stored(client):
    category = make_category()
    for _ in range(3):  # refused for a missing field: not counted
        assert _post(client, category, colonia="").status_code == 200
    for _ in range(2):
        assert _post(client, category).status_code == 302
    blocked = _post(client, category)
    page = blocked.get_data(as_text=True)
    assert blocked.status_code == 429 and _count(Ticket) == 2
    assert "Podrá enviar la suya en 10 minutos" in page
    assert "&lt;desde marzo&gt;</textarea>" in page
    assert 'class="portal-header' in page and STAFF_BRAND not in page
    assert "/cuenta/entrar" not in page
