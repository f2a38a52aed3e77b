"""Work-program routes for the access matrix: a unit sees and edits only its own program (the
matrix's unit user belongs to the program's unit); the Secretaría sees all and approves; the
admin and the Secretaría keep the axes."""
from app.auth import permissions as p

from tests.programs.factories import make_action, make_axis, make_program
from tests.roles import SECRETARY, UNIT

BOTH = SECRETARY | UNIT
AXES = frozenset({p.ADMIN, p.SECRETARY})
P = "/programas/{program}"
A = "/programas/acciones/{action}"
ROUTES = {
    "programs.mine": ("GET", "/programas/mi-unidad", UNIT),
    "programs.start": ("POST", "/programas/mi-unidad/2026", UNIT),
    "programs.index": ("GET", "/programas/", SECRETARY),
    "programs.detail": ("GET", P, BOTH),
    "programs.new_action": ("GET", P + "/acciones/nueva", UNIT),
    "programs.submit": ("POST", P + "/enviar", UNIT),
    "programs.approve": ("POST", P + "/aprobar", SECRETARY),
    "programs.return_program": ("GET", P + "/devolver", SECRETARY),
    "programs.import_file": ("GET", P + "/importar", UNIT),
    "programs.confirm_import": ("POST", P + "/importar/confirmar", UNIT),
    "programs.import_template": ("GET", "/programas/plantilla.csv", UNIT),
    "programs.action": ("GET", A, BOTH),
    "programs.edit_action": ("GET", A + "/editar", UNIT),
    "programs.cancel_action": ("GET", A + "/cancelar", UNIT),
    "programs.progress": ("GET", "/programas/avance", SECRETARY),
    "programs.progress_csv": ("GET", "/programas/avance.csv", SECRETARY),
    "programs.axes": ("GET", "/programas/ejes", AXES),
    "programs.edit_axis": ("GET", "/programas/ejes/{axis}", AXES),
}


def make_objects(unit):
    axis = make_axis()
    program = make_program(unit, status="borrador")
    action = make_action(program, axis)
    return {"program": program.id, "action": action.id, "axis": axis.id}
