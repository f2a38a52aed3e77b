"""A unit drafts its work program in the browser and sends it; the Secretaría returns it with
a note; the unit reads the note, fixes the action and sends it again; the Secretaría approves."""
from app.timeutil import local_today
from tests.factories import make_user
from tests.programs.factories import make_axis
from tests.reports.factories import make_reporting_unit

NOTE = "La meta de bacheo no coincide con el presupuesto autorizado."


def _switch_user(page, browser_login, user):
    page.get_by_role("button", name="Cerrar sesión").click()
    browser_login(user)


def _status(page) -> str:
    return page.get_by_test_id("program-status").inner_text()


def test_a_program_is_returned_with_a_note_fixed_resubmitted_and_approved(page, browser_login):
    unit = make_reporting_unit(name="Obras Públicas", code="OBRAS")
    staff = make_user(role="unit", unit=unit, name="Ing. Carlos Ruelas")
    secretary = make_user(role="secretary", name="Lic. Ana Torres")
    axis = make_axis(code="EJE2", name="Fresnillo con infraestructura")
    year = local_today().year

    browser_login(staff)
    page.get_by_role("link", name="Programa de trabajo", exact=True).first.click()
    page.get_by_role("button", name=f"Comenzar el programa {year}").click()
    page.get_by_role("link", name="Nueva acción").click()
    page.get_by_label("Clave").fill("OP-01")
    page.get_by_label("Nombre de la acción").fill("Bacheo en vialidades principales")
    page.get_by_label("Eje del Plan Municipal de Desarrollo").select_option(str(axis.id))
    page.get_by_label("Meta", exact=True).fill("12,000")
    page.get_by_label("Unidad de medida").fill("m²")
    page.get_by_label("Inicio").fill(f"{year}-02-01")
    page.get_by_label("Término").fill(f"{year}-11-30")
    page.get_by_role("button", name="Guardar").click()
    assert "Acción agregada al programa." in page.get_by_role("alert").inner_text()
    assert "Bacheo en vialidades principales" in page.get_by_test_id("program-actions").inner_text()
    page.get_by_role("button", name="Enviar a la Secretaría Técnica").click()
    assert _status(page) == "Enviado a revisión"

    _switch_user(page, browser_login, secretary)
    page.get_by_role("link", name="Programas", exact=True).first.click()
    page.get_by_test_id("programs").get_by_role("link", name="Obras Públicas").click()
    page.get_by_role("link", name="Devolver con observaciones").click()
    page.get_by_label("Motivo").fill(NOTE)
    page.get_by_role("button", name="Confirmar").click()
    assert _status(page) == "Devuelto con observaciones"

    _switch_user(page, browser_login, staff)
    page.get_by_role("link", name="Programa de trabajo", exact=True).first.click()
    assert NOTE in page.get_by_role("status").inner_text()
    page.get_by_test_id("program-actions").get_by_role("link", name="Editar").click()
    page.get_by_label("Meta", exact=True).fill("9,500")
    page.get_by_role("button", name="Guardar").click()
    assert "9,500 m²" in page.get_by_test_id("program-actions").inner_text()
    page.get_by_role("button", name="Enviar a la Secretaría Técnica").click()
    assert _status(page) == "Enviado a revisión"

    _switch_user(page, browser_login, secretary)
    page.get_by_role("link", name="Programas", exact=True).first.click()
    page.get_by_test_id("programs").get_by_role("link", name="Obras Públicas").click()
    page.get_by_role("button", name="Aprobar el programa").click()
    assert _status(page) == "Aprobado"
    history = page.get_by_test_id("program-history").inner_text()
    assert "Devuelto con observaciones" in history and NOTE in history
