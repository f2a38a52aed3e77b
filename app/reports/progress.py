"""The progress a weekly report carries for each approved action active in its week.

Rules: a cumulative value (quantity, or percent for a milestone) of at least zero; a value
below the last one reported needs a note; a value above the goal needs the unit's
confirmation. Called by ``app/reports/services.submit_report`` before anything is written.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import aliased

from app.extensions import db
from app.formatting import number
from app.programs.lifecycle import APPROVED
from app.programs.models import MILESTONE, ActionProgress, ProgramAction, WorkProgram
from app.reports.models import WeeklyReport
from app.validators import ValidationError, db_int, parse_decimal, raise_errors

MAX_COMMENT = 1000


@dataclass
class ProgressInput:
    """One row of the report's form, as typed."""

    action_id: object
    value: object = ""
    comment: str | None = None
    note: str | None = None
    evidence: str | None = None
    confirmed: bool = False


def list_week_actions(unit_id: int, monday: date) -> list[ProgramAction]:
    """The unit's approved, not cancelled actions whose dates touch the week of ``monday``."""
    return list(db.session.scalars(
        select(ProgramAction).join(WorkProgram, WorkProgram.id == ProgramAction.program_id)
        .where(WorkProgram.unit_id == unit_id, WorkProgram.status == APPROVED,
               ProgramAction.cancelled_at.is_(None),
               ProgramAction.starts_on <= monday + timedelta(days=6),
               ProgramAction.ends_on >= monday)
        .order_by(WorkProgram.year, ProgramAction.key)))


def previous_values(action_ids: list[int], monday: date) -> dict[int, float]:
    """{action id: the last value reported before the week of ``monday``}. One query."""
    if not action_ids:
        return {}
    ap, row = ActionProgress, aliased(ActionProgress)
    latest = (select(ap.action_id, func.max(ap.week_start).label("week"))
              .where(ap.current, ap.action_id.in_(action_ids), ap.week_start < monday)
              .group_by(ap.action_id).subquery())
    stmt = (select(row.action_id, row.value).where(row.current)
            .join(latest, and_(latest.c.action_id == row.action_id,
                               latest.c.week == row.week_start)))
    return dict(db.session.execute(stmt).all())


def _row_text(value, field, limit, label) -> str | None:
    text = " ".join(str(value or "").split())
    if len(text) > limit:
        raise ValidationError(f"{label} admite como máximo {limit} caracteres.", field)
    return text or None


def clean_progress(unit_id: int, monday: date, rows: list[ProgressInput]) -> list[dict]:
    """The progress rows to store (blank values skipped); every bad row raises together,
    each error naming its row's field (``progress-<n>-value``…)."""
    actions = {a.id: a for a in list_week_actions(unit_id, monday)}
    before = previous_values(list(actions), monday)
    cleaned, errors, seen = [], [], set()
    for n, row in enumerate(rows):
        try:
            cleaned += _clean_row(n, row, actions, before, seen)
        except ValidationError as exc:
            errors.append(exc)
    raise_errors(errors)
    return cleaned


def _clean_row(n, row, actions, before, seen) -> list[dict]:
    field = f"progress-{n}-"
    try:
        action = actions.get(db_int(row.action_id))
    except (TypeError, ValueError):
        action = None
    if action is None or action.id in seen:
        raise ValidationError("Una de las acciones no pertenece al programa aprobado de su "
                              "unidad para esta semana. Recargue la página.", field + "value")
    seen.add(action.id)
    if str(row.value or "").strip() == "":
        return []
    label = f"{action.key}: el avance"
    value = parse_decimal(row.value, f"{label} debe ser un número.", field + "value")
    if value < 0:
        raise ValidationError(f"{label} no puede ser negativo.", field + "value")
    if action.goal_kind == MILESTONE and value > 100:
        raise ValidationError(f"{label} de un hito va de 0 a 100 %.", field + "value")
    values = {"action_id": action.id, "value": value,
              "comment": _row_text(row.comment, field + "comment", MAX_COMMENT, "El comentario"),
              "note": _row_text(row.note, field + "note", MAX_COMMENT, "La nota"),
              "evidence": _row_text(row.evidence, field + "evidence", MAX_COMMENT,
                                    "La evidencia")}
    last = before.get(action.id)
    if last is not None and value < last and not values["note"]:
        raise ValidationError(f"{action.key}: el avance baja de {number(last, 2)} a "
                              f"{number(value, 2)}; explique el motivo en la nota.",
                              field + "note")
    if value > action.goal and not row.confirmed:
        raise ValidationError(f"{action.key}: el avance ({number(value, 2)}) supera la meta "
                              f"({number(action.goal, 2)} {action.measure}). Marque la "
                              "confirmación si es correcto.", field + "confirmed")
    return [values]


def save_progress(report: WeeklyReport, monday: date, cleaned: list[dict]) -> None:
    """Store the rows under the report's current version; the earlier versions' rows stay,
    no longer current."""
    db.session.execute(update(ActionProgress).where(
        ActionProgress.report_id == report.id, ActionProgress.version < report.version)
        .values(current=False))
    for values in cleaned:
        db.session.add(ActionProgress(report_id=report.id, version=report.version,
                                      week_start=monday, **values))


def list_report_progress(report_id: int) -> dict[int, list[ActionProgress]]:
    """{version: its progress rows, by action key} of a report. One query."""
    rows = db.session.scalars(
        select(ActionProgress).join(ProgramAction, ProgramAction.id == ActionProgress.action_id)
        .where(ActionProgress.report_id == report_id)
        .order_by(ActionProgress.version, ProgramAction.key))
    result: dict[int, list[ActionProgress]] = {}
    for row in rows:
        result.setdefault(row.version, []).append(row)
    return result
