"""Request tests of the report screens: who may do what, what is stored, Spanish messages."""
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.programs.models import ActionProgress
from app.reports import compliance as cm
from app.reports.models import ReportExcuse, WeeklyReport, WeeklyReportVersion
from app.settings import Setting
from app.timeutil import utcnow
from tests.factories import make_user
from tests.programs.factories import make_action, make_program
from tests.reports.factories import (PDF_BYTES, make_report, make_reporting_unit, make_version,
                                     office_bytes)


def this_week():
    return cm.current_week(utcnow())


def last_week():
    return cm.week_of(cm.week_monday(*this_week()) - timedelta(days=7))


def report_count() -> int:
    return db.session.scalar(select(func.count(WeeklyReport.id)))


def form_data(summary="Se atendieron 40 solicitudes.", rows=(), **extra):
    """The report form's fields; ``rows``: (action id, value[, comment]) of program actions."""
    data = {"summary": summary}
    for i, (action_id, value, *comment) in enumerate(rows):
        data[f"progress-{i}-action_id"], data[f"progress-{i}-value"] = str(action_id), value
        data[f"progress-{i}-comment"] = comment[0] if comment else ""
    data.update(extra)
    return data


@pytest.fixture
def unit_user():
    return make_user(role="unit", unit=make_reporting_unit(name="Obras Públicas"))


def test_unit_staff_submit_this_weeks_report_with_a_file(login_as, unit_user):
    client = login_as(unit_user)
    year, week = this_week()
    program = make_program(unit_user.unit, year=cm.week_monday(year, week).year)
    bacheo = make_action(program, name="Bacheo", starts_on=date(program.year, 1, 1))
    alumbrado = make_action(program, name="Alumbrado", starts_on=date(program.year, 1, 1))
    response = client.post(f"/informes/mi-unidad/{year}/{week}", content_type="multipart/form-data",
                           data=form_data(rows=[(bacheo.id, "30"), (alumbrado.id, "")],
                                          file=(io.BytesIO(PDF_BYTES), "avance.pdf")))
    report = db.session.scalars(select(WeeklyReport)).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/informes/{report.id}")
    assert (report.unit_id, report.submitter_id, report.version) == (
        unit_user.unit_id, unit_user.id, 1)
    stored = db.session.execute(select(ActionProgress.action_id, ActionProgress.value)).all()
    assert [tuple(row) for row in stored] == [(bacheo.id, 30.0)]
    download = client.get(f"/informes/{report.id}/archivo")
    assert download.status_code == 200 and download.data == PDF_BYTES
    assert download.mimetype == "application/pdf"
    assert "avance.pdf" in download.headers["Content-Disposition"]
    page = client.get(f"/informes/{report.id}").get_data(as_text=True)
    assert "Se atendieron 40 solicitudes." in page and "Bacheo" in page


