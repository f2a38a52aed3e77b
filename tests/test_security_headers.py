"""Security headers per page type, all from app/security.py."""
import pytest

from app import create_app
from app.extensions import db
from config import ProductionConfig
from tests.factories import make_category, make_ticket, make_unit, make_user

PAGE = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'self'")
DATA = "default-src 'none'; frame-ancestors 'none'"
SITES = "'self' https://fresnillo.gob.mx"


def _csp(response) -> str:
    return response.headers["Content-Security-Policy"]


def test_a_staff_page_allows_only_its_own_files(client, login_as):
    assert _csp(client.get("/cuenta/entrar")) == PAGE
    login_as(make_user(role="secretary"))
    response = client.get("/tickets/")
    assert response.status_code == 200 and _csp(response) == PAGE
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.config(FRAME_ANCESTORS=SITES)
def test_a_portal_page_has_the_same_policy_but_may_be_framed_by_the_configured_sites(client):
    make_category()
    response = client.get("/denuncia")
    assert response.status_code == 200
    assert _csp(response) == PAGE.replace("frame-ancestors 'self'", f"frame-ancestors {SITES}")
    assert _csp(client.get("/cuenta/entrar")) == PAGE


def test_pdf_and_csv_downloads(client, login_as):
    ticket = make_ticket(make_category(unit=make_unit()))
    login_as(make_user(role="secretary"))
    pdf = client.get(f"/tickets/{ticket.id}/acuse.pdf")
    # Chrome's PDF viewer is a page with inline styles and a plugin: only framing is limited.
    assert pdf.mimetype == "application/pdf" and _csp(pdf) == "frame-ancestors 'self'"
    csv = client.get("/tickets/exportar.csv")
    assert csv.mimetype == "text/csv" and _csp(csv) == DATA


def test_the_json_api_loads_nothing_and_is_framed_by_no_one(client):
    response = client.get("/open311/v2/discovery.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert _csp(response) == DATA


def test_the_counter_script_and_pixel_stay_usable_from_the_municipal_site(client):
    script = client.get("/contador.js")
    pixel = client.get("/contador/pixel.gif", headers={"Origin": "https://fresnillo.gob.mx"})
    for response in (script, pixel):
        assert response.status_code == 200
        assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    # A policy on a script or an image loaded by another page does not apply to that page.
    assert _csp(script) == DATA
    assert _csp(pixel) == "frame-ancestors 'self'"
    assert pixel.headers["X-Counter"] == "counted"


def test_error_pages_have_the_page_policy(client):
    response = client.get("/no-existe")
    assert response.status_code == 404 and _csp(response) == PAGE


def test_no_hsts_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/cuenta/entrar").headers


def test_production_sends_hsts(database_url, tmp_path):
    config = type("ProductionTestConfig", (ProductionConfig,), {
        "TESTING": True, "SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_DIR": str(tmp_path), "RATELIMIT_STORAGE_URI": "memory://"})
    app = create_app(config)
    with app.app_context():
        response = app.test_client().get("/cuenta/entrar")
        db.engine.dispose()
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert _csp(response) == PAGE


def test_the_pages_served_carry_no_inline_script_or_style(client, login_as):
    from tests.test_no_inline_code import inline_code

    login_as(make_user(role="secretary"))
    for path in ("/", "/tickets/", "/estadisticas/", "/visitas/", "/informes/"):
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        assert inline_code(response.get_data(as_text=True)) == [], path
