"""Ticket vocabularies: codes stored in the database and their Spanish labels."""

RECEIVED = "recibida"
CHANNELED = "canalizada"
IN_PROGRESS = "en_proceso"
WAITING_CITIZEN = "en_espera"
RETURNED = "devuelta"
RESOLVED = "atendida"
CLOSED = "cerrada"
REJECTED = "improcedente"
DUPLICATE = "duplicada"

STATUS_LABELS = {
    RECEIVED: "Recibida",
    CHANNELED: "Canalizada",
    IN_PROGRESS: "En proceso",
    WAITING_CITIZEN: "En espera del ciudadano",
    RETURNED: "Devuelta",
    RESOLVED: "Atendida",
    CLOSED: "Cerrada",
    REJECTED: "Improcedente",
    DUPLICATE: "Duplicada",
}
# Statuses in which the matter is finished for the unit (no longer backlog).
FINISHED_STATUSES = (RESOLVED, CLOSED, REJECTED, DUPLICATE)
OPEN_STATUSES = tuple(s for s in STATUS_LABELS if s not in FINISHED_STATUSES)

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


# Statuses whose due clock runs: a late ticket in one of them is overdue ("vencido").
# En espera is excluded (paused); recibida/devuelta have no unit (back in triage).
OVERDUE_STATUSES = (CHANNELED, IN_PROGRESS)
# A ticket waiting for a unit to be chosen.
TRIAGE_STATUSES = (RECEIVED, RETURNED)

STATUS_BADGES = {
    RECEIVED: "secondary", CHANNELED: "primary", IN_PROGRESS: "info",
    WAITING_CITIZEN: "warning", RETURNED: "dark", RESOLVED: "success",
    CLOSED: "success", REJECTED: "danger", DUPLICATE: "light",
}

# TicketEvent.type values.
EVENT_CREATED = "created"
EVENT_STATUS = "status"
EVENT_NOTE = "note"
EVENT_ATTACHMENT = "attachment"

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

# Channel codes (keys of CHANNEL_LABELS) for the code that creates tickets of one channel.
CHANNEL_WEB = "web"
CHANNEL_API = "api"
