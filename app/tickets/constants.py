"""Ticket vocabularies: codes stored in the database and their Spanish labels.

A ticket status is one row of ``STATUS_FACTS``: every set of statuses the workflow, the
inbox, the notifications, the statistics and the partial indexes use is read from it.
"""
from dataclasses import dataclass

RECEIVED = "recibida"
CHANNELED = "canalizada"
IN_PROGRESS = "en_proceso"
WAITING_CITIZEN = "en_espera"
RETURNED = "devuelta"
RESOLVED = "atendida"
CLOSED = "cerrada"
REJECTED = "improcedente"
DUPLICATE = "duplicada"

# Citizen mail reasons (app.notifications.events) a move to a status sends on its own.
MAIL_CHANNELED = "channeled"
MAIL_RESOLVED = "resolved"
MAIL_CLOSED = "closed"
MAIL_UPDATE = "update"


@dataclass(frozen=True)
class StatusFacts:
    """Every fact about one ticket status; the module-level sets below are read from these rows.

    ``finished``: the matter is finished for the unit (not backlog; moving away reopens it).
    ``clock_runs``: the due clock runs, so a late ticket is overdue ("vencido").
    ``in_triage``: waiting, without a unit, for the desk to choose one (web triage queue).
    ``desk_action``: the desk may move any open ticket here (and offers it on the triage page).
    ``inbox_tab``: the unit inbox tab that lists it (finished ones: "cerrados").
    ``solved``: counts as solved (resolution time in the statistics).
    ``citizen_mail``: the citizen mail a move here sends, public or not (None: a public move
    sends an update, ``MAIL_UPDATE``; an internal one nothing). One mail per move either way.
    ``note_required``: the message when the note is missing (None: optional).
    ``note_prompt``: the label of the note box on the action's form.
    ``citizen_told``: the citizen must be told: the move and its note are public and the form
    says so; otherwise the note is internal by nature and «Visible para el ciudadano» starts
    unticked (returning a ticket, taking it).
    ``next_step``: what happens next, in the citizen's words (the public status page).
    """

    code: str
    label: str
    badge: str
    action: str | None = None
    finished: bool = False
    clock_runs: bool = False
    in_triage: bool = False
    desk_action: bool = False
    inbox_tab: str | None = None
    solved: bool = False
    citizen_mail: str | None = None
    note_required: str | None = None
    note_prompt: str = "Nota (opcional)"
    citizen_told: bool = False
    next_step: str = ""

    @property
    def note_label(self) -> str:
        """What the note box asks for: the required reason, else the optional prompt."""
        return self.note_required or self.note_prompt


# One row per status, in the order lists and menus show them.
STATUS_FACTS = {f.code: f for f in (
    StatusFacts(RECEIVED, "Recibida", "secondary", in_triage=True,
                next_step=("La Secretaría Técnica la revisa y la envía al área responsable, por lo"
                           " general en uno o dos días hábiles.")),
    StatusFacts(CHANNELED, "Canalizada", "primary", "Canalizar", clock_runs=True,
                desk_action=True, inbox_tab="nuevos", citizen_mail=MAIL_CHANNELED,
                note_prompt="Nota (opcional; obligatoria al reabrir)", citizen_told=True,
                next_step=("El área responsable ya la tiene y la atenderá antes de la fecha "
                           "compromiso.")),
    StatusFacts(IN_PROGRESS, "En proceso", "info", "Tomar / en proceso", clock_runs=True,
                inbox_tab="en_proceso",
                next_step=("El área responsable está trabajando en ella; cuando quede atendida, "
                           "esta página lo dirá.")),
    StatusFacts(WAITING_CITIZEN, "En espera del ciudadano", "warning", "En espera del ciudadano",
                inbox_tab="en_proceso",
                note_required="Indique qué se espera del ciudadano.", citizen_told=True,
                next_step=("El área necesita un dato de usted: revise la última actualización y "
                           "comuníquese con nosotros.")),
    StatusFacts(RETURNED, "Devuelta", "dark", "Devolver (no es de nuestra competencia)",
                in_triage=True, note_required="Indique el motivo de la devolución.",
                next_step=("La Secretaría Técnica la revisa de nuevo para enviarla al área que "
                           "corresponde.")),
    StatusFacts(RESOLVED, "Atendida", "success", "Marcar como atendida", finished=True,
                inbox_tab="cerrados", solved=True, citizen_mail=MAIL_RESOLVED,
                note_required="Escriba la nota de resolución.", citizen_told=True,
                next_step=("El área la marcó como atendida: díganos abajo si quedó resuelta; si no"
                           " responde en 10 días hábiles se cerrará.")),
    StatusFacts(CLOSED, "Cerrada", "success", "Cerrar (ciudadano conforme)", finished=True,
                inbox_tab="cerrados", solved=True, citizen_mail=MAIL_CLOSED, citizen_told=True,
                next_step=("La solicitud está concluida. Si el problema vuelve, presente una nueva"
                           " denuncia.")),
    StatusFacts(REJECTED, "Improcedente", "danger", "Improcedente", finished=True,
                desk_action=True, inbox_tab="cerrados", citizen_mail=MAIL_CLOSED,
                note_required="Indique el motivo por el que es improcedente.", citizen_told=True,
                next_step=("La solicitud se concluyó sin atenderse; el motivo aparece en las "
                           "actualizaciones.")),
    StatusFacts(DUPLICATE, "Duplicada", "light", "Duplicada", finished=True, desk_action=True,
                inbox_tab="cerrados", citizen_mail=MAIL_CLOSED,
                note_required="Indique el motivo por el que es duplicada.", citizen_told=True,
                next_step=("Se atiende junto con otra solicitud igual; el avance se registra en "
                           "aquella.")),
)}


