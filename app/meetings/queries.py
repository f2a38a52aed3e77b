"""Reads of the meetings feature: meetings, agreements scoped per user, reminder candidates.

Every query a unit user runs goes through ``scope_agreements`` (its own unit only).
"""
from datetime import date, datetime

from sqlalchemy import exists, func, select

from app.auth.permissions import Permission, has_permission
from app.extensions import db
from app.meetings import workflow as wf
from app.meetings.models import (Agreement, AgreementEvent, Meeting, MeetingFollowup,
                                 agreement_units, meeting_units)
from app.programs import figures as program_figures
from app.stats.cabinet import MEMO
from app.stats.models import CabinetReport
from app.stats.periods import last_complete_week
from app.tickets.queries import due_soon_until
from app.timeutil import local_today
from app.units.models import Unit

PER_PAGE = 30
# The home page's counts stop here (shown as «1,000+»), so no request counts a whole table.
COUNT_CAP = 1_000
# The list's «estado» filter: a status, or a derived state. «Vencen pronto» is the tickets'
# window (``due_soon_until``): due today through DUE_SOON_BUSINESS_DAYS business days ahead.
OVERDUE, DUE_SOON = "vencido", "vence_pronto"
FILTERS = {OVERDUE: "Vencidos", DUE_SOON: "Vencen pronto", **wf.STATE_LABELS}


