"""The main pages load under the Content Security Policy without a single violation."""
from tests.factories import make_category, make_ticket, make_unit, make_user

STAFF_PAGES = ("/", "/tickets/", "/tickets/nueva", "/tickets/{ticket}", "/estadisticas/",
               "/visitas/", "/informes/", "/admin/unidades", "/cuenta/contrasena", "/no-existe")
PORTAL_PAGES = ("/denuncia", "/consulta", "/aviso-de-privacidad")


def _visit(page, url, csp_violations):
    page.goto(url)
    page.wait_for_load_state("load")
    assert csp_violations == [], url


def test_portal_pages_load_without_csp_violations(page, live_server, csp_violations):
    make_category()
    for path in PORTAL_PAGES:
        _visit(page, f"{live_server}{path}", csp_violations)


def test_staff_pages_load_without_csp_violations(page, live_server, browser_login,
                                                 csp_violations):
    ticket = make_ticket(make_category(unit=make_unit()))
    for role in ("secretary", "frontdesk", "admin"):
        browser_login(make_user(role=role))
        for path in STAFF_PAGES:
            _visit(page, f"{live_server}{path.format(ticket=ticket.id)}", csp_violations)
        page.context.clear_cookies()


def test_a_refused_inline_style_is_reported(page, live_server, csp_violations):
    """The check itself works: an inline style added to a served page is caught."""
    page.goto(f"{live_server}/cuenta/entrar")
    page.evaluate("""() => { const d = document.createElement('div');
        d.innerHTML = '<p style="color: red">x</p><img src="https://example.invalid/a.png">';
        document.body.appendChild(d); }""")
    page.wait_for_timeout(300)
    assert csp_violations, "no violation was reported"
    csp_violations.clear()
