"""The evidence file of a «cumplido propuesto»: accepted and refused uploads, who may download
it, the history row and the follow-up PDF that mentions it."""
import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.meetings import documents, workflow as wf
from app.meetings.models import Agreement, AgreementEvent
from app.tickets.constants import MAX_ATTACHMENT_BYTES

from tests.factories import PNG_BYTES, make_unit, make_user
from tests.meetings.factories import (NOW, PDF_BYTES, make_agreement, propose_with_evidence,
                                      unit_user)
from tests.meetings.test_meetings import pdf_text


def _office(kind: str) -> bytes:
    """The smallest Word or Excel file the type check recognises."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return out.getvalue()


def _stored_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_DIR"])
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _report(client, agreement, data=b"", filename="", **fields):
    form = {"to_status": wf.PROPOSED, "note": "Se concluyó el bacheo.", **fields}
    if filename:
        form["evidence_file"] = (io.BytesIO(data), filename)
    return client.post(f"/reuniones/acuerdos/{agreement.id}", data=form,
                       content_type="multipart/form-data")


@pytest.mark.parametrize("data, filename, content_type", [
    (PDF_BYTES, "acta.pdf", "application/pdf"),
    (PNG_BYTES, "foto.png", "image/png"),
    (_office("docx"), "informe.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (_office("xlsx"), "avance.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_a_unit_reports_done_with_an_evidence_file_listed_in_the_history(
        app, client, login_as, data, filename, content_type):
    agreement = make_agreement()
    login_as(unit_user(agreement.units[0]))
    response = _report(client, agreement, data, filename, evidence="Oficio SP/45/2026")
    assert response.status_code == 302
    event = db.session.scalar(select(AgreementEvent).where(
        AgreementEvent.status_to == wf.PROPOSED))
    assert event.evidence_file_name == filename and event.evidence_content_type == content_type
    assert event.evidence_size == len(data) and event.evidence == "Oficio SP/45/2026"
    assert [p.read_bytes() for p in _stored_files(app)] == [data]
    history = client.get(response.headers["Location"]).text.split('data-testid="history"')[1]
    link = f"/reuniones/acuerdos/{agreement.id}/evidencia/{event.id}"
    assert link in history and filename in history and "Oficio SP/45/2026" in history


@pytest.mark.parametrize("data, filename, message", [
    (b"MZ\x90\x00 no soy un documento", "programa.exe", "no es válido: solo se aceptan"),
    (b"PK\x03\x04 roto", "falso.docx", "Word (DOCX) o Excel (XLSX)"),
    (b"", "vacio.pdf", "está vacío"),
    (b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES, "enorme.pdf", "excede el límite de 10 MB"),
])
def test_a_refused_evidence_file_gets_a_spanish_message_and_stores_nothing(
        app, client, login_as, data, filename, message):
    agreement = make_agreement()
    login_as(unit_user(agreement.units[0]))
    response = _report(client, agreement, data, filename)
    assert response.status_code == 200
    page = response.text
    assert message in page.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert 'href="#evidence_file"' in page and 'data-testid="choose-again"' in page
    assert "Se concluyó el bacheo.</textarea>" in page  # the typed note is kept
    assert db.session.get(Agreement, agreement.id).status == wf.PENDING
    assert db.session.scalar(select(func.count()).select_from(AgreementEvent)) == 1
    assert _stored_files(app) == []


def test_a_missing_note_and_a_bad_file_are_reported_together(app, client, login_as):
    agreement = make_agreement()
    login_as(unit_user(agreement.units[0]))
    response = _report(client, agreement, b"texto plano", "nota.txt", note="")
    summary = response.text.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert "Describa cómo se cumplió el acuerdo." in summary and "no es válido" in summary
    assert _stored_files(app) == []


def test_a_file_with_another_move_than_reporting_done_is_refused(app, client, login_as):
    agreement = make_agreement()
    login_as(unit_user(agreement.units[0]))
    response = _report(client, agreement, PDF_BYTES, "acta.pdf", to_status=wf.IN_PROGRESS)
    assert response.status_code == 200
    assert "se adjunta solo al reportar el acuerdo como cumplido" in response.text
    assert db.session.get(Agreement, agreement.id).status == wf.PENDING
    assert _stored_files(app) == []


def test_a_move_the_role_may_not_make_stores_no_file(app, client, login_as):
    agreement = make_agreement()
    login_as(make_user(role="secretary"))  # the Secretaría does not report done itself
    response = _report(client, agreement, PDF_BYTES, "acta.pdf")
    assert response.status_code == 200
    assert db.session.get(Agreement, agreement.id).status == wf.PENDING
    assert _stored_files(app) == []


@pytest.mark.config(MAX_CONTENT_LENGTH=64 * 1024)
def test_a_request_over_the_size_cap_comes_back_with_the_reason(app, client, login_as):
    agreement = make_agreement()
    login_as(unit_user(agreement.units[0]))
    response = _report(client, agreement, b"%PDF-" + b"0" * 70_000, "grande.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/reuniones/acuerdos/{agreement.id}")
    assert "excede el límite de 10 MB" in client.get(response.headers["Location"]).text
    assert db.session.get(Agreement, agreement.id).status == wf.PENDING


@pytest.mark.parametrize("who, status", [
    ("responsible", 200), ("second_unit", 200), ("secretary", 200),
    ("other_unit", 404), ("frontdesk", 403), ("admin", 403),
])
def test_only_the_secretaria_and_the_responsible_units_download_the_evidence(
        app, client, login_as, who, status):
    first, second = make_unit(), make_unit()
    event = propose_with_evidence(make_agreement(units=[first, second]))
    users = {"responsible": lambda: unit_user(first), "second_unit": lambda: unit_user(second),
             "other_unit": lambda: unit_user(make_unit()),
             "secretary": lambda: make_user(role="secretary"),
             "frontdesk": lambda: make_user(role="frontdesk"),
             "admin": lambda: make_user(role="admin")}
    login_as(users[who]())
    response = client.get(f"/reuniones/acuerdos/{event.agreement_id}/evidencia/{event.id}")
    assert response.status_code == status
    if status == 200:
        assert response.data == PDF_BYTES
        assert "acta-entrega.pdf" in response.headers["Content-Disposition"]


def test_an_evidence_link_with_another_agreements_id_is_not_found(app, client, login_as):
    unit = make_unit()
    event = propose_with_evidence(make_agreement(units=[unit]))
    other = make_agreement(units=[unit])
    login_as(unit_user(unit))
    assert client.get(f"/reuniones/acuerdos/{other.id}/evidencia/{event.id}").status_code == 404
    first_row = event.agreement.events[0]  # a history row without a file
    assert client.get(f"/reuniones/acuerdos/{event.agreement_id}/evidencia/"
                      f"{first_row.id}").status_code == 404


def test_the_follow_up_pdf_mentions_the_evidence_of_a_reported_agreement(app):
    agreement = make_agreement()
    propose_with_evidence(agreement)
    report = documents.followup_report(agreement.meeting, agreement.units[0], None, NOW)
    text = pdf_text(report.pdf)
    assert "Evidencia" in text and "Cumplido propuesto" in text
    assert "acta-entrega.pdf" in text and "Oficio SP/123/2026" in text
