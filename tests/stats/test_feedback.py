"""Citizen satisfaction and reopen rate per unit, from the portal answers (TicketFeedback)."""
from datetime import date, datetime, time, timezone

import pytest

from app.extensions import db
from app.stats.periods import Period
from app.stats.queries import get_feedback_per_unit, get_ticket_stats
from app.formatting import display
from app.stats.tables import build_tables
from app.tickets.models import TicketFeedback
from app.timeutil import LOCAL_TZ
from tests.factories import make_category, make_ticket, make_unit, make_user

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def local(day, hour=12, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def _answer(ticket, unit, solved, rating, at):
    db.session.add(TicketFeedback(ticket=ticket, unit=unit, solved=solved, rating=rating,
                                  created_at=at))


@pytest.fixture
def answers(app):
    obras, agua = make_unit(name="Obras"), make_unit(name="Agua")
    ticket = make_ticket(make_category(unit=obras))
    _answer(ticket, obras, True, 5, local(date(2026, 3, 1), 0, 0))      # first instant: in
    _answer(ticket, obras, False, 2, local(date(2026, 3, 10)))
    _answer(ticket, obras, True, 4, local(date(2026, 3, 31), 23, 59))   # last minute: in
    _answer(ticket, obras, False, 1, local(date(2026, 4, 1), 0, 0))     # next month: out
    _answer(ticket, obras, True, 5, local(date(2026, 2, 28), 23, 59))   # previous month: out
    _answer(ticket, agua, True, 3, local(date(2026, 3, 5)))
    db.session.commit()
    return obras, agua


def test_mean_rating_answers_and_reopen_rate_per_unit_in_the_period(answers):
    obras, agua = answers
    figures = get_feedback_per_unit(MARCH)
    assert figures[obras.id] == (3, pytest.approx(11 / 3), 1)
    assert figures[agua.id] == (1, pytest.approx(3.0), 0)
    assert get_feedback_per_unit(MARCH, unit_id=agua.id) == {agua.id: (1, pytest.approx(3.0), 0)}
    assert get_feedback_per_unit(Period(date(2026, 5, 1), date(2026, 5, 31))) == {}


def test_the_unit_rows_and_the_dashboard_table_carry_the_figures(answers):
    obras, agua = answers
    stats = get_ticket_stats(MARCH, local(date(2026, 4, 2)))
    rows = {u.name: u for u in stats.units}
    assert (rows["Obras"].answers, rows["Obras"].satisfaction, rows["Obras"].reopen_rate) == (
        3, pytest.approx(11 / 3), pytest.approx(1 / 3))
    assert (rows["Agua"].answers, rows["Agua"].reopen_rate) == (1, 0.0)
    table = build_tables({"stats": stats, "headline": {}, "previous_headline": {},
                          "overdue": [], "monthly": []})["satisfaccion"]
    assert [tuple(map(display, row)) for row in table[2]] == [("Agua", "1", "3.0", "0.0 %"),
                                                              ("Obras", "3", "3.7", "33.3 %")]


def test_the_dashboard_shows_the_satisfaction_table(answers, login_as):
    client = login_as(make_user(role="secretary"))
    html = client.get("/estadisticas/?desde=2026-03-01&hasta=2026-03-31").get_data(as_text=True)
    assert "Satisfacción ciudadana por unidad" in html and "33.3 %" in html
