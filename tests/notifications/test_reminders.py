"""Weekly-report reminders to units and the missed-deadline list for the Secretaría Técnica."""
from datetime import date, datetime, time, timezone

from sqlalchemy import select

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.reports.models import ReportExcuse, WeeklyReport
from app.settings import Setting
from app.timeutil import LOCAL_TZ
from app.units.models import NonWorkingDay
from app.units.services import set_unit_active
from tests.factories import make_unit, make_user

LONG_AGO = datetime(2025, 1, 1, tzinfo=timezone.utc)
WEEK = (2026, 10)  # Monday 2 to Sunday 8 March 2026; default deadline Friday 6, 15:00


def at(day, hour=9, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def run(runner, when):
    result = runner.invoke(args=["report-reminders", "--now", when.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def mails(kind, week=10):
    """Mails of a kind about one week (the units also owed, and missed, the week before)."""
    db.session.expire_all()
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                              .order_by(OutboxMessage.id))
    return [row for row in rows if f"semana {week} de 2026" in row.body_text]


def hand_in(unit, iso_year, iso_week, submitted_at):
    db.session.add(WeeklyReport(unit_id=unit.id, iso_year=iso_year, iso_week=iso_week,
                                deadline_at=submitted_at, submitted_at=submitted_at,
                                summary="Resumen"))
    db.session.commit()


def units_and_staff():
    late = make_unit(name="Obras Públicas", created_at=LONG_AGO)
    done = make_unit(name="Tesorería", created_at=LONG_AGO)
    excused = make_unit(name="Catastro", created_at=LONG_AGO)
    new = make_unit(name="Turismo", created_at=at(date(2026, 3, 3)))  # owes from next week
    staff = make_user(role="unit", unit=late, email="obras@fresnillo.gob.mx")
    make_user(role="unit", unit=late, email="sin-recordatorios@fresnillo.gob.mx",
              notify_reminders=False)
    for unit in (done, excused, new):
        make_user(role="unit", unit=unit, email=f"{unit.name[:4].lower()}@fresnillo.gob.mx")
    hand_in(done, *WEEK, at(date(2026, 3, 3)))
    db.session.add(ReportExcuse(unit_id=excused.id, iso_year=2026, iso_week=10, reason="Sismo"))
    db.session.commit()
    return late, staff


def test_a_unit_without_its_report_is_reminded_the_business_day_before_the_deadline(app, runner):
    app.config["PUBLIC_BASE_URL"] = "https://atencion.fresnillo.gob.mx"
    _late, staff = units_and_staff()
    run(runner, at(date(2026, 3, 4), 18))  # Wednesday: too early
    assert mails("report_reminder") == []
    assert "en cola: 1" in run(runner, at(date(2026, 3, 5), 9))  # Thursday
    [mail] = mails("report_reminder")
    assert mail.recipient == staff.email
    assert "Obras Públicas aún no entrega el informe de la semana 10 de 2026" in mail.body_text
    assert "06/03/2026 15:00" in mail.body_text
    assert "https://atencion.fresnillo.gob.mx/informes/mi-unidad/2026/10" in mail.body_text
    for when in (at(date(2026, 3, 5), 16), at(date(2026, 3, 6), 9)):
        assert "en cola: 0" in run(runner, when)  # idempotent for the week
    assert len(mails("report_reminder")) == 1


def test_the_reminder_moves_before_a_long_weekend(app, runner):
    # Deadline Tuesday 10:00; Monday 16 March 2026 is a holiday and Friday 13 a municipal day.
    db.session.add_all([Setting(key="report_deadline_weekday", value="1"),
                        Setting(key="report_deadline_time", value="10:00"),
                        NonWorkingDay(day=date(2026, 3, 13), description="Feria")])
    db.session.commit()
    unit = make_unit(created_at=LONG_AGO)
    make_user(role="unit", unit=unit)
    run(runner, at(date(2026, 3, 11), 18))  # Wednesday of the week before: too early
    assert mails("report_reminder", week=12) == []
    run(runner, at(date(2026, 3, 12), 9))  # Thursday 12: the business day before
    [mail] = mails("report_reminder", week=12)
    assert "17/03/2026 10:00" in mail.body_text


def test_after_the_deadline_the_secretary_gets_the_units_that_missed_it(app, runner):
    units_and_staff()
    own_deadline = make_unit(name="Rastro", created_at=LONG_AGO, report_deadline_weekday=5)
    make_user(role="unit", unit=own_deadline)
    secretary = make_user(role="secretary", email="secretaria@fresnillo.gob.mx")
    make_user(role="secretary", email="no-quiere@fresnillo.gob.mx", notify_reminders=False)
    make_user(role="frontdesk", email="recepcion@fresnillo.gob.mx")

    run(runner, at(date(2026, 3, 6), 14, 59))
    assert mails("reports_missed") == []
    run(runner, at(date(2026, 3, 6), 16))
    [first] = mails("reports_missed")
    assert first.recipient == secretary.email
    assert "- Obras Públicas" in first.body_text
    for absent in ("Tesorería", "Catastro", "Turismo", "Rastro"):
        assert absent not in first.body_text
    run(runner, at(date(2026, 3, 6), 17))
    assert len(mails("reports_missed")) == 1
    # Rastro's own deadline is Saturday 15:00: it is reported once that one passes,
    # even on the next week's first run.
    run(runner, at(date(2026, 3, 9), 9))
    first_again, second = mails("reports_missed")
    assert "- Rastro" in second.body_text and "Obras" not in second.body_text
    run(runner, at(date(2026, 3, 10), 9))
    assert len(mails("reports_missed")) == 2


def test_a_reactivated_unit_is_not_chased_for_the_weeks_it_was_inactive(app, runner):
    units_and_staff()
    back = make_unit(name="Rastro", created_at=LONG_AGO)
    make_user(role="unit", unit=back, email="rastro@fresnillo.gob.mx")
    set_unit_active(back, False, at(date(2026, 2, 18)))  # Wednesday of week 8
    set_unit_active(back, True, at(date(2026, 3, 4)))  # Wednesday of week 10: owes from 11
    db.session.commit()
    make_user(role="secretary", email="secretaria@fresnillo.gob.mx")
    run(runner, at(date(2026, 3, 5), 9))  # Thursday: the reminders of week 10 go out
    assert [m.recipient for m in mails("report_reminder")] == ["obras@fresnillo.gob.mx"]
    run(runner, at(date(2026, 3, 6), 16))  # after the deadline of week 10
    for week in (9, 10):
        [missed] = mails("reports_missed", week=week)
        assert "- Obras Públicas" in missed.body_text and "Rastro" not in missed.body_text
