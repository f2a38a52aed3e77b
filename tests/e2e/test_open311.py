"""Browser journey: the admin issues an API key, a program files a complaint with it."""
import urllib.parse
import urllib.request

from sqlalchemy import select

from app.extensions import db
from app.tickets.models import Ticket
from tests.factories import make_category, make_user


def test_admin_issues_a_key_that_files_a_complaint_then_revokes_it(page, live_server,
                                                                   browser_login):
    make_category(code="baches", name="Bache")
    browser_login(make_user(role="admin"))
    page.locator("nav[aria-label='Navegación principal']").get_by_role("link", name="Claves de API").click()
    page.get_by_label("Para quién es (sistema, dependencia o grupo)").fill("App ciudadana")
    page.get_by_role("button", name="Emitir clave").click()
    raw_key = page.locator("#nueva-clave").inner_text().strip()
    assert len(raw_key) == 48
    body = urllib.parse.urlencode({"api_key": raw_key, "service_code": "baches",
                                   "description": "Bache en la avenida.", "lat": "23.17",
                                   "long": "-102.87"}).encode()
    with urllib.request.urlopen(f"{live_server}/open311/v2/requests.json", data=body) as answer:
        assert b"DW-" in answer.read()
    page.goto(f"{live_server}/admin/claves-api/")
    assert raw_key not in page.content()
    row = page.get_by_role("row").filter(has_text="App ciudadana")
    assert row.get_by_role("cell", name="1", exact=True).count() == 1
    row.get_by_role("button", name="Revocar").click()
    assert "ya no puede crear solicitudes" in page.content()
    assert db.session.scalar(select(Ticket.channel)) == "api"
    page.goto(f"{live_server}/open311/")
    assert "curl -X POST" in page.content()
