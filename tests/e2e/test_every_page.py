"""Every main page of every role, built from the access matrix: it fits a 390 px phone without
sideways page scroll, and axe-core finds no serious or critical WCAG 2.1 AA violation."""
from datetime import timedelta
from pathlib import Path

import pytest

from app.timeutil import utcnow
from tests.factories import PASSWORD, make_category, make_ticket, make_user
from tests.roles import ANONYMOUS, ROLES
from tests.test_access_matrix import ROUTES, make_route_objects

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
AXE_RUN = """() => axe.run(document, {runOnly: {type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
  .then(r => r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")))"""


def _seed_busy_unit(unit) -> None:
    """Rows that make the tables wide: an overdue ticket with long texts, and a web complaint."""
    category = make_category(unit=unit, name="Alumbrado público y mantenimiento de luminarias")
    make_ticket(category, now=utcnow() - timedelta(days=40),
                description="Luminaria apagada desde hace tres semanas frente a la escuela " * 3,
                colonia="Fraccionamiento Lomas de la Fortuna Segunda Sección")
    make_ticket(category, channel="web", kind="denuncia", auto_channel=False,
                description="Bache profundo en la esquina con la calle Hidalgo " * 4)


def main_pages(app, role, objects, user) -> list[str]:
    """The role's HTML pages among the matrix's GET routes (no files, feeds or JSON)."""
    client = app.test_client()
    if user:
        client.post("/cuenta/entrar", data={"username": user.username, "password": PASSWORD})
    urls = []
    for _endpoint, (method, template, allowed) in sorted(ROUTES.items()):
        if method != "GET" or role not in allowed:
            continue
        url = template.format(**objects)
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            urls.append(url)
    return urls


@pytest.fixture
def role_pages(app, request, page, live_server, browser_login):
    """(role, pages) with the browser logged in as that role."""
    role = request.param
    unit, objects = make_route_objects()
    _seed_busy_unit(unit)
    user = None if role == ANONYMOUS else make_user(role=role,
                                                   unit=unit if role == "unit" else None)
    pages = main_pages(app, role, objects, user)
    if user:
        browser_login(user)
    assert pages, role
    return [f"{live_server}{url}" for url in pages]


@pytest.mark.parametrize("role_pages", ROLES, indirect=True)
def test_every_main_page_fits_a_phone_without_sideways_scroll(page, role_pages):
    page.set_viewport_size(PHONE)
    too_wide = {}
    for url in role_pages:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.evaluate("innerWidth"):
            too_wide[url] = width
    assert too_wide == {}


@pytest.mark.parametrize("role_pages", ROLES, indirect=True)
def test_every_main_page_has_no_serious_accessibility_violation(page, role_pages):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (scripts/install-browser.sh)")
    axe_source = AXE.read_text()
    page.set_viewport_size(DESKTOP)
    violations = {}
    for url in role_pages:
        page.goto(url)
        page.evaluate(axe_source)  # through the DevTools protocol: the CSP allows no inline script
        found = page.evaluate(AXE_RUN)
        if found:
            violations[url] = found
    assert violations == {}
