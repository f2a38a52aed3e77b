"""Tickets atendida close by themselves after 10 business days without the citizen's answer."""
from datetime import date, datetime, time, timezone

from sqlalchemy import func, select

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.portal.services import record_feedback
from app.tickets import constants as c
from app.tickets import workflow
from app.tickets.models import TicketEvent
from app.timeutil import LOCAL_TZ
from app.units.models import NonWorkingDay
from tests.factories import make_category, make_ticket, make_unit, make_user

# Resolved Monday 2 March 2026; Monday 16 March is a national holiday (Benito Juárez).
RESOLVED_ON = date(2026, 3, 2)


def at(day, hour=10, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def resolved_ticket(day=RESOLVED_ON, hour=10, email=None):
    unit = make_unit()
    staff = make_user(role="unit", unit=unit)
    ticket = make_ticket(make_category(unit=unit), now=at(day, 9), citizen_data={
        "name": "Ana López", "phone": "4931234567", "email": email})
    workflow.transition(ticket, c.RESOLVED, staff, now=at(day, hour), note="Atendido.")
    db.session.commit()
    return ticket


def run(runner, day, hour=6):
    result = runner.invoke(args=["auto-close", "--now", at(day, hour).isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def test_it_closes_on_the_tenth_business_day_skipping_the_holiday(app, runner):
    ticket = resolved_ticket()
    late_sunday = resolved_ticket(date(2026, 3, 1), hour=23)  # Sunday 23:00 local
    assert "cerradas automáticamente: 1." in run(runner, date(2026, 3, 13))  # the Sunday one
    db.session.expire_all()
    assert (ticket.status, late_sunday.status) == (c.RESOLVED, c.CLOSED)
    assert "cerradas automáticamente: 0." in run(runner, date(2026, 3, 16))  # holiday: 9 days
    db.session.expire_all()
    assert ticket.status == c.RESOLVED
    assert "cerradas automáticamente: 1." in run(runner, date(2026, 3, 17))
    db.session.expire_all()
    assert ticket.status == c.CLOSED and ticket.closed_at == at(date(2026, 3, 17), 6)
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                              .order_by(TicketEvent.id.desc()))
    assert (event.status_from, event.status_to, event.actor_id, event.actor_label, event.public) == (
        c.RESOLVED, c.CLOSED, None, c.ACTOR_SYSTEM, True)
    assert "no respondió en 10 días hábiles" in event.note


def test_a_municipal_non_working_day_pushes_it_back(app, runner):
    ticket = resolved_ticket()
    db.session.add(NonWorkingDay(day=date(2026, 3, 17), description="Feria"))
    db.session.commit()
    run(runner, date(2026, 3, 17))
    db.session.expire_all()
    assert ticket.status == c.RESOLVED
    run(runner, date(2026, 3, 18))
    db.session.expire_all()
    assert ticket.status == c.CLOSED


def test_running_it_again_changes_nothing_and_answered_tickets_are_left_alone(app, runner):
    closed_by_citizen = resolved_ticket()
    record_feedback(closed_by_citizen, solved=True, rating=5, comment=None, now=at(date(2026, 3, 3)))
    reopened = resolved_ticket()
    record_feedback(reopened, solved=False, rating=1, comment="Sigue igual", now=at(date(2026, 3, 3)))
    waiting = resolved_ticket()
    db.session.commit()
    events_before = db.session.scalar(select(func.count(TicketEvent.id)))
    assert "cerradas automáticamente: 1." in run(runner, date(2026, 4, 1))
    assert "cerradas automáticamente: 0." in run(runner, date(2026, 4, 1, ), hour=7)
    db.session.expire_all()
    assert (closed_by_citizen.status, reopened.status, waiting.status) == (
        c.CLOSED, c.IN_PROGRESS, c.CLOSED)
    assert db.session.scalar(select(func.count(TicketEvent.id))) == events_before + 1


def test_the_citizen_is_told_and_can_no_longer_answer(app, runner, client):
    ticket = resolved_ticket(email="ana@example.com")
    run(runner, date(2026, 3, 17))
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "ana@example.com")
                              .order_by(OutboxMessage.id.desc())).first()
    assert mail.subject == f"Su solicitud {ticket.folio}: cerrada"
    assert "no respondió en 10 días hábiles" in mail.body_text
    page = client.post("/consulta/respuesta", data={
        "folio": ticket.folio, "code": ticket.lookup_code, "version": str(ticket.version + 1),
        "solved": "no", "rating": "2"}).get_data(as_text=True)
    assert "ya no espera su respuesta" in page
    db.session.expire_all()
    assert ticket.status == c.CLOSED


def test_a_large_backlog_closes_in_batches(app, runner, monkeypatch):
    from app.portal import services

    original = services.close_unanswered
    monkeypatch.setattr(services, "close_unanswered", lambda now, limit=2: original(now, limit))
    tickets = [resolved_ticket() for _ in range(5)]
    assert "cerradas automáticamente: 5." in run(runner, date(2026, 3, 17))
    db.session.expire_all()
    assert {t.status for t in tickets} == {c.CLOSED}
