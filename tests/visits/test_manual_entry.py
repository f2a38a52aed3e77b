"""Manual entry and correction of a month: history rows, validation, the screens."""
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.extensions import db
from app.timeutil import to_local, utcnow
from app.validators import ValidationError
from app.visits.models import MonthlyVisit, VisitCorrection
from app.visits.services import MonthInput, save_month
from tests.factories import make_user

NOW = datetime(2026, 11, 15, 18, 0, tzinfo=timezone.utc)


def corrections():
    return list(db.session.scalars(select(VisitCorrection).order_by(VisitCorrection.id)))


def test_first_entry_logs_who_when_and_no_previous_values(app):
    user = make_user()
    save_month(MonthInput(2026, 10, 3000, 2000, 9000), source="manual", user=user, now=NOW)
    db.session.commit()
    (log,) = corrections()
    assert (log.user_id, log.created_at, log.source) == (user.id, NOW, "manual")
    assert (log.previous_visits, log.previous_unique_visitors, log.previous_page_views) == (None, None, None)
    assert (log.new_visits, log.new_unique_visitors, log.new_page_views) == (3000, 2000, 9000)


def test_correction_keeps_the_previous_values_and_who_changed_them(app):
    first, second = make_user(), make_user()
    save_month(MonthInput(2026, 10, 3000, 2000, 9000), source="manual", user=first, now=NOW)
    later = datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)
    row = save_month(MonthInput(2026, 10, 3100, None, 9100), source="manual", user=second, now=later)
    db.session.commit()
    assert (row.visits, row.unique_visitors, row.page_views, row.updated_by_id) == (3100, None, 9100, second.id)
    log = corrections()[-1]
    assert (log.user_id, log.created_at) == (second.id, later)
    assert (log.previous_visits, log.previous_unique_visitors, log.previous_page_views) == (3000, 2000, 9000)
    assert db.session.query(MonthlyVisit).count() == 1


def test_saving_identical_figures_logs_nothing(app):
    save_month(MonthInput(2026, 10, 3000), source="manual", user=None, now=NOW)
    save_month(MonthInput(2026, 10, 3000), source="manual", user=None, now=NOW)
    db.session.commit()
    assert len(corrections()) == 1


@pytest.mark.parametrize("figures,message", [
    (MonthInput(2026, 12, 10), "mes futuro"),
    (MonthInput(2027, 1, 10), "mes futuro"),
    (MonthInput(2026, 13, 10), "entre 1 y 12"),
    (MonthInput(1999, 5, 10), "2000 o posterior"),
    (MonthInput(2026, 5, -1), "Las visitas deben ser"),
    (MonthInput(2026, 5, 10, -3), "Los visitantes únicos deben ser"),
    (MonthInput(2026, 5, 10, None, 3_000_000_000), "Las páginas vistas deben ser"),
    (MonthInput(2026, 5, 10, 11), "no pueden ser más que las visitas"),
])
def test_bad_figures_are_refused_in_spanish(app, figures, message):
    with pytest.raises(ValidationError, match=message):
        save_month(figures, source="manual", user=None, now=NOW)
    assert db.session.query(MonthlyVisit).count() == 0


def test_current_month_in_local_time_is_accepted(app):
    # 1 Dec 2026 03:00 UTC is still 30 Nov in Mexico City: December is the future there.
    late_november = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
    save_month(MonthInput(2026, 11, 5), source="manual", user=None, now=late_november)
    with pytest.raises(ValidationError, match="mes futuro"):
        save_month(MonthInput(2026, 12, 5), source="manual", user=None, now=late_november)


def test_secretary_enters_a_month_from_the_screen(client, secretary):
    response = client.post("/visitas/2025/3", data={"visits": "4500", "unique_visitors": "3000",
                                                    "page_views": ""})
    assert response.status_code == 302 and "hasta=2025-03" in response.headers["Location"]
    row = db.session.scalar(select(MonthlyVisit))
    assert (row.year, row.month, row.visits, row.unique_visitors, row.page_views, row.source) == (
        2025, 3, 4500, 3000, None, "manual")
    assert corrections()[0].user_id == secretary.id
    page = client.get("/visitas/2025/3").get_data(as_text=True)
    assert "Captura manual" in page and secretary.name in page and "4500 visitas" in page


@pytest.mark.parametrize("data,message", [
    ({"visits": ""}, "Indique el número de visitas."),
    ({"visits": "12.5"}, "No es un valor entero válido."),
    ({"visits": "10", "unique_visitors": "20"}, "no pueden ser más que las visitas"),
    ({"visits": "-4"}, "Las visitas deben ser un número"),
])
def test_bad_input_on_the_screen_is_explained_and_nothing_stored(client, secretary, data, message):
    response = client.post("/visitas/2025/3", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.query(MonthlyVisit).count() == 0


@pytest.mark.parametrize("url", ["/visitas/2025/13", "/visitas/2025/0", "/visitas/1990/1",
                                 "/visitas/2999/1", "/visitas/abc/1"])
def test_impossible_or_future_months_answer_404(client, secretary, url):
    assert client.get(url).status_code == 404


def test_index_shows_chart_table_and_sources(client, secretary):
    local = to_local(utcnow())
    save_month(MonthInput(local.year, local.month, 321), source="manual", user=None, now=utcnow())
    db.session.commit()
    page = client.get("/visitas/").get_data(as_text=True)
    assert "<svg" in page and 'role="img"' in page
    assert page.count("<tr") >= 25  # header + 24 months
    assert "Captura manual" in page and "Sin datos" in page
    assert "321" in page


def test_index_window_argument_moves_the_window_and_ignores_garbage(client, secretary):
    page = client.get("/visitas/?hasta=2024-06").get_data(as_text=True)
    assert "junio 2024" in page and "julio 2022" in page and "junio 2022" not in page
    assert client.get("/visitas/?hasta=zzz").status_code == 200
    assert client.get("/visitas/?hasta=2999-01").status_code == 200


def test_index_title_is_plain_text_and_the_counter_instructions_appear_once(client, secretary):
    page = client.get("/visitas/").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title == "Visitas web · Secretaría Técnica de Fresnillo"
    assert page.count("Cómo insertar el contador propio") == 1


def test_other_roles_cannot_enter_figures(client, login_as):
    login_as(make_user(role="frontdesk"))
    assert client.post("/visitas/2025/3", data={"visits": "1"}).status_code == 403
    assert db.session.query(MonthlyVisit).count() == 0
