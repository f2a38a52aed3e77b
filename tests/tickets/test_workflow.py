"""The state machine: every transition per role, requirements, history, due clock, versions."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.tickets import constants as c
from app.tickets import workflow
from app.tickets.models import Ticket, TicketEvent
from app.tickets.workflow import TRANSITIONS, StaleTicketError, WorkflowError
from app.units.models import NonWorkingDay
from tests.factories import make_category, make_ticket, make_unit, make_user

ROLES = ("secretary", "frontdesk", "unit", "system", "admin")
NOW = datetime(2026, 11, 20, 17, 0, tzinfo=timezone.utc)  # Friday 11:00 in Fresnillo


def _events(ticket) -> int:
    return db.session.scalar(select(func.count(TicketEvent.id)).where(TicketEvent.ticket_id == ticket.id))


def _ticket_in(status, unit, now=NOW):
    """A real ticket put in ``status`` (test set-up only) and channeled to ``unit`` when open."""
    ticket = make_ticket(make_category(unit=unit), now=now)
    ticket.status = status
    if status in c.TRIAGE_STATUSES:
        ticket.unit, ticket.due_date = None, None
    if status == c.WAITING_CITIZEN:
        ticket.paused_at = now
    if status in c.FINISHED_STATUSES:
        ticket.closed_at = now
    db.session.commit()
    return ticket


def _actor(role, unit):
    if role == "system":
        return None
    return make_user(role=role, unit=unit if role == "unit" else None)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("from_status", list(c.STATUS_LABELS))
def test_transition_table_is_enforced_for_every_role_and_pair(app, role, from_status):
    unit, other = make_unit(), make_unit()
    ticket = _ticket_in(from_status, unit)
    actor = _actor(role, unit)
    original = make_ticket(now=NOW)
    before = _events(ticket)
    for to_status in c.STATUS_LABELS:
        allowed = to_status in TRANSITIONS.get(role, {}).get(from_status, set())
        kwargs = {"note": "Motivo registrado.",
                  "unit": other if to_status == c.CHANNELED else None,
                  "duplicate_of": original if to_status == c.DUPLICATE else None}
        savepoint = db.session.begin_nested()
        try:
            event = workflow.transition(ticket, to_status, actor, now=NOW, **kwargs)
        except WorkflowError:
            assert not allowed, f"{role}: {from_status} -> {to_status} should be allowed"
            assert ticket.status == from_status and _events(ticket) == before
        else:
            assert allowed, f"{role}: {from_status} -> {to_status} should be refused"
            assert ticket.status == to_status
            assert (event.status_from, event.status_to) == (from_status, to_status)
            assert _events(ticket) == before + 1
        savepoint.rollback()
        db.session.refresh(ticket)


def test_admin_has_no_ticket_rights_at_all():
    assert "admin" not in TRANSITIONS


def test_unit_staff_cannot_close_ticket_of_other_unit(app):
    mine, theirs = make_unit(), make_unit()
    ticket = _ticket_in(c.IN_PROGRESS, theirs)
    with pytest.raises(WorkflowError, match="no corresponde a su unidad"):
        workflow.transition(ticket, c.RESOLVED, make_user(role="unit", unit=mine),
                            note="Listo.", now=NOW)


@pytest.mark.parametrize("to_status,role,message", [
    (c.RESOLVED, "unit", "nota de resolución"),
    (c.RETURNED, "unit", "motivo de la devolución"),
    (c.REJECTED, "secretary", "improcedente"),
    (c.WAITING_CITIZEN, "unit", "espera del ciudadano"),
])
def test_a_note_is_required_for_resolution_rejection_return_and_waiting(app, to_status, role, message):
    unit = make_unit()
    ticket = _ticket_in(c.IN_PROGRESS, unit)
    with pytest.raises(WorkflowError, match=message):
        workflow.transition(ticket, to_status, _actor(role, unit), note="   ", now=NOW)
    db.session.rollback()
    assert db.session.get(Ticket, ticket.id).status == c.IN_PROGRESS


def test_reopening_needs_a_reason_and_an_open_ticket_cannot_be_reopened(app):
    unit = make_unit()
    desk = make_user(role="frontdesk")
    closed = _ticket_in(c.CLOSED, unit)
    with pytest.raises(WorkflowError, match="reapertura"):
        workflow.transition(closed, c.CHANNELED, desk, now=NOW)
    open_ticket = _ticket_in(c.CHANNELED, unit)
    with pytest.raises(WorkflowError, match="ya está canalizado"):
        workflow.transition(open_ticket, c.CHANNELED, desk, unit=unit, note="Otra vez", now=NOW)


def test_reopening_a_closed_ticket_channels_it_again_with_a_new_due_date(app):
    unit = make_unit()
    ticket = _ticket_in(c.CLOSED, unit)
    ticket.resolved_at = NOW
    later = datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc)
    workflow.transition(ticket, c.CHANNELED, make_user(role="secretary"),
                        note="El ciudadano reporta que la falla regresó.", now=later)
    assert (ticket.status, ticket.unit_id) == (c.CHANNELED, unit.id)
    assert ticket.closed_at is None and ticket.resolved_at is None
    assert ticket.due_date > date(2026, 12, 1)


def test_devuelta_clears_the_unit_and_sends_the_ticket_back_to_triage(app):
    unit = make_unit()
    ticket = _ticket_in(c.CHANNELED, unit)
    event = workflow.transition(ticket, c.RETURNED, make_user(role="unit", unit=unit),
                                note="Corresponde a Agua Potable.", now=NOW, public=False)
    db.session.commit()
    assert ticket.status == c.RETURNED and ticket.unit_id is None and ticket.due_date is None
    assert (event.unit_from_id, event.unit_to_id, event.public) == (unit.id, None, False)
    other = make_unit()
    workflow.transition(ticket, c.CHANNELED, make_user(role="secretary"), unit=other, now=NOW)
    assert ticket.unit_id == other.id


def test_channeling_counts_business_days_skipping_weekends_holidays_and_municipal_days(app):
    unit = make_unit()
    category = make_category(unit=unit, due_days=2)
    friday = datetime(2026, 11, 13, 17, 0, tzinfo=timezone.utc)  # Fri 13 Nov 2026, 11:00 local
    ticket = make_ticket(category, now=friday)
    # Mon 16 Nov 2026 is Revolution Day (observed): Tue 17, Wed 18.
    assert ticket.due_date == date(2026, 11, 18)
    db.session.add(NonWorkingDay(day=date(2026, 11, 17), description="Feria"))
    db.session.commit()
    second = make_ticket(category, now=friday)
    assert second.due_date == date(2026, 11, 19)


def test_channeling_uses_the_local_date_not_the_utc_date(app):
    category = make_category(due_days=1)
    # 23:30 Thursday in Fresnillo is already Friday in UTC.
    thursday_night = datetime(2026, 11, 20, 5, 30, tzinfo=timezone.utc)
    ticket = make_ticket(category, now=thursday_night)
    assert ticket.due_date == date(2026, 11, 20)


def test_waiting_for_the_citizen_pauses_the_due_clock(app):
    unit = make_unit()
    ticket = _ticket_in(c.IN_PROGRESS, unit)
    ticket.due_date = date(2026, 11, 27)
    staff = make_user(role="unit", unit=unit)
    monday = datetime(2026, 11, 23, 17, 0, tzinfo=timezone.utc)
    workflow.transition(ticket, c.WAITING_CITIZEN, staff, note="Falta identificación.", now=monday)
    assert ticket.paused_at == monday
    thursday = datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)
    workflow.transition(ticket, c.IN_PROGRESS, staff, now=thursday)
    # Waited Tue, Wed, Thu = 3 business days: Fri 27 → Wed 2 Dec.
    assert ticket.due_date == date(2026, 12, 2)
    assert ticket.paused_at is None


def test_waiting_tickets_are_never_overdue(app):
    from app.tickets.queries import is_overdue

    ticket = _ticket_in(c.WAITING_CITIZEN, make_unit())
    ticket.due_date = date(2026, 1, 1)
    assert not is_overdue(ticket, date(2026, 11, 20))
    ticket.status = c.IN_PROGRESS
    assert is_overdue(ticket, date(2026, 11, 20))


def test_every_change_appends_a_history_row_with_who_when_status_and_units(app):
    unit, other = make_unit(), make_unit()
    ticket = _ticket_in(c.CHANNELED, unit)
    secretary = make_user(role="secretary")
    workflow.transition(ticket, c.CHANNELED, secretary, unit=other, note="Reasignada.", now=NOW)
    db.session.commit()
    last = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                              .order_by(TicketEvent.id.desc())).first()
    assert (last.actor_id, last.created_at, last.status_from, last.status_to) == (
        secretary.id, NOW, c.CHANNELED, c.CHANNELED)
    assert (last.unit_from_id, last.unit_to_id, last.note) == (unit.id, other.id, "Reasignada.")
    kinds = [e.type for e in db.session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id))]
    assert kinds == [c.EVENT_CREATED, c.EVENT_STATUS, c.EVENT_STATUS]


def test_system_actor_closes_a_resolved_ticket_with_its_label(app):
    unit = make_unit()
    ticket = _ticket_in(c.RESOLVED, unit)
    event = workflow.transition(ticket, c.CLOSED, None, actor_label=c.ACTOR_CITIZEN, now=NOW)
    assert (ticket.status, event.actor_id, event.actor_label) == (c.CLOSED, None, "Ciudadano")
    assert ticket.closed_at == NOW


def test_duplicate_links_to_the_original_folio(app):
    unit = make_unit()
    original = make_ticket(make_category(unit=unit), now=NOW)
    copy = make_ticket(make_category(unit=unit), now=NOW)
    workflow.transition(copy, c.DUPLICATE, make_user(role="frontdesk"), duplicate_of=original,
                        now=NOW, note="Mismo bache.")
    assert copy.duplicate_of_id == original.id and copy.closed_at == NOW
    with pytest.raises(WorkflowError, match="folio original"):
        workflow.transition(make_ticket(now=NOW), c.DUPLICATE, make_user(role="frontdesk"),
                            now=NOW, note="Mismo bache.")
    with pytest.raises(WorkflowError, match="motivo"):
        workflow.transition(make_ticket(now=NOW), c.DUPLICATE, make_user(role="frontdesk"),
                            duplicate_of=original, now=NOW)


def test_a_stale_form_version_is_refused_and_nothing_changes(app):
    unit = make_unit()
    ticket = _ticket_in(c.CHANNELED, unit)
    staff = make_user(role="unit", unit=unit)
    old_version = ticket.version
    workflow.transition(ticket, c.IN_PROGRESS, staff, now=NOW, expected_version=old_version)
    db.session.commit()
    with pytest.raises(StaleTicketError, match="Otra persona modificó"):
        workflow.transition(ticket, c.RETURNED, staff, note="No es nuestro.", now=NOW,
                            expected_version=old_version)
    db.session.rollback()
    assert db.session.get(Ticket, ticket.id).status == c.IN_PROGRESS


def test_a_concurrent_commit_is_detected_by_the_version_column(app):
    unit = make_unit()
    ticket = _ticket_in(c.CHANNELED, unit)
    staff = make_user(role="unit", unit=unit)
    events = _events(ticket)
    assert ticket.status == c.CHANNELED  # loaded in this session
    # Another transaction changed the row after we loaded it.
    with db.engine.begin() as connection:
        connection.execute(update(Ticket).where(Ticket.id == ticket.id)
                           .values(version=Ticket.version + 1, status=c.IN_PROGRESS))
    with pytest.raises(StaleTicketError):
        workflow.transition(ticket, c.RETURNED, staff, note="No es nuestro.", now=NOW)
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status == c.IN_PROGRESS
    assert _events(ticket) == events


def test_a_ticket_cannot_be_a_duplicate_of_itself(app):
    ticket = make_ticket(now=NOW)
    with pytest.raises(WorkflowError, match="sí mismo"):
        workflow.transition(ticket, c.DUPLICATE, make_user(role="secretary"),
                            duplicate_of=ticket, now=NOW, note="Mismo reporte.")


def test_a_batch_reads_the_municipal_days_once_and_flushes_its_moves_at_the_end(app, monkeypatch):
    unit = make_unit()
    tickets = [make_ticket(make_category(unit=unit), now=NOW) for _ in range(3)]
    worker = make_user(role="unit", unit=unit)
    reads = []
    real = workflow.load_municipal_days
    monkeypatch.setattr(workflow, "load_municipal_days", lambda: reads.append(1) or real())
    with workflow.batch():
        events = [workflow.transition(t, c.IN_PROGRESS, worker, now=NOW) for t in tickets]
        # Not flushed by the move itself (a later read may still autoflush, as usual).
        assert workflow.in_batch() and events[-1].id is None
    assert not workflow.in_batch() and all(e.id is not None for e in events)
    assert reads == [1]