def test_resubmitting_keeps_the_earlier_version_visible(login_as, unit_user):
    client = login_as(unit_user)
    year, week = this_week()
    client.post(f"/informes/mi-unidad/{year}/{week}", data=form_data(summary="Primera"))
    response = client.post(f"/informes/mi-unidad/{year}/{week}", data=form_data(summary="Segunda"),
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Se guardó la versión 2 del informe" in page
    assert "Versión 1, entregada el" in page and "Primera" in page and "Segunda" in page
    assert db.session.scalar(select(func.count(WeeklyReportVersion.id))) == 1


def test_the_form_is_prefilled_with_the_current_version(login_as, unit_user):
    year, week = this_week()
    report = make_report(unit_user.unit, year, week, summary="Contenido previo")
    action = make_action(make_program(unit_user.unit, year=cm.week_monday(year, week).year))
    db.session.add(ActionProgress(report_id=report.id, version=1, action_id=action.id,
                                  week_start=cm.week_monday(year, week), value=50,
                                  comment="Sin novedad"))
    db.session.commit()
    page = login_as(unit_user).get(f"/informes/mi-unidad/{year}/{week}").get_data(as_text=True)
    assert "Contenido previo" in page and action.name in page
    assert 'value="50"' in page and 'value="Sin novedad"' in page


def test_a_unit_cannot_submit_for_another_unit(login_as, unit_user):
    other = make_reporting_unit(name="Tesorería")
    client = login_as(unit_user)
    year, week = this_week()
    client.post(f"/informes/mi-unidad/{year}/{week}",
                data=form_data(unit_id=str(other.id), unit=str(other.id)))
    assert db.session.scalars(select(WeeklyReport.unit_id)).all() == [unit_user.unit_id]


def test_a_unit_cannot_see_another_units_report_or_file(login_as, unit_user):
    other = make_reporting_unit(name="Tesorería")
    year, week = last_week()
    report = make_report(other, year, week, with_file=True)
    version = make_version(report, with_file=True)
    client = login_as(unit_user)
    for url in (f"/informes/{report.id}", f"/informes/{report.id}/archivo",
                f"/informes/{report.id}/versiones/{version.id}/archivo"):
        assert client.get(url).status_code == 403, url


def test_secretary_sees_any_report_and_its_file(login_as):
    unit = make_reporting_unit()
    year, week = last_week()
    report = make_report(unit, year, week, with_file=True)
    client = login_as(make_user(role="secretary"))
    assert client.get(f"/informes/{report.id}").status_code == 200
    assert client.get(f"/informes/{report.id}/archivo").data == PDF_BYTES


def test_a_version_file_of_another_report_is_not_served(login_as, unit_user):
    year, week = last_week()
    own = make_report(unit_user.unit, year, week)
    foreign = make_version(make_report(make_reporting_unit(), year, week), with_file=True)
    assert login_as(unit_user).get(
        f"/informes/{own.id}/versiones/{foreign.id}/archivo").status_code == 404


def test_a_report_without_file_answers_404_for_the_file(login_as, unit_user):
    year, week = last_week()
    report = make_report(unit_user.unit, year, week)
    assert login_as(unit_user).get(f"/informes/{report.id}/archivo").status_code == 404


def test_a_future_week_is_refused_in_spanish(login_as, unit_user):
    year, week = cm.week_of(cm.week_monday(*this_week()) + timedelta(days=7))
    response = login_as(unit_user).post(f"/informes/mi-unidad/{year}/{week}", data=form_data(),
                                        follow_redirects=True)
    assert "No se puede entregar el informe de una semana futura." in response.get_data(as_text=True)
    assert report_count() == 0


@pytest.mark.parametrize("url,code", [
    ("/informes/mi-unidad/2025/53", 404), ("/informes/mi-unidad/2026/0", 404),
    ("/informes/mi-unidad/0/1", 404), ("/informes/mi-unidad/99999/1", 404),
    ("/informes/mi-unidad/9999/52", 404), ("/informes/mi-unidad/1999/52", 404),
    ("/informes/mi-unidad/2019/10", 200),  # before the unit existed: explained on POST
])
def test_odd_week_urls_never_fail(login_as, unit_user, url, code):
    client = login_as(unit_user)
    assert client.get(url).status_code == code
    response = client.post(url, data=form_data())
    assert response.status_code == code
    if code == 200:
        assert "no debía informe en la semana 10 de 2019" in response.get_data(as_text=True)
    assert report_count() == 0


@pytest.mark.parametrize("data,file,message", [
    (form_data(summary=""), None, "Escriba el resumen de las acciones de la semana."),
    (form_data(rows=[(999999, "150")]), None, "no pertenece al programa aprobado"),
    (form_data(), (io.BytesIO(b"MZ fake pdf"), "informe.pdf"), "debe ser PDF, Word (DOCX) o Excel"),
    (form_data(), (io.BytesIO(office_bytes("ppt/slides.xml")), "x.docx"), "debe ser PDF"),
])
def test_bad_submissions_are_explained_and_nothing_is_stored(login_as, unit_user, data, file,
                                                             message):
    year, week = this_week()
    if file:
        data["file"] = file
    response = login_as(unit_user).post(f"/informes/mi-unidad/{year}/{week}", data=data,
                                        content_type="multipart/form-data")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert report_count() == 0


def test_docx_and_xlsx_files_are_accepted(login_as, unit_user):
    year, week = this_week()
    client = login_as(unit_user)
    for part, suffix in (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx")):
        client.post(f"/informes/mi-unidad/{year}/{week}", content_type="multipart/form-data",
                    data=form_data(file=(io.BytesIO(office_bytes(part)), f"avance.{suffix}")))
        assert db.session.scalars(select(WeeklyReport.file_name)).one() == f"avance.{suffix}"


@pytest.mark.config(MAX_CONTENT_LENGTH=2000)
def test_a_request_over_the_size_limit_gets_a_spanish_message(login_as, unit_user):
    year, week = this_week()
    response = login_as(unit_user).post(
        f"/informes/mi-unidad/{year}/{week}", content_type="multipart/form-data",
        data=form_data(file=(io.BytesIO(PDF_BYTES + b"0" * 5000), "grande.pdf")),
        follow_redirects=True)
    assert response.status_code == 200
    assert "El archivo excede el tamaño máximo de 20 MB. No se guardó nada." in response.get_data(
        as_text=True)
    assert report_count() == 0


def test_unit_page_shows_this_week_and_how_statuses_count(login_as, unit_user):
    page = login_as(unit_user).get("/informes/mi-unidad").get_data(as_text=True)
    assert cm.week_label(*this_week()) in page
    assert "Entregado después de la fecha límite: vale 0.5." in page
    assert "Entregar el informe de esta semana" in page


def test_unit_user_without_a_unit_is_refused(login_as):
    user = make_user(role="unit", unit=make_reporting_unit())
    user.unit = None
    db.session.commit()
    assert login_as(user).get("/informes/mi-unidad").status_code == 403


def test_grid_shows_each_units_status_for_the_secretary(login_as):
    punctual = make_reporting_unit(name="Puntual", code="PUNT")
    make_reporting_unit(name="Omisa", code="OMISA")
    year, week = last_week()
    report = make_report(punctual, year, week)
    page = login_as(make_user(role="secretary")).get("/informes/").get_data(as_text=True)
    assert f'href="/informes/{report.id}"' in page
    assert "Entregado a tiempo · Semana" in page and "No entregado · Semana" in page
    assert "Cómo cuenta cada estado" in page


@pytest.mark.parametrize("query", ["?desde=hola", "?desde=2026-W40&hasta=2026-W10",
                                   "?desde=2000-W01&hasta=2026-W10", "?hasta=2025-W53",
                                   "?desde=9999-W52&hasta=9999-W52", "?desde=0001-W01"])
def test_grid_with_a_bad_range_falls_back_with_a_warning(login_as, query):
    make_reporting_unit()
    response = login_as(make_user(role="secretary")).get(f"/informes/{query}")
    assert response.status_code == 200
    assert "Se muestran las últimas 12 semanas." in response.get_data(as_text=True)


def test_grid_for_a_long_range_shows_53_columns_and_the_full_summary(login_as):
    make_reporting_unit(code="LARGA")
    response = login_as(make_user(role="secretary")).get("/informes/?desde=2024-W01&hasta=2026-W40")
    page = response.get_data(as_text=True)
    assert page.count('data-week="') == 53
    assert "Resumen del periodo (144 semanas)" in page


def test_missing_list_and_excusing_a_week(login_as):
    unit = make_reporting_unit(name="Sin informe")
    handed = make_reporting_unit(name="Con informe")
    year, week = this_week()
    make_report(handed, year, week)
    client = login_as(make_user(role="secretary"))
    page = client.get("/informes/faltantes").get_data(as_text=True)
    assert "Sin informe" in page and "Con informe" not in page
    response = client.post(f"/informes/unidades/{unit.id}/{year}/{week}/justificar",
                           data={"reason": "Suspensión de labores"})
    assert response.status_code == 302
    assert db.session.scalars(select(ReportExcuse.reason)).one() == "Suspensión de labores"
    assert "Sin informe" not in client.get("/informes/faltantes").get_data(as_text=True)
    client.post(f"/informes/unidades/{unit.id}/{year}/{week}/quitar-justificacion")
    assert db.session.scalar(select(func.count(ReportExcuse.id))) == 0


def test_excuse_without_reason_is_explained(login_as):
    unit = make_reporting_unit()
    year, week = last_week()
    response = login_as(make_user(role="secretary")).post(
        f"/informes/unidades/{unit.id}/{year}/{week}/justificar", data={"reason": " "})
    assert response.status_code == 200
    assert "Indique el motivo de la justificación." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ReportExcuse.id))) == 0


