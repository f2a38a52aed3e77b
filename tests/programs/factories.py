"""Factories of work programs: axes, programs in any status and their actions (rows written
directly), and progress through the real weekly-report service."""
from datetime import date, datetime, timedelta, timezone
from itertools import count

from app.extensions import db
from app.programs import lifecycle
from app.programs.models import LINEAR, QUANTITY, PlanAxis, ProgramAction, WorkProgram

_seq = count(1)
APPROVED_AT = datetime(2026, 1, 2, 18, tzinfo=timezone.utc)


def make_axis(**overrides) -> PlanAxis:
    n = next(_seq)
    fields = {"code": f"EJE{n}", "name": f"Eje {n}", "objective": "Objetivo", "active": True}
    fields.update(overrides)
    axis = PlanAxis(**fields)
    db.session.add(axis)
    db.session.commit()
    return axis


def make_program(unit, year=2026, status=lifecycle.APPROVED, **overrides) -> WorkProgram:
    fields = {"unit_id": unit.id, "year": year, "status": status,
              "version": 1 if status == lifecycle.APPROVED else 0,
              "approved_at": APPROVED_AT if status == lifecycle.APPROVED else None,
              "created_at": APPROVED_AT - timedelta(days=1)}
    fields.update(overrides)
    program = WorkProgram(**fields)
    db.session.add(program)
    db.session.commit()
    return program


def make_action(program, axis=None, **overrides) -> ProgramAction:
    n = next(_seq)
    fields = {"key": f"A-{n}", "name": f"Acción {n}", "axis_id": (axis or make_axis()).id,
              "goal_kind": QUANTITY, "goal": 100.0, "measure": "luminarias",
              "starts_on": date(program.year, 1, 1), "ends_on": date(program.year, 12, 31),
              "curve": LINEAR, "created_at": program.created_at}
    fields.update(overrides)
    action = ProgramAction(program_id=program.id, **fields)
    db.session.add(action)
    if program.approved_at is not None:  # what the approval (or a later addition) keeps
        action.program = program
        lifecycle.record_terms(action, max(program.approved_at, action.created_at))
    db.session.commit()
    return action


def action_raw(axis_row, **overrides) -> dict:
    """Raw input of a valid action, as the form gives it."""
    raw = {"key": "OP-01", "name": "Bacheo en vialidades", "axis": str(axis_row.id),
           "goal_kind": "cantidad", "goal": "12,000", "measure": "m²",
           "starts_on": date(2026, 2, 1), "ends_on": date(2026, 11, 30), "curve": "lineal",
           "target_q1": "", "target_q2": "", "target_q3": "", "target_q4": ""}
    raw.update(overrides)
    return raw
