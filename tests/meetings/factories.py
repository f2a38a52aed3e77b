"""Meetings and agreements built through the real services."""
from datetime import date, datetime, time, timezone

from app.extensions import db
from app.meetings import services

from tests.factories import make_unit, make_user

NOW = datetime(2026, 3, 3, 18, 0, tzinfo=timezone.utc)  # Tuesday 12:00 in Fresnillo


def make_meeting(held_on=date(2026, 3, 3), at=time(10, 0), now=NOW, actor=None):
    meeting = services.create_meeting(held_on, at, "ordinaria", actor, now)
    db.session.commit()
    return meeting


def make_agreement(meeting=None, units=None, due_date=date(2026, 3, 10), now=NOW, actor=None,
                   text="Abatir el rezago de solicitudes vencidas."):
    meeting = meeting or make_meeting()
    units = units or [make_unit()]
    agreement = services.create_agreement(meeting, text, [u.id for u in units], due_date,
                                          actor, now)
    db.session.commit()
    return agreement


def unit_user(unit):
    return make_user(role="unit", unit=unit)
