"""The cabinet PDF: its text carries the week's figures, each copy is kept byte for byte."""
import hashlib
import re
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.stats import cabinet
from app.stats.models import CabinetReport
from app.tickets.models import Ticket
from app.validators import ValidationError
from tests.factories import make_user
from tests.stats.conftest import NOW


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def secretary(app):
    return make_user(role="secretary", name="Lic. Beatriz Acuña")


def test_pdf_text_contains_cover_headline_units_and_notes(week, secretary):
    report = cabinet.generate_cabinet_report("2026-W10", "Atender baches en Las Américas.",
                                             secretary, NOW)
    text = pdf_text(report.pdf)
    flat = _flat(text)
    assert "H. Ayuntamiento de Fresnillo" in flat and "2024-2027" in flat
    assert "Secretaría Técnica" in flat
    assert "Semana 10 de 2026 (02/03/2026 al 08/03/2026)" in flat
    assert "Generado el 10/03/2026 12:00 por Lic. Beatriz Acuña" in flat
    # Headline: this week, previous week, change.
    assert "Solicitudes recibidas 6 1 +5 (+500.0 %)" in flat
    assert "Atención ciudadana (ciudadanos distintos) 2 1 +1 (+100.0 %)" in flat
    assert "Concluidas 5 0 +5" in flat
    assert "Rezago al cierre 6 5 +1 (+20.0 %)" in flat
    assert "Cumplimiento de informes semanales 50.0 % 0.0 % +50.0 pts" in flat
    assert "Cumplimiento general: 50.0 %" in flat
    assert "A Obras Entregado a tiempo 06/03/2026 15:00 06/03/2026 15:00" in flat
    assert "B Servicios Extemporáneo 06/03/2026 15:00" in flat
    assert "C Vacía No entregado —" in flat
    # Per unit: received, channeled, concluded, backlog, overdue, solved, median, p90.
    assert "A Obras 2 3 3 3 2 3 4.5 19.3" in flat
    assert "B Servicios 2 3 2 2 1 1 1.0 1.0" in flat
    assert "Solicitudes vencidas (3)" in flat
    assert week["tickets"][11].folio in flat
    assert "canalizadas: por la unidad de la primera canalización" in flat
    assert "Atender baches en Las Américas." in flat
    pages = len(PdfReader(BytesIO(report.pdf)).pages)
    assert f"Página 1 de {pages}" in flat and f"Página {pages} de {pages}" in flat


def test_each_generated_pdf_is_kept_with_who_when_and_its_hash(week, secretary):
    report = cabinet.generate_cabinet_report("2026-W10", "", secretary, NOW)
    db.session.commit()
    stored = db.session.scalar(select(CabinetReport))
    assert (stored.iso_year, stored.iso_week, stored.generated_by_id) == (2026, 10, secretary.id)
    assert stored.generated_at == NOW
    assert stored.sha256 == hashlib.sha256(stored.pdf).hexdigest() == report.sha256
    assert stored.pdf.startswith(b"%PDF")


def test_a_kept_pdf_is_downloaded_byte_identical_after_tickets_change(week, secretary, login_as):
    report = cabinet.generate_cabinet_report("2026-W10", "", secretary, NOW)
    db.session.commit()
    original = report.pdf
    for ticket in db.session.scalars(select(Ticket)):
        ticket.status = "recibida"
    db.session.commit()
    response = login_as(secretary).get(f"/estadisticas/gabinete/{report.id}/informe.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data == original
    assert hashlib.sha256(response.data).hexdigest() == report.sha256
    # A past week's figures come from the status history: a new PDF gives the same ones.
    again = cabinet.generate_cabinet_report("2026-W10", "", secretary, NOW)
    assert "Concluidas 5 0 +5" in _flat(pdf_text(again.pdf))
    assert "Concluidas 5 0 +5" in _flat(pdf_text(db.session.get(CabinetReport, report.id).pdf))


@pytest.mark.parametrize("week_value,message", [
    ("2026-W12", "No se puede generar el informe de una semana futura."),
    ("2026-W54", "Elija una semana de la lista."),
    ("semana 3", "Elija una semana de la lista."),
    ("", "Indique la semana."),
])
def test_future_or_malformed_weeks_are_refused_in_spanish(app, secretary, week_value, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        cabinet.generate_cabinet_report(week_value, "", secretary, NOW)
    assert db.session.scalar(select(CabinetReport)) is None


def test_the_current_week_can_be_generated(week, secretary):
    report = cabinet.generate_cabinet_report("2026-W11", "", secretary, NOW)
    assert "Semana 11 de 2026" in _flat(pdf_text(report.pdf))


def test_a_pdf_of_the_running_week_says_so_and_a_complete_one_does_not(week, secretary):
    running = _flat(pdf_text(cabinet.generate_cabinet_report("2026-W11", "", secretary, NOW).pdf))
    assert "(semana en curso)" in running
    assert "Semana en curso: las cifras llegan hasta el 10/03/2026 12:00" in running
    complete = _flat(pdf_text(cabinet.generate_cabinet_report("2026-W10", "", secretary, NOW).pdf))
    assert "semana en curso" not in complete.lower()
