"""The import screens: preview stores nothing, confirm writes everything or nothing."""
import io
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.visits.models import MonthlyVisit, VisitCorrection
from app.visits.services import MonthInput, save_month
from app.timeutil import utcnow
from tests.factories import make_user
from tests.visits.test_importers import GA4_MONTHLY_ES, MATOMO_DAILY_RAW


def upload(client, text: str, name="export.csv"):
    data = {"file": (io.BytesIO(text.encode("utf-8")), name)}
    return client.post("/visitas/importar", data=data, content_type="multipart/form-data")


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def test_preview_shows_the_months_and_stores_nothing(client, secretary):
    save_month(MonthInput(2025, 2, 1), source="manual", user=None, now=utcnow())
    db.session.commit()
    response = upload(client, GA4_MONTHLY_ES)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Google Analytics 4" in page and "3 meses" in page
    assert "Enero 2025" in page and "30,000" in page and "Reemplaza 1 visitas" in page
    assert db.session.query(MonthlyVisit).count() == 1
    assert db.session.query(VisitCorrection).count() == 1


def test_confirm_writes_every_month_with_its_history_in_one_go(client, secretary):
    save_month(MonthInput(2025, 2, 1), source="manual", user=None, now=utcnow())
    db.session.commit()
    page = upload(client, GA4_MONTHLY_ES).get_data(as_text=True)
    response = client.post("/visitas/importar/confirmar", data={
        "content": hidden(page, "content"), "file_name": hidden(page, "file_name")})
    assert response.status_code == 302 and response.headers["Location"].endswith("/visitas/")
    rows = list(db.session.scalars(select(MonthlyVisit).order_by(MonthlyVisit.month)))
    assert [(r.month, r.visits, r.source, r.updated_by_id) for r in rows] == [
        (1, 30000, "ga4", secretary.id), (2, 28000, "ga4", secretary.id), (3, 31000, "ga4", secretary.id)]
    february = db.session.scalar(select(VisitCorrection).where(
        VisitCorrection.monthly_visit_id == rows[1].id, VisitCorrection.source == "ga4"))
    assert (february.previous_visits, february.new_visits, february.user_id) == (1, 28000, secretary.id)
    assert "Se importaron 3 meses" in client.get("/visitas/").get_data(as_text=True)


def test_daily_matomo_file_warns_about_incomplete_months_and_unique_visitors(client, secretary):
    page = upload(client, MATOMO_DAILY_RAW).get_data(as_text=True)
    assert "Matomo" in page and "diarias sumadas por mes" in page
    assert "febrero 2026 (2 de 28 días)" in page and "no se importan visitantes únicos" in page


def test_bad_lines_are_listed_and_nothing_is_stored(client, secretary):
    text = "Fecha,Sesiones\n20260101,10\n20260132,4\n20260103,x\n"
    response = upload(client, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "No se importó nada" in page
    assert "Línea 3:" in page and "Línea 4:" in page and "2 problemas" in page
    assert db.session.query(MonthlyVisit).count() == 0


def test_upload_without_file_or_with_garbage_is_explained(client, secretary):
    page = client.post("/visitas/importar", data={}).get_data(as_text=True)
    assert "Seleccione un archivo CSV." in page
    data = {"file": (io.BytesIO(b"\x00\x01\x02binario"), "foto.png")}
    page = client.post("/visitas/importar", data=data,
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "No se importó nada" in page


@pytest.mark.parametrize("content", ["", "no-es-base64%%", "RmVjaGEsU2VzaW9uZXMKMjAyNjAxMDEseAo="])
def test_tampered_or_bad_confirm_stores_nothing(client, secretary, content):
    response = client.post("/visitas/importar/confirmar", data={"content": content})
    assert response.status_code == 302 and response.headers["Location"].endswith("/visitas/importar")
    assert db.session.query(MonthlyVisit).count() == 0
    assert "No se importó nada" in client.get("/visitas/importar").get_data(as_text=True)


def test_unit_staff_cannot_import(client, login_as):
    login_as(make_user(role="unit"))
    assert upload(client, GA4_MONTHLY_ES).status_code == 403
    assert client.post("/visitas/importar/confirmar", data={"content": "x"}).status_code == 403