@pytest.mark.parametrize("url", ["/informes/unidades/{u}/9999/52/justificar",
                                 "/informes/unidades/{u}/2026/54/justificar",
                                 "/informes/unidades/{u}/1/1/quitar-justificacion"])
def test_odd_weeks_in_secretary_urls_answer_404(login_as, url):
    unit = make_reporting_unit(report_deadline_weekday=6)
    client = login_as(make_user(role="secretary"))
    assert client.post(url.format(u=unit.id), data={"reason": "x"}).status_code == 404


def test_removing_a_missing_excuse_is_404(login_as):
    unit = make_reporting_unit()
    assert login_as(make_user(role="secretary")).post(
        f"/informes/unidades/{unit.id}/2026/10/quitar-justificacion").status_code == 404


def test_secretary_sets_the_global_deadline(login_as):
    client = login_as(make_user(role="secretary"))
    response = client.post("/informes/configuracion", data={"weekday": "0", "time": "00:00"},
                           follow_redirects=True)
    assert "Fecha límite general: cada lunes a las 00:00." in response.get_data(as_text=True)
    assert {s.key: s.value for s in db.session.scalars(select(Setting))} == {
        "report_deadline_weekday": "0", "report_deadline_time": "00:00"}


@pytest.mark.parametrize("data", [{"weekday": "9", "time": "10:00"},
                                  {"weekday": "1", "time": "25:61"}, {"weekday": "1"}])
def test_bad_deadline_settings_are_refused(login_as, data):
    response = login_as(make_user(role="secretary")).post("/informes/configuracion", data=data)
    assert response.status_code == 200
    assert "data-testid=\"error-summary\"" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Setting.key))) == 0


@pytest.mark.parametrize("role,label,present", [
    ("unit", "Informe semanal", True), ("unit", "Informes semanales", False),
    ("secretary", "Informes semanales", True), ("secretary", "Informe semanal<", False),
    ("frontdesk", "Informe", False), ("admin", "Informe", False),
])
def test_navigation_entries(login_as, role, label, present):
    page = login_as(make_user(role=role)).get("/").get_data(as_text=True)
    nav = page.split('aria-label="Navegación principal"')[1].split("</nav>")[0]
    assert (label in nav) is present
