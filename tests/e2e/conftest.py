"""Browser tests: Debian's chromium driven by Playwright, against the app on 127.0.0.1."""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: run scripts/install-browser.sh")
        pytest.skip("chromium is not installed (scripts/install-browser.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _CurrentApp:
    """The WSGI app the session's server hands each request to: the running test's app."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def _server():
    """One server thread on a free local port for the whole session."""
    target = _CurrentApp()
    server = make_server("127.0.0.1", 0, target, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield target, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_server(app, _server):
    """The session's local server, serving this test's app."""
    target, url = _server
    target.app = app
    yield url
    target.app = None


# Chromium reports each refused inline script/style or foreign load as a console error
# («Refused to … Content Security Policy …») and as a securitypolicyviolation event; the
# init script turns the event into a console error too, so neither path goes unnoticed.
CSP_REPORTER = """document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile);
});"""


def is_csp_violation(message) -> bool:
    return message.type == "error" and ("Content Security Policy" in message.text
                                        or message.text.startswith("CSP violation"))


@pytest.fixture
def csp_violations():
    """Console messages about the Content Security Policy, collected by ``page``."""
    return []


@pytest.fixture
def page(browser, csp_violations):
    """A fresh browser page; the test fails if any page it opened broke the CSP."""
    context = browser.new_context(locale="es-MX", timezone_id="America/Mexico_City")
    context.add_init_script(CSP_REPORTER)
    page = context.new_page()
    page.on("console", lambda m: is_csp_violation(m) and csp_violations.append(m.text))
    page.set_default_timeout(10000)
    yield page
    context.close()
    assert csp_violations == [], "the pages broke the Content Security Policy"


@pytest.fixture
def browser_login(page, live_server):
    """Log in through the real form in the browser."""
    from tests.factories import PASSWORD

    def _login(user, password=PASSWORD):
        page.goto(f"{live_server}/cuenta/entrar")
        page.get_by_label("Usuario").fill(user.username)
        page.get_by_label("Contraseña").fill(password)
        page.get_by_role("button", name="Iniciar sesión").click()
        page.wait_for_url(f"{live_server}/")
        return page

    return _login