def list_meetings(page: int, per_page: int = PER_PAGE):
    """One page of meetings, newest first."""
    stmt = select(Meeting).order_by(Meeting.held_at.desc(), Meeting.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def count_meeting_figures(meeting_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{meeting id: (units present, agreements made)} for a page of meetings; two grouped
    counts instead of loading each meeting's attendance and agreements."""
    present = dict(db.session.execute(
        select(meeting_units.c.meeting_id, func.count())
        .where(meeting_units.c.meeting_id.in_(meeting_ids))
        .group_by(meeting_units.c.meeting_id)).all()) if meeting_ids else {}
    made = dict(db.session.execute(
        select(Agreement.meeting_id, func.count())
        .where(Agreement.meeting_id.in_(meeting_ids))
        .group_by(Agreement.meeting_id)).all()) if meeting_ids else {}
    return {i: (present.get(i, 0), made.get(i, 0)) for i in meeting_ids}


def scope_agreements(stmt, user):
    """Restrict a select of agreements to what ``user`` may see: all for the Secretaría, the
    unit's own for unit staff, nothing otherwise."""
    if has_permission(user, Permission.MANAGE_MEETINGS):
        return stmt
    if user.unit_id is None:
        return stmt.where(False)
    return stmt.where(exists().where(agreement_units.c.agreement_id == Agreement.id,
                                     agreement_units.c.unit_id == user.unit_id))


def get_agreement_for(user, agreement_id: int) -> Agreement | None:
    """The agreement if ``user`` may see it (None otherwise: the view answers 404)."""
    stmt = scope_agreements(select(Agreement).where(Agreement.id == agreement_id), user)
    return db.session.scalars(stmt).first()


def list_agreements(user, page: int, status: str | None, now: datetime,
                    per_page: int = PER_PAGE):
    """One page of the agreements the user may see; ``status`` is a key of FILTERS (or None:
    all of them)."""
    stmt = scope_agreements(select(Agreement), user).where(*_filter_clauses(status, now))
    stmt = stmt.order_by(Agreement.due_date.desc(), Agreement.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def _filter_clauses(status: str | None, now: datetime) -> list:
    today = local_today(now)
    if status == OVERDUE:
        return [Agreement.status.in_(wf.OPEN_STATES), Agreement.due_date < today]
    if status == DUE_SOON:
        return [Agreement.status.in_(wf.OPEN_STATES), Agreement.due_date >= today,
                Agreement.due_date <= due_soon_until(today)]
    if status in wf.STATES:
        return [Agreement.status == status]
    return []


def count_agreement_work(user, now: datetime, filters: tuple[str, ...]) -> dict[str, int]:
    """How many agreements the user may see fall in each of ``filters`` (keys of FILTERS),
    each capped at COUNT_CAP + 1; one query (and one for the non-working days)."""
    counts = []
    for status in filters:
        inner = (scope_agreements(select(Agreement.id), user)
                 .where(*_filter_clauses(status, now)).limit(COUNT_CAP + 1).subquery())
        counts.append(select(func.count()).select_from(inner).scalar_subquery().label(status))
    return dict(db.session.execute(select(*counts)).one()._mapping)


def list_open_agreements(unit_id: int | None = None) -> list[Agreement]:
    """Agreements not yet done nor cancelled (of one unit), earliest due first."""
    stmt = select(Agreement).where(Agreement.status.not_in(wf.FINISHED_STATES))
    if unit_id is not None:
        stmt = stmt.where(Agreement.units.any(Unit.id == unit_id))
    return list(db.session.scalars(stmt.order_by(Agreement.due_date, Agreement.id)))


def list_due_or_overdue(until: date) -> list[Agreement]:
    """Open agreements due on or before ``until`` (overdue included), earliest first."""
    return list(db.session.scalars(
        select(Agreement).where(Agreement.status.in_(wf.OPEN_STATES), Agreement.due_date <= until)
        .order_by(Agreement.due_date, Agreement.id)))


def list_responsible_units(meeting_id: int) -> list[Unit]:
    """The units responsible for at least one agreement of the meeting."""
    return list(db.session.scalars(
        select(Unit).where(Unit.id.in_(
            select(agreement_units.c.unit_id)
            .join(Agreement, Agreement.id == agreement_units.c.agreement_id)
            .where(Agreement.meeting_id == meeting_id))).order_by(Unit.name)))


def get_followup(meeting_id: int, unit_id: int) -> MeetingFollowup | None:
    """The follow-up archived for a unit of a meeting, if any."""
    return db.session.scalars(select(MeetingFollowup).where(
        MeetingFollowup.meeting_id == meeting_id, MeetingFollowup.unit_id == unit_id)).first()


def list_followups(meeting_id: int):
    """The follow-ups archived for a meeting: unit id and name, when and SHA-256 (not the
    bytes), by unit name."""
    return db.session.execute(
        select(Unit.id.label("unit_id"), Unit.name.label("unit_name"),
               CabinetReport.generated_at, CabinetReport.sha256)
        .join(MeetingFollowup, MeetingFollowup.unit_id == Unit.id)
        .join(CabinetReport, CabinetReport.id == MeetingFollowup.report_id)
        .where(MeetingFollowup.meeting_id == meeting_id).order_by(Unit.name)).all()


def list_history(agreement_id: int) -> list[AgreementEvent]:
    """The agreement's history, oldest first."""
    return list(db.session.scalars(select(AgreementEvent).where(
        AgreementEvent.agreement_id == agreement_id).order_by(AgreementEvent.id)))


def get_evidence(agreement_id: int, event_id: int) -> AgreementEvent | None:
    """The history row of the agreement that carries an evidence file, if any."""
    return db.session.scalars(select(AgreementEvent).where(
        AgreementEvent.id == event_id, AgreementEvent.agreement_id == agreement_id,
        AgreementEvent.evidence_stored_name.is_not(None))).first()


def list_evidence_references(agreement_ids: list[int]) -> dict[int, str]:
    """{agreement id: the evidence of its last «cumplido propuesto»} (file name and text
    reference), for the agreements that have one; one query."""
    if not agreement_ids:
        return {}
    last = (select(func.max(AgreementEvent.id))
            .where(AgreementEvent.agreement_id.in_(agreement_ids),
                   AgreementEvent.status_to == wf.PROPOSED)
            .group_by(AgreementEvent.agreement_id))
    rows = db.session.execute(
        select(AgreementEvent.agreement_id, AgreementEvent.evidence_file_name,
               AgreementEvent.evidence)
        .where(AgreementEvent.id.in_(last)))
    return {agreement_id: " · ".join(filter(None, (name, text)))
            for agreement_id, name, text in rows if name or text}


def get_memo_of(meeting: Meeting):
    """The archived cabinet memo of the week the meeting discusses (the last complete week
    before it): the newest copy, without its bytes; None when not generated yet."""
    week = last_complete_week(meeting.held_at)
    iso = week.first.isocalendar()
    return db.session.execute(
        select(CabinetReport.id, CabinetReport.sha256, CabinetReport.iso_week,
               CabinetReport.iso_year)
        .where(CabinetReport.kind == MEMO, CabinetReport.iso_year == iso[0],
               CabinetReport.iso_week == iso[1])
        .order_by(CabinetReport.id.desc()).limit(1)).first()


def list_actions_behind_schedule(now: datetime) -> list[str]:
    """The agenda lines of the work-program actions behind schedule or stalled: one per unit
    (app/programs/figures.py decides the statuses)."""
    return [f"Acciones atrasadas o sin avance de {unit}: " + "; ".join(lines) + "."
            for unit, lines in _attention_lines(local_today(now))]


def _attention_lines(as_of: date) -> list[tuple[str, list[str]]]:
    figures = program_figures.list_action_figures(as_of)
    return [(unit, [program_figures.describe(f) for f in items])
            for unit, items in program_figures.needing_attention(figures).items()]
