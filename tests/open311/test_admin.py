"""Admin screens for API keys: issue shown once (hash at rest), list with usage, revoke."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.open311.models import ApiKey
from app.open311.services import hash_key
from tests.factories import make_user

from .conftest import post_request


@pytest.fixture
def admin(login_as):
    return login_as(make_user(role="admin"))


def _issue(client, name="Sitio municipal"):
    response = client.post("/admin/claves-api/nueva", data={"name": name})
    match = re.search(r'id="nueva-clave">([0-9a-f]+)<', response.get_data(as_text=True))
    return response, match.group(1) if match else None


def test_admin_issues_a_key_shown_once_and_stored_as_a_hash(admin):
    response, raw_key = _issue(admin)
    assert response.status_code == 200 and raw_key
    assert response.headers["Cache-Control"] == "no-store"
    key = db.session.scalar(select(ApiKey))
    assert key.key_hash == hash_key(raw_key) and raw_key not in key.key_hash
    assert key.prefix == raw_key[:8] and key.active and key.created_by_id is not None
    listing = admin.get("/admin/claves-api/").get_data(as_text=True)
    assert raw_key not in listing and f"{key.prefix}…" in listing and "Sitio municipal" in listing


def test_issuing_needs_a_name(admin):
    response, raw_key = _issue(admin, name="  ")
    assert response.status_code == 200 and raw_key is None
    assert "Este campo es obligatorio" in response.get_data(as_text=True)
    assert db.session.scalar(select(ApiKey)) is None


def test_listing_shows_use_count_and_last_use(admin, category):
    _response, raw_key = _issue(admin)
    post_request(admin, raw_key)
    post_request(admin, raw_key)
    page = admin.get("/admin/claves-api/").get_data(as_text=True)
    row = page[page.index("Sitio municipal"):]
    assert re.search(r"<td[^>]*>2</td>", row) and "Nunca" not in row


def test_revoked_key_can_no_longer_create_requests(admin, category):
    _response, raw_key = _issue(admin)
    assert post_request(admin, raw_key).status_code == 200
    key = db.session.scalar(select(ApiKey))
    response = admin.post(f"/admin/claves-api/{key.id}/revocar")
    assert response.status_code == 302
    db.session.refresh(key)
    assert not key.active and key.revoked_at is not None
    assert post_request(admin, raw_key).status_code == 403
    again = admin.post(f"/admin/claves-api/{key.id}/revocar", follow_redirects=True)
    assert "ya estaba revocada" in again.get_data(as_text=True)


def test_key_screens_keep_csrf_protection(app, admin):
    app.config["WTF_CSRF_ENABLED"] = True  # after logging in: the login form needs no token here
    response, raw_key = _issue(admin)
    assert response.status_code == 400 and raw_key is None
    assert db.session.scalar(select(ApiKey)) is None


def test_nav_shows_api_keys_to_admin_only(admin, client, login_as):
    assert "Claves de API" in admin.get("/admin/claves-api/").get_data(as_text=True)
    login_as(make_user(role="secretary"))
    assert "Claves de API" not in client.get("/").get_data(as_text=True)
