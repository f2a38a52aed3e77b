"""The agreement state machine: the ONLY code that writes ``Agreement.status``.

One table of allowed moves per role, like ``app/tickets/workflow.py``. ``transition``
validates, updates the agreement and appends an ``AgreementEvent`` (never edited).
«Vencido» is not a status: it is derived (``is_overdue``) from the due date and the local
day in America/Mexico_City.
"""
from dataclasses import dataclass
from datetime import date, datetime

from app.auth.permissions import SECRETARY, UNIT
from app.extensions import db
from app.meetings.models import Agreement, AgreementEvent
from app.timeutil import local_today
from app.validators import ValidationError

PENDING = "pendiente"
IN_PROGRESS = "en_proceso"
PROPOSED = "cumplido_propuesto"
DONE = "cumplido"
CANCELLED = "cancelado"


@dataclass(frozen=True)
class StateFacts:
    label: str
    badge: str
    open: bool  # may still fall overdue
    action: str | None = None  # the button that moves an agreement here
    note_required: str | None = None  # message when the note is missing


STATES = {
    PENDING: StateFacts("Pendiente", "secondary", True, "Regresar a pendiente",
                        "Indique por qué regresa a pendiente."),
    IN_PROGRESS: StateFacts("En proceso", "primary", True, "Marcar en proceso"),
    PROPOSED: StateFacts("Cumplido propuesto", "info", False, "Reportar cumplido",
                         "Describa cómo se cumplió el acuerdo."),
    DONE: StateFacts("Cumplido", "success", False, "Verificar cumplido"),
    CANCELLED: StateFacts("Cancelado", "dark", False, "Cancelar acuerdo",
                          "Indique el motivo de la cancelación."),
}
STATE_LABELS = {code: facts.label for code, facts in STATES.items()}
OPEN_STATES = tuple(code for code, facts in STATES.items() if facts.open)
FINISHED_STATES = (DONE, CANCELLED)
OVERDUE_LABEL = "Vencido"

# role -> from status -> allowed targets. The Secretaría verifies what a unit reports done
# (or sends it back to en proceso with a note); a unit works only on its own agreements.
TRANSITIONS: dict[str, dict[str, set[str]]] = {
    SECRETARY: {
        PENDING: {IN_PROGRESS, CANCELLED},
        IN_PROGRESS: {PENDING, CANCELLED},
        PROPOSED: {DONE, IN_PROGRESS, CANCELLED},
    },
    UNIT: {
        PENDING: {IN_PROGRESS, PROPOSED},
        IN_PROGRESS: {PROPOSED},
    },
}
RETURN_NOTE = "Indique por qué no se da por cumplido."


class AgreementError(ValidationError):
    """An illegal or incomplete change; the message is Spanish and shown to the user, beside
    the note (the change's only free input)."""

    def __init__(self, message: str, field: str | None = "note"):
        super().__init__(message, field)


def is_overdue(status: str, due_date: date, now: datetime) -> bool:
    """Past its due date (local day) and still open: «vencido»."""
    return status in OPEN_STATES and local_today(now) > due_date


def days_late(due_date: date, today: date) -> int:
    """Calendar days since the due date (1 on the day after it)."""
    return max(0, (today - due_date).days)


def display_state(agreement: Agreement, now: datetime) -> str:
    """The label shown: the status, or «Vencido» when derived."""
    if is_overdue(agreement.status, agreement.due_date, now):
        return OVERDUE_LABEL
    return STATE_LABELS[agreement.status]


def role_of(actor) -> str | None:
    return actor.role if actor is not None and actor.active and actor.role in TRANSITIONS else None


def is_responsible(agreement: Agreement, actor) -> bool:
    return actor.unit_id is not None and actor.unit_id in {u.id for u in agreement.units}


# The form offers the expected next step first.
_PREFERENCE = (DONE, PROPOSED, IN_PROGRESS, PENDING, CANCELLED)


def allowed_targets(agreement: Agreement, actor) -> list[str]:
    """Statuses the actor may move the agreement to now, the expected next step first."""
    role = role_of(actor)
    if role is None or (role == UNIT and not is_responsible(agreement, actor)):
        return []
    targets = TRANSITIONS[role].get(agreement.status, set())
    return [code for code in _PREFERENCE if code in targets]


def action_label(from_status: str, to_status: str) -> str:
    """The button text of a move (sending a reported agreement back reads as such)."""
    if from_status == PROPOSED and to_status == IN_PROGRESS:
        return "No se da por cumplido: regresar a en proceso"
    return STATES[to_status].action


def start(agreement: Agreement, actor, now: datetime) -> AgreementEvent:
    """Give a new agreement its first status (pendiente) and its first history row."""
    agreement.status = PENDING
    agreement.created_at = now
    event = AgreementEvent(agreement=agreement, actor=actor, created_at=now,
                           status_to=PENDING, note="Acuerdo registrado.")
    db.session.add(event)
    return event


def transition(agreement: Agreement, to_status: str, actor, *, now: datetime,
               note: str | None = None, evidence: str | None = None) -> AgreementEvent:
    """Move the agreement on behalf of ``actor`` or raise ``AgreementError``; flushes."""
    note = _clean(note)
    evidence = _clean(evidence)
    check_move(agreement, to_status, actor, note)
    event = AgreementEvent(agreement=agreement, actor=actor, created_at=now,
                           status_from=agreement.status, status_to=to_status, note=note,
                           evidence=evidence)
    if to_status == PROPOSED:
        agreement.reported_done_at = now
    if to_status == DONE:
        agreement.verified_at = now
    agreement.status = to_status
    db.session.add(event)
    db.session.flush()
    return event


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def check_move(agreement: Agreement, to_status: str, actor, note: str | None) -> None:
    """Raise ``AgreementError`` unless ``actor`` may move the agreement to ``to_status`` with
    this note (the check ``transition`` runs, usable before anything else is read)."""
    note = _clean(note)
    if to_status not in STATES:
        raise AgreementError("Estado desconocido.")
    role = role_of(actor)
    if role is None:
        raise AgreementError("Su rol no puede cambiar el estado de los acuerdos.")
    if role == UNIT and not is_responsible(agreement, actor):
        raise AgreementError("Este acuerdo no corresponde a su unidad.")
    if to_status not in TRANSITIONS[role].get(agreement.status, ()):
        if agreement.status == DONE and to_status == DONE:
            raise AgreementError("El acuerdo ya fue verificado como cumplido.")
        raise AgreementError(f"No se puede pasar de «{STATE_LABELS[agreement.status]}» a "
                             f"«{STATE_LABELS[to_status]}» con su rol.")
    required = STATES[to_status].note_required
    if agreement.status == PROPOSED and to_status == IN_PROGRESS:
        required = RETURN_NOTE
    if required and not note:
        raise AgreementError(required)
