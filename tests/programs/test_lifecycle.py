"""The program's lifecycle: draft, submit, approve or return; versions after approval with
their reason and what changed; cancellation with a reason; bad input stores nothing."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.programs import lifecycle as lc
from app.programs.models import ProgramAction, ProgramEvent
from app.validators import ValidationError
from tests.factories import make_unit, make_user
from tests.programs.factories import action_raw, make_axis

NOW = datetime(2026, 1, 10, 17, tzinfo=timezone.utc)


@pytest.fixture
def setup(app):
    unit = make_unit(name="Obras Públicas")
    staff, secretary = make_user(role="unit", unit=unit), make_user(role="secretary")
    program = lc.get_or_create_program(unit, 2026, NOW)
    return program, make_axis(code="EJE2"), staff, secretary


def actions_count() -> int:
    return db.session.scalar(select(func.count(ProgramAction.id)))


def test_a_program_goes_from_draft_to_approved_and_keeps_its_history(setup):
    program, axis, staff, secretary = setup
    lc.add_action(program, action_raw(axis), staff, NOW)
    assert (program.status, program.version) == (lc.DRAFT, 0)
    lc.submit_program(program, staff, NOW)
    with pytest.raises(ValidationError, match="en revisión"):
        lc.add_action(program, action_raw(axis, key="OP-02"), staff, NOW)
    lc.return_program(program, "Falta la meta de alumbrado.", secretary, NOW)
    assert program.status == lc.RETURNED
    lc.add_action(program, action_raw(axis, key="OP-02"), staff, NOW)
    lc.submit_program(program, staff, NOW)
    lc.approve_program(program, secretary, NOW)
    assert (program.status, program.version, program.approved_at) == (lc.APPROVED, 1, NOW)
    kinds = [e.kind for e in db.session.scalars(select(ProgramEvent).order_by(ProgramEvent.id))]
    assert kinds == ["envio", "devolucion", "envio", "aprobacion"]


def test_returning_needs_a_note_and_only_a_submitted_program_is_approved(setup):
    program, axis, staff, secretary = setup
    with pytest.raises(ValidationError, match="Solo se aprueba"):
        lc.approve_program(program, secretary, NOW)
    with pytest.raises(ValidationError, match="al menos una acción"):
        lc.submit_program(program, staff, NOW)
    lc.add_action(program, action_raw(axis), staff, NOW)
    lc.submit_program(program, staff, NOW)
    with pytest.raises(ValidationError, match="observaciones"):
        lc.return_program(program, "  ", secretary, NOW)


def approved(setup):
    program, axis, staff, secretary = setup
    action = lc.add_action(program, action_raw(axis), staff, NOW)
    lc.submit_program(program, staff, NOW)
    lc.approve_program(program, secretary, NOW)
    return program, action, axis, staff


def test_after_approval_each_change_is_a_new_version_with_its_reason(setup):
    program, action, axis, staff = approved(setup)
    with pytest.raises(ValidationError, match="motivo del cambio"):
        lc.update_action(action, action_raw(axis, goal="15000"), staff, NOW)
    lc.update_action(action, action_raw(axis, goal="15000", ends_on=date(2026, 12, 15)), staff,
                     NOW, reason="Se amplió el presupuesto.")
    lc.add_action(program, action_raw(axis, key="OP-09", name="Banquetas"), staff, NOW,
                  reason="Acuerdo de cabildo.")
    assert (program.version, action.goal) == (3, 15000.0)
    change, added = db.session.scalars(
        select(ProgramEvent).where(ProgramEvent.kind.in_(["cambio", "alta"]))
        .order_by(ProgramEvent.id)).all()
    assert (change.version, change.note) == (2, "Se amplió el presupuesto.")
    assert "Meta: 12,000 → 15,000" in change.changes and "Término: 30/11/2026" in change.changes
    assert added.version == 3 and added.changes.startswith("OP-09 Banquetas")
    with pytest.raises(ValidationError, match="No hay cambios"):
        lc.update_action(action, action_raw(axis, goal="15000", ends_on=date(2026, 12, 15)),
                         staff, NOW, reason="Nada")


def test_an_action_is_cancelled_with_a_reason_and_never_deleted(setup):
    program, action, axis, staff = approved(setup)
    with pytest.raises(ValidationError, match="motivo de la cancelación"):
        lc.cancel_action(action, "", staff, NOW)
    lc.cancel_action(action, "Se canceló el recurso federal.", staff, NOW)
    assert (action.cancelled_at, action.cancel_reason) == (NOW, "Se canceló el recurso federal.")
    assert program.version == 2 and actions_count() == 1
    with pytest.raises(ValidationError, match="cancelada"):
        lc.cancel_action(action, "Otra vez", staff, NOW)
    with pytest.raises(ValidationError, match="cancelada"):
        lc.update_action(action, action_raw(axis, goal="5"), staff, NOW, reason="x")


@pytest.mark.parametrize("override,field,message", [
    ({"goal": "0"}, "goal", "La meta debe ser mayor que cero."),
    ({"goal": "-5"}, "goal", "La meta debe ser mayor que cero."),
    ({"goal": "doce"}, "goal", "La meta debe ser un número."),
    ({"goal": "1e309"}, "goal", "La meta debe ser un número."),
    ({"ends_on": date(2026, 1, 15)}, "ends_on", "no puede ser anterior"),
    ({"starts_on": date(2025, 12, 1)}, "starts_on", "debe caer en 2026"),
    ({"starts_on": None}, "starts_on", "Indique la fecha de inicio"),
    ({"axis": "999"}, "axis", "Elija un eje"),
    ({"key": ""}, "key", "Indique la clave."),
    ({"measure": ""}, "measure", "Indique la unidad de medida."),
    ({"goal_kind": "hito", "goal": "80"}, "goal", "su meta es 100"),
    ({"curve": "trimestral"}, "target_q1", "al menos una meta trimestral"),
    ({"curve": "trimestral", "target_q1": "50", "target_q2": "20"}, "target_q1", "no bajan"),
    ({"curve": "trimestral", "target_q1": "abc"}, "target_q1", "trimestre 1 debe ser un número"),
])
def test_bad_action_input_names_its_field_and_stores_nothing(setup, override, field, message):
    program, axis, staff, _ = setup
    with pytest.raises(ValidationError) as caught:
        lc.add_action(program, action_raw(axis, **override), staff, NOW)
    errors = getattr(caught.value, "errors", [caught.value])
    assert any(e.field == field and message in str(e) for e in errors), errors
    db.session.rollback()
    assert actions_count() == 0


def test_every_problem_is_reported_at_once(setup):
    program, axis, staff, _ = setup
    with pytest.raises(ValidationError) as caught:
        lc.add_action(program, action_raw(axis, goal="0", ends_on=date(2026, 1, 1), key=""),
                      staff, NOW)
    assert {e.field for e in caught.value.errors} == {"goal", "ends_on", "key"}


def test_keys_are_unique_within_a_program(setup):
    program, axis, staff, _ = setup
    lc.add_action(program, action_raw(axis), staff, NOW)
    with pytest.raises(ValidationError, match="Ya existe una acción con la clave OP-01"):
        lc.add_action(program, action_raw(axis), staff, NOW)


def test_a_milestone_is_measured_in_percent(setup):
    program, axis, staff, _ = setup
    action = lc.add_action(program, action_raw(axis, goal_kind="hito", goal="100",
                                               measure="ignorado"), staff, NOW)
    assert (action.goal, action.measure) == (100.0, "%")


def test_programs_are_kept_for_last_next_and_this_year_only(setup):
    program, *_ = setup
    with pytest.raises(ValidationError, match="de 2025 a 2027"):
        lc.get_or_create_program(program.unit, 2030, NOW)
    assert lc.get_or_create_program(program.unit, 2026, NOW) is program
