"""Reads of the work programs for the views: each user sees what the permissions allow
(a unit only its own programs, through ``scope_programs``; the Secretaría all of them)."""
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from app.auth.permissions import Permission, has_permission
from app.extensions import db
from app.programs.models import PlanAxis, ProgramAction, ProgramEvent, WorkProgram
from app.units.models import Unit

PER_PAGE = 30


def scope_programs(stmt, user):
    """Restrict a select involving WorkProgram to what ``user`` may see."""
    if has_permission(user, Permission.REVIEW_PROGRAMS):
        return stmt
    if user.unit_id is None or not has_permission(user, Permission.EDIT_PROGRAM):
        return stmt.where(False)
    return stmt.where(WorkProgram.unit_id == user.unit_id)


def get_program_for(user, program_id: int) -> WorkProgram | None:
    """The program if ``user`` may see it (None: the view answers 404)."""
    return db.session.scalars(scope_programs(
        select(WorkProgram).where(WorkProgram.id == program_id), user)).first()


def get_action_for(user, action_id: int) -> ProgramAction | None:
    """The action if ``user`` may see its program (None: 404)."""
    stmt = (select(ProgramAction).join(WorkProgram, WorkProgram.id == ProgramAction.program_id)
            .where(ProgramAction.id == action_id))
    return db.session.scalars(scope_programs(stmt, user)).first()


def get_unit_program(unit_id: int, year: int) -> WorkProgram | None:
    return db.session.scalars(select(WorkProgram).where(
        WorkProgram.unit_id == unit_id, WorkProgram.year == year)).first()


def list_unit_years(unit_id: int) -> list[int]:
    """The years the unit has a program for, newest first."""
    return list(db.session.scalars(select(WorkProgram.year).where(
        WorkProgram.unit_id == unit_id).order_by(WorkProgram.year.desc())))


def list_programs(year: int, status: str | None, page: int, per_page: int = PER_PAGE):
    """One page of the year's programs, by unit name."""
    stmt = (select(WorkProgram).join(Unit, Unit.id == WorkProgram.unit_id)
            .where(WorkProgram.year == year))
    if status:
        stmt = stmt.where(WorkProgram.status == status)
    stmt = stmt.options(contains_eager(WorkProgram.unit)).order_by(Unit.name)
    return db.paginate(stmt, page=page, per_page=per_page,
                       error_out=False)


def count_live_actions(program_ids: list[int]) -> dict[int, int]:
    """{program id: its actions not cancelled}. One query."""
    return dict(db.session.execute(
        select(ProgramAction.program_id, func.count(ProgramAction.id))
        .where(ProgramAction.program_id.in_(program_ids), ProgramAction.cancelled_at.is_(None))
        .group_by(ProgramAction.program_id)).all()) if program_ids else {}


def list_program_events(program_id: int) -> list[ProgramEvent]:
    """The program's history, oldest first."""
    return list(db.session.scalars(select(ProgramEvent).where(
        ProgramEvent.program_id == program_id).order_by(ProgramEvent.id)))


def list_axes(active_only: bool = False) -> list[PlanAxis]:
    stmt = select(PlanAxis).order_by(PlanAxis.code)
    if active_only:
        stmt = stmt.where(PlanAxis.active)
    return list(db.session.scalars(stmt))


def axis_choices() -> list[tuple[int, str]]:
    return [(a.id, f"{a.code} · {a.name}") for a in list_axes(active_only=True)]