def statuses_where(**facts) -> tuple[str, ...]:
    """The status codes whose facts have the given values, in table order."""
    return tuple(code for code, row in STATUS_FACTS.items()
                 if all(getattr(row, name) == value for name, value in facts.items()))


STATUS_LABELS = {code: row.label for code, row in STATUS_FACTS.items()}
STATUS_BADGES = {code: row.badge for code, row in STATUS_FACTS.items()}
# Statuses in which the matter is finished for the unit (no longer backlog).
FINISHED_STATUSES = statuses_where(finished=True)
OPEN_STATUSES = statuses_where(finished=False)
# Statuses whose due clock runs: a late ticket in one of them is overdue ("vencido").
# En espera is excluded (paused); recibida/devuelta have no unit (back in triage).
OVERDUE_STATUSES = statuses_where(clock_runs=True)
# A ticket waiting for a unit to be chosen.
TRIAGE_STATUSES = statuses_where(in_triage=True)
# Open and in a unit's hands (the unit's own moves start from these; the portal shows the date).
UNIT_STATUSES = statuses_where(finished=False, in_triage=False)
# What the desk may do with any open ticket (the triage page's actions).
DESK_ACTIONS = statuses_where(desk_action=True)
SOLVED_STATUSES = statuses_where(solved=True)
# The action forms: the citizen is told (public note) or the note is internal unless ticked.
CITIZEN_TOLD_STATUSES = statuses_where(citizen_told=True)
CITIZEN_TOLD = "El ciudadano verá esta nota."

CHANNEL_LABELS = {
    "presencial": "Presencial",
    "telefonica": "Telefónica",
    "escrito": "Escrito / oficio",
    "web": "Página web",
    "api": "API (Open311)",
}
DESK_CHANNELS = ("presencial", "telefonica", "escrito")
WEB_CHANNELS = ("web", "api")

KIND_LABELS = {
    "tramite": "Trámite / gestión",
    "denuncia": "Denuncia",
    "queja": "Queja",
    "reporte": "Reporte de problemática",
}

# Folio prefixes: citizen attention at the desk, complaints from the web or the API.
ATTENTION_PREFIX = "AC"
WEB_PREFIX = "DW"


def folio_prefix(channel: str) -> str:
    return WEB_PREFIX if channel in WEB_CHANNELS else ATTENTION_PREFIX


# TicketEvent.type values.
EVENT_CREATED = "created"
EVENT_STATUS = "status"
EVENT_NOTE = "note"
EVENT_ATTACHMENT = "attachment"
EVENT_ASSIGNED = "assigned"  # taken by, assigned to or released by a person of the unit

# Actor labels for events without a user (the portal, the API, scheduled jobs).
ACTOR_CITIZEN = "Ciudadano"
ACTOR_SYSTEM = "Sistema"
ACTOR_API = "API"

# Attachments: at most 10 MB each; the type is read from the content.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_DESCRIPTION_CHARS = 5000
MAX_NOTE_CHARS = 5000
# The ticket list's text search: shorter words match too much to be useful (or indexed).
MIN_SEARCH_CHARS = 3
DUPLICATE_WINDOW_DAYS = 30
DUPLICATE_DISTANCE_M = 150  # two pins this close are the same place (app/tickets/duplicates.py)

# Channel codes (keys of CHANNEL_LABELS) for the code that creates tickets of one channel.
CHANNEL_WEB = "web"
CHANNEL_API = "api"
