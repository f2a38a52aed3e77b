"""Every write of a work program: its status (the one place that sets it), its actions and the
append-only history. A unit drafts and submits; the Secretaría approves or returns with a
note; after approval each change is a new version with its reason; an action is cancelled
with a reason, never deleted.

Services validate before adding anything (all problems at once), add and flush; the view
commits once.
"""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.formatting import number
from app.programs.models import (LINEAR, MILESTONE, QUANTITY, QUARTERLY, TERM_FIELDS, PlanAxis,
                                 ProgramAction, ProgramActionTerms, ProgramEvent, WorkProgram)
from app.timeutil import format_date, local_today
from app.validators import (ValidationError, ValidationErrors, collect_errors,
                            parse_decimal, raise_errors)

DRAFT, SUBMITTED, APPROVED, RETURNED = "borrador", "enviado", "aprobado", "devuelto"


@dataclass(frozen=True)
class ProgramState:
    label: str
    badge: str
    editable: bool        # the unit may change its actions
    needs_reason: bool    # each change is a new version with its reason
    submittable: bool


STATES = {
    DRAFT: ProgramState("Borrador", "text-bg-light border", True, False, True),
    SUBMITTED: ProgramState("Enviado a revisión", "text-bg-info", False, False, False),
    RETURNED: ProgramState("Devuelto con observaciones", "text-bg-warning", True, False, True),
    APPROVED: ProgramState("Aprobado", "text-bg-success", True, True, False),
}
EVENT_LABELS = {"envio": "Enviado a revisión", "aprobacion": "Aprobado",
                "devolucion": "Devuelto con observaciones", "alta": "Acción nueva",
                "cambio": "Cambio de acción", "cancelacion": "Acción cancelada",
                "importacion": "Acciones importadas"}
GOAL_KINDS = {QUANTITY: "Cantidad (con su unidad de medida)", MILESTONE: "Hito en porcentaje"}
CURVES = {LINEAR: "Lineal", QUARTERLY: "Metas trimestrales"}
MAX_KEY, MAX_NAME, MAX_MEASURE, MAX_NOTE = 20, 300, 60, 2000
TARGETS = ("target_q1", "target_q2", "target_q3", "target_q4")


class ProgramError(ValidationError):
    """A change the program's status does not allow."""


def _event(program, kind, actor, now, *, action=None, note=None, changes=None) -> None:
    db.session.add(ProgramEvent(program=program, action=action, version=program.version,
                                kind=kind, note=note, changes=changes,
                                actor_id=actor.id if actor else None, created_at=now))


def record_terms(action: ProgramAction, valid_from: datetime) -> None:
    """Keep the action's plan terms as of now in its program's current version."""
    db.session.add(ProgramActionTerms(action=action, version=action.program.version,
                                      valid_from=valid_from,
                                      **{name: getattr(action, name) for name in TERM_FIELDS}))


def check_year(year: int, now: datetime) -> None:
    today = local_today(now)
    if not today.year - 1 <= year <= today.year + 1:
        raise ValidationError(f"Solo se registran programas de {today.year - 1} a "
                              f"{today.year + 1}.", "year")


def get_or_create_program(unit, year: int, now: datetime) -> WorkProgram:
    """The unit's program of ``year``, started as a draft when it has none."""
    check_year(year, now)
    program = db.session.scalar(select(WorkProgram).where(
        WorkProgram.unit_id == unit.id, WorkProgram.year == year))
    if program is None:
        program = WorkProgram(unit_id=unit.id, year=year, status=DRAFT, created_at=now)
        db.session.add(program)
        db.session.flush()
    return program


def _text(value, field, label, limit, required=True) -> str | None:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ValidationError(f"Indique {label}.", field)
    if len(text) > limit:
        raise ValidationError(f"{label.capitalize()} admite como máximo {limit} caracteres.",
                              field)
    return text or None


def _date(value, field, label, year) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            text = str(value or "").strip()
            value = (date.fromisoformat(text) if "-" in text
                     else datetime.strptime(text, "%d/%m/%Y").date())
        except ValueError:
            raise ValidationError(f"Indique {label} como AAAA-MM-DD o DD/MM/AAAA.", field)
    if value.year != year:
        raise ValidationError(f"{label.capitalize()} debe caer en {year}, el año del programa.",
                              field)
    return value


