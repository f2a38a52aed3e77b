"""The daily digest: per unit, overdue tickets and those due within 2 business days."""
from datetime import date, datetime, time, timezone

import pytest
from sqlalchemy import select

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.tickets import constants as c
from app.tickets import workflow
from app.timeutil import LOCAL_TZ
from app.units.models import NonWorkingDay
from tests.factories import make_category, make_ticket, make_unit, make_user

# Monday 16 March 2026 is a national holiday (Benito Juárez, third Monday of March).
FRIDAY = date(2026, 3, 13)


def at(day, hour=7):
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def run(runner, day):
    result = runner.invoke(args=["daily-digest", "--now", at(day).isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def digests(recipient=None):
    db.session.expire_all()
    stmt = select(OutboxMessage).where(OutboxMessage.kind == "daily_digest").order_by(OutboxMessage.id)
    if recipient:
        stmt = stmt.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(stmt))


def ticket_due(category, due, status=c.CHANNELED, staff=None):
    ticket = make_ticket(category, now=at(date(2026, 3, 2)))
    steps = {c.IN_PROGRESS: [c.IN_PROGRESS], c.WAITING_CITIZEN: [c.IN_PROGRESS, c.WAITING_CITIZEN],
             c.RESOLVED: [c.RESOLVED]}.get(status, [])
    for step in steps:
        workflow.transition(ticket, step, staff, now=at(date(2026, 3, 3)), note="Nota")
    ticket.due_date = due
    db.session.commit()
    return ticket


@pytest.fixture
def obras():
    unit = make_unit(name="Obras Públicas")
    staff = make_user(role="unit", unit=unit, email="obras@fresnillo.gob.mx")
    make_user(role="unit", unit=unit, email="sin-resumen@fresnillo.gob.mx", notify_digest=False)
    return unit, staff, make_category(unit=unit, name="Bacheo")


def test_a_friday_digest_lists_overdue_and_due_up_to_the_second_business_day(app, runner, obras):
    _unit, staff, category = obras
    overdue = ticket_due(category, date(2026, 3, 12))
    today = ticket_due(category, FRIDAY)
    wednesday = ticket_due(category, date(2026, 3, 18))  # Tue 17 and Wed 18: 2 business days
    thursday = ticket_due(category, date(2026, 3, 19))
    in_progress = ticket_due(category, date(2026, 3, 17), c.IN_PROGRESS, staff)
    paused = ticket_due(category, date(2026, 3, 10), c.WAITING_CITIZEN, staff)
    done = ticket_due(category, date(2026, 3, 10), c.RESOLVED, staff)

    assert "Resúmenes diarios en cola: 1." in run(runner, FRIDAY)
    [mail] = digests()
    assert mail.recipient == "obras@fresnillo.gob.mx"
    assert mail.subject == "Resumen diario de Obras Públicas: 4 ticket(s) por vencer o vencidos"
    overdue_part, soon_part = mail.body_text.split("Por vencer:")
    assert overdue.folio in overdue_part and "venció el 12/03/2026" in overdue_part
    for ticket in (today, wednesday, in_progress):
        assert ticket.folio in soon_part
    for ticket in (thursday, paused, done):
        assert ticket.folio not in mail.body_text
    assert "/tickets/bandeja" in mail.body_text


def test_weekends_holidays_and_municipal_days_send_nothing(app, runner, obras):
    ticket_due(obras[2], date(2026, 3, 12))
    for day in (date(2026, 3, 14), date(2026, 3, 15), date(2026, 3, 16)):
        assert "Resúmenes diarios en cola: 0." in run(runner, day)
    db.session.add(NonWorkingDay(day=date(2026, 3, 17), description="Feria"))
    db.session.commit()
    assert "Resúmenes diarios en cola: 0." in run(runner, date(2026, 3, 17))
    assert digests() == []
    run(runner, date(2026, 3, 18))
    assert len(digests()) == 1


def test_running_twice_a_day_sends_nothing_twice_and_a_quiet_unit_gets_nothing(app, runner, obras):
    ticket_due(obras[2], date(2026, 3, 12))
    quiet = make_unit(name="Turismo")
    make_user(role="unit", unit=quiet, email="turismo@fresnillo.gob.mx")
    ticket_due(make_category(unit=quiet), date(2026, 4, 30))  # far away
    run(runner, FRIDAY)
    assert "Resúmenes diarios en cola: 0." in run(runner, FRIDAY)
    assert [m.recipient for m in digests()] == ["obras@fresnillo.gob.mx"]
    run(runner, date(2026, 3, 17))
    assert len(digests()) == 2  # the next business day, again


def test_a_long_list_shows_the_first_rows_and_says_so(app, runner, obras, monkeypatch):
    from app.notifications import digest

    monkeypatch.setattr(digest, "LISTED_PER_UNIT", 2)
    for day in (10, 11, 12):
        ticket_due(obras[2], date(2026, 3, day))
    run(runner, FRIDAY)
    [mail] = digests()
    assert "3 ticket(s)" in mail.subject
    assert "Se muestran los primeros 2; vea todos en su bandeja." in mail.body_text
    assert mail.body_text.count("venció el") == 2
