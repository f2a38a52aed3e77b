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