def clean_action(raw: dict, program: WorkProgram, axes: dict[str, int]) -> dict:
    """The columns of an action from raw input (form or spreadsheet). ``axes``: {code or id as
    text: axis id}. Raises ValidationErrors naming each field."""
    out = {}

    def put(name, check):
        out[name] = check()

    errors = collect_errors(
        lambda: put("key", lambda: _text(raw.get("key"), "key", "la clave", MAX_KEY)),
        lambda: put("name", lambda: _text(raw.get("name"), "name", "el nombre", MAX_NAME)),
        lambda: put("axis_id", lambda: _axis(raw.get("axis"), axes)),
        lambda: put("goal_kind", lambda: _choice(raw.get("goal_kind") or QUANTITY, GOAL_KINDS,
                                                 "goal_kind", "el tipo de meta")),
        lambda: put("curve", lambda: _choice(raw.get("curve") or LINEAR, CURVES, "curve",
                                             "la curva")),
        lambda: put("goal", lambda: _positive(raw.get("goal"), "goal", "La meta")),
        lambda: put("starts_on", lambda: _date(raw.get("starts_on"), "starts_on",
                                               "la fecha de inicio", program.year)),
        lambda: put("ends_on", lambda: _date(raw.get("ends_on"), "ends_on",
                                             "la fecha de término", program.year)),
        *[lambda name=name, n=n: put(name, lambda: _target(raw.get(name), name, n))
          for n, name in enumerate(TARGETS, 1)])
    if out.get("goal_kind") == MILESTONE:
        out["measure"] = "%"
        if out.get("goal") not in (None, 100.0):
            errors.append(ValidationError("Un hito se mide en porcentaje: su meta es 100.",
                                          "goal"))
    else:
        errors += collect_errors(lambda: put("measure", lambda: _text(
            raw.get("measure"), "measure", "la unidad de medida", MAX_MEASURE)))
    errors += _cross_checks(out)
    raise_errors(errors)
    return out


def _axis(value, axes) -> int:
    axis_id = axes.get(str(value or "").strip().upper())
    if axis_id is None:
        raise ValidationError("Elija un eje del Plan Municipal de Desarrollo del catálogo.",
                              "axis")
    return axis_id


def _choice(value, choices, field, label) -> str:
    value = str(value).strip().lower()
    if value not in choices:
        raise ValidationError(f"Elija {label}: {', '.join(choices)}.", field)
    return value


def _positive(value, field, label) -> float:
    amount = parse_decimal(value, f"{label} debe ser un número.", field)
    if amount <= 0:
        raise ValidationError(f"{label} debe ser mayor que cero.", field)
    return amount


def _target(value, field, n) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    amount = parse_decimal(value, f"La meta del trimestre {n} debe ser un número.", field)
    if amount < 0:
        raise ValidationError(f"La meta del trimestre {n} no puede ser negativa.", field)
    return amount


def _cross_checks(out: dict) -> list[ValidationError]:
    errors = []
    start, end, goal = out.get("starts_on"), out.get("ends_on"), out.get("goal")
    if start and end and end < start:
        errors.append(ValidationError("La fecha de término no puede ser anterior a la de "
                                      "inicio.", "ends_on"))
    if out.get("curve") == QUARTERLY and goal:
        targets = [out.get(name) for name in TARGETS]
        known = [t for t in targets if t is not None]
        if not known:
            errors.append(ValidationError("Indique al menos una meta trimestral.", "target_q1"))
        elif known != sorted(known) or known[-1] > goal:
            errors.append(ValidationError("Las metas trimestrales son acumuladas: no bajan de "
                                          "un trimestre al siguiente ni pasan de la meta.",
                                          "target_q1"))
    elif out.get("curve") == LINEAR:
        out.update(dict.fromkeys(TARGETS))
    return errors


def list_axis_choices() -> dict[str, int]:
    """{id as text and code: axis id} of the active axes (what the form and the import
    accept)."""
    rows = db.session.execute(select(PlanAxis.id, PlanAxis.code).where(PlanAxis.active)).all()
    return {**{str(i): i for i, _ in rows}, **{code.upper(): i for i, code in rows}}


def _editable(program: WorkProgram, reason) -> str | None:
    state = STATES[program.status]
    if not state.editable:
        raise ProgramError("El programa está en revisión de la Secretaría Técnica: espere su "
                           "aprobación o sus observaciones para cambiarlo.")
    if state.needs_reason:
        return _text(reason, "reason", "el motivo del cambio (el programa ya está aprobado)",
                     MAX_NOTE)
    return None


def _check_key(program, key, action=None) -> None:
    clash = db.session.scalar(select(ProgramAction.id).where(
        ProgramAction.program_id == program.id, ProgramAction.key == key))
    if clash is not None and (action is None or clash != action.id):
        raise ValidationError(f"Ya existe una acción con la clave {key} en este programa.",
                              "key")


def _clean_all(program, raw, action, *checks) -> dict:
    """Every problem of a change at once: the status checks, the fields, the key's clash."""
    errors, values = collect_errors(*checks), {}
    try:
        values = clean_action(raw, program, list_axis_choices())
    except ValidationErrors as exc:
        errors += exc.errors
    except ValidationError as exc:
        errors.append(exc)
    if values:
        errors += collect_errors(lambda: _check_key(program, values["key"], action))
    raise_errors(errors)
    return values


