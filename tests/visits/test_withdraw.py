"""Withdrawing a month's typed or imported figures: the counter shows again, history is kept."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from app.extensions import db
from app.validators import ValidationError
from app.visits.models import CounterDay, MonthlyVisit, VisitCorrection
from app.visits.queries import get_monthly_series
from app.visits.services import MonthInput, save_month, withdraw_month
from tests.factories import make_user

NOW = datetime(2026, 11, 15, 18, 0, tzinfo=timezone.utc)


def counter_october():
    db.session.add(CounterDay(day=date(2026, 10, 5), page_views=90, unique_visitors=40))
    db.session.commit()


def october():
    return get_monthly_series((2026, 10), (2026, 10))[0]


def test_withdrawn_figures_give_way_to_the_counter_and_are_logged(app):
    counter_october()
    user = make_user()
    save_month(MonthInput(2026, 10, 3000, 2000, 9000), source="ga4", user=user, now=NOW)
    db.session.commit()
    assert (october().visits, october().source) == (3000, "ga4")

    withdraw_month(2026, 10, user=user, now=NOW)
    db.session.commit()
    assert (october().visits, october().page_views, october().source) == (40, 90, "counter")
    log = db.session.scalars(select(VisitCorrection).order_by(VisitCorrection.id)).all()[-1]
    assert (log.source, log.user_id, log.previous_visits, log.previous_page_views, log.new_visits) == (
        "withdrawn", user.id, 3000, 9000, None)


def test_typing_the_month_again_after_a_withdrawal_overrides_again(app):
    user = make_user()
    save_month(MonthInput(2026, 10, 3000), source="manual", user=user, now=NOW)
    withdraw_month(2026, 10, user=user, now=NOW)
    save_month(MonthInput(2026, 10, 3000), source="manual", user=user, now=NOW)
    db.session.commit()
    assert (october().visits, october().source) == (3000, "manual")
    log = db.session.scalars(select(VisitCorrection).order_by(VisitCorrection.id)).all()[-1]
    assert (log.previous_visits, log.new_visits) == (None, 3000)
    assert db.session.query(MonthlyVisit).count() == 1


def test_nothing_to_withdraw_is_explained(app):
    with pytest.raises(ValidationError, match="no tiene una cifra capturada o importada"):
        withdraw_month(2026, 10, user=None, now=NOW)
    save_month(MonthInput(2026, 10, 3000), source="manual", user=None, now=NOW)
    withdraw_month(2026, 10, user=None, now=NOW)
    with pytest.raises(ValidationError, match="no tiene una cifra capturada o importada"):
        withdraw_month(2026, 10, user=None, now=NOW)


def test_the_secretary_withdraws_from_the_month_screen(client, login_as):
    secretary = make_user(role="secretary")
    login_as(secretary)
    client.post("/visitas/2025/3", data={"visits": "4500"})
    page = client.get("/visitas/2025/3").get_data(as_text=True)
    assert "Retirar la cifra captura manual y volver al contador propio" in page

    response = client.post("/visitas/2025/3/retirar", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Se retiró la cifra del mes; ahora se muestra el contador propio." in page
    assert "Cifra retirada: se muestra el contador propio" in page
    assert "Retirar la cifra" not in page
    assert db.session.scalar(select(MonthlyVisit)).withdrawn is True

    again = client.post("/visitas/2025/3/retirar", follow_redirects=True).get_data(as_text=True)
    assert "no tiene una cifra capturada o importada que retirar" in again


def test_withdrawing_a_future_or_impossible_month_answers_404(client, login_as):
    login_as(make_user(role="secretary"))
    assert client.post("/visitas/2999/1/retirar").status_code == 404
    assert client.post("/visitas/2025/13/retirar").status_code == 404
