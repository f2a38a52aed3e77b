"""Forms keep what was typed: the error summary links to each field, the failed action's
panel stays open with its note, and a dropped file is asked for again."""
import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.tickets import constants as c
from app.tickets import workflow
from app.timeutil import utcnow
from tests.factories import PNG_BYTES, make_category, make_ticket, make_unit, make_user


@pytest.mark.config(PORTAL_MIN_FILL_SECONDS=0)
def test_the_complaint_error_summary_links_to_the_fields_and_keeps_the_text(
        page, live_server, tmp_path):
    make_category(name="Bache en la vialidad")
    picture = tmp_path / "calle.png"
    picture.write_bytes(PNG_BYTES)
    page.goto(f"{live_server}/denuncia")
    page.get_by_label("Describa el problema").fill("Bache frente al mercado desde marzo.")
    page.set_input_files("#photos", str(picture))
    page.get_by_role("button", name="Enviar denuncia").click()

    summary = page.get_by_test_id("error-summary")
    assert summary.is_visible()
    expect(summary).to_be_focused()  # once the page's script has run (retried, no eval)
    summary.get_by_role("link", name="Colonia: Indique la colonia.").click()
    assert page.url.endswith("#colonia") and page.locator("#colonia").is_visible()
    assert page.get_by_label("Describa el problema").input_value() == (
        "Bache frente al mercado desde marzo.")
    assert page.get_by_test_id("choose-again").is_visible()


def test_after_a_conflict_the_panel_stays_open_with_the_resolution_note(
        page, live_server, browser_login):
    unit = make_unit()
    staff = make_user(role="unit", unit=unit)
    ticket = make_ticket(make_category(unit=unit))
    workflow.transition(ticket, c.IN_PROGRESS, staff, now=utcnow())
    db.session.commit()
    browser_login(staff)
    page.goto(f"{live_server}/tickets/{ticket.id}")
    workflow.transition(ticket, c.WAITING_CITIZEN, staff, now=utcnow(),
                        note="Falta el número exterior.")  # someone else, meanwhile
    db.session.commit()

    panel = page.get_by_test_id(f"action-{c.RESOLVED}")
    panel.locator("summary").click()
    panel.get_by_role("textbox").fill("Se reparó la fuga; quedó limpia la banqueta.")
    panel.get_by_role("button").click()

    panel = page.get_by_test_id(f"action-{c.RESOLVED}")
    assert panel.get_attribute("open") is not None
    assert "Otra persona modificó este ticket" in panel.get_by_test_id("action-error").inner_text()
    assert panel.get_by_role("textbox").input_value() == (
        "Se reparó la fuga; quedó limpia la banqueta.")