def add_action(program: WorkProgram, raw: dict, actor, now: datetime,
               reason=None) -> ProgramAction:
    """A new action; after approval it is a new version with its reason."""
    values = _clean_all(program, raw, None, lambda: _editable(program, reason))
    action = ProgramAction(program=program, created_at=now, **values)
    db.session.add(action)
    if STATES[program.status].needs_reason:
        program.version += 1
        _event(program, "alta", actor, now, action=action, note=_editable(program, reason),
               changes=f"{values['key']} {values['name']}: {describe_goal(action)}, "
                       f"del {format_date(action.starts_on)} al {format_date(action.ends_on)}")
        record_terms(action, now)
    db.session.flush()
    return action


FIELD_LABELS = {"key": "Clave", "name": "Nombre", "axis_id": "Eje", "goal_kind": "Tipo de meta",
                "goal": "Meta", "measure": "Unidad de medida", "starts_on": "Inicio",
                "ends_on": "Término", "curve": "Curva", "target_q1": "Meta T1",
                "target_q2": "Meta T2", "target_q3": "Meta T3", "target_q4": "Meta T4"}


def _shown(value) -> str:
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return number(value, 2)
    return "—" if value is None else str(value)


def update_action(action: ProgramAction, raw: dict, actor, now: datetime,
                  reason=None) -> ProgramAction:
    """Change an action; after approval, a new version with its reason and what changed."""
    program = action.program
    values = _clean_all(program, raw, action, lambda: _editable(program, reason),
                        lambda: _not_cancelled(action))
    changes = [f"{FIELD_LABELS[name]}: {_shown(getattr(action, name))} → {_shown(value)}"
               for name, value in values.items() if getattr(action, name) != value]
    if not changes:
        raise ValidationError("No hay cambios que guardar.")
    for name, value in values.items():
        setattr(action, name, value)
    if STATES[program.status].needs_reason:
        program.version += 1
        _event(program, "cambio", actor, now, action=action, note=_editable(program, reason),
               changes="; ".join(changes))
        record_terms(action, now)
    db.session.flush()
    return action


def _not_cancelled(action) -> None:
    if action.cancelled_at is not None:
        raise ProgramError("La acción está cancelada: ya no se modifica.")


def cancel_action(action: ProgramAction, reason, actor, now: datetime) -> None:
    """Cancel an action with its reason (it stays, marked cancelled); after approval it is a
    new version."""
    program = action.program
    errors = collect_errors(lambda: _not_cancelled(action),
                            lambda: _text(reason, "reason", "el motivo de la cancelación",
                                          MAX_NOTE))
    if not STATES[program.status].editable:
        errors.append(ProgramError("El programa está en revisión: no se cancelan acciones."))
    raise_errors(errors)
    action.cancelled_at, action.cancel_reason = now, " ".join(reason.split())
    if STATES[program.status].needs_reason:
        program.version += 1
    _event(program, "cancelacion", actor, now, action=action, note=action.cancel_reason,
           changes=f"{action.key} {action.name}")
    db.session.flush()


def submit_program(program: WorkProgram, actor, now: datetime) -> None:
    """The unit sends its draft (or its returned program) to the Secretaría."""
    if not STATES[program.status].submittable:
        raise ProgramError("Solo se envía un programa en borrador o devuelto.")
    if not any(a.cancelled_at is None for a in program.actions):
        raise ProgramError("Registre al menos una acción antes de enviar el programa.")
    program.status = SUBMITTED
    _event(program, "envio", actor, now)
    db.session.flush()


def approve_program(program: WorkProgram, actor, now: datetime) -> None:
    """The Secretaría approves a submitted program: version 1, progress reported from now."""
    if program.status != SUBMITTED:
        raise ProgramError("Solo se aprueba un programa enviado a revisión.")
    program.status, program.version, program.approved_at = APPROVED, 1, now
    for action in program.actions:
        record_terms(action, now)
    _event(program, "aprobacion", actor, now)
    db.session.flush()


def return_program(program: WorkProgram, note, actor, now: datetime) -> None:
    """The Secretaría returns a submitted program with a note for the unit."""
    if program.status != SUBMITTED:
        raise ProgramError("Solo se devuelve un programa enviado a revisión.")
    note = _text(note, "note", "las observaciones para la unidad", MAX_NOTE)
    program.status = RETURNED
    _event(program, "devolucion", actor, now, note=note)
    db.session.flush()


def import_actions(program: WorkProgram, rows: list[dict], actor, now: datetime) -> int:
    """Add every cleaned row as an action (the importer checked them all first)."""
    if program.status not in (DRAFT, RETURNED):
        raise ProgramError("Solo se importa a un programa en borrador o devuelto; un programa "
                           "aprobado se cambia acción por acción, con su motivo.")
    for values in rows:
        db.session.add(ProgramAction(program=program, created_at=now, **values))
    _event(program, "importacion", actor, now, changes=f"{len(rows)} acciones")
    db.session.flush()
    return len(rows)


def describe_goal(action) -> str:
    """«120 luminarias», «100 %»."""
    return f"{number(action.goal, 2)} {action.measure}" if action.measure != "%" \
        else f"{number(action.goal, 2)} %"
