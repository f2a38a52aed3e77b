"""Meetings routes for the access matrix: meetings are the Secretaría's; agreements are seen by
the Secretaría (all) and unit staff (their own unit's: the matrix's unit user belongs to the
agreement's unit)."""
from app.meetings.documents import followup_report

from tests.meetings.factories import make_agreement, propose_with_evidence
from tests.roles import SECRETARY, UNIT

BOTH = SECRETARY | UNIT
M = "/reuniones/{meeting}"
ROUTES = {
    "meetings.index": ("GET", "/reuniones/", SECRETARY),
    "meetings.new": ("GET", "/reuniones/nueva", SECRETARY),
    "meetings.detail": ("GET", M, SECRETARY),
    "meetings.attendance": ("POST", M + "/asistencia", SECRETARY),
    "meetings.add_item": ("POST", M + "/orden-del-dia", SECRETARY),
    "meetings.remove_item": ("POST", M + "/orden-del-dia/{agenda_item}/eliminar", SECRETARY),
    "meetings.propose": ("POST", M + "/orden-del-dia/proponer", SECRETARY),
    "meetings.agenda_pdf": ("GET", M + "/orden-del-dia.pdf", SECRETARY),
    "meetings.send_agenda": ("POST", M + "/orden-del-dia/enviar", SECRETARY),
    "meetings.add_agreement": ("POST", M + "/acuerdos", SECRETARY),
    "meetings.minutes": ("POST", M + "/minuta", SECRETARY),
    "meetings.minutes_pdf": ("GET", M + "/minuta.pdf", SECRETARY),
    "meetings.send_followups": ("POST", M + "/seguimiento", SECRETARY),
    "meetings.followup_pdf": ("GET", M + "/seguimiento/{unit}.pdf", BOTH),
    "meetings.agreements": ("GET", "/reuniones/acuerdos", BOTH),
    "meetings.agreement": ("GET", "/reuniones/acuerdos/{agreement}", BOTH),
    "meetings.evidence": ("GET", "/reuniones/acuerdos/{evidence_agreement}/evidencia/"
                          "{evidence_event}", BOTH),
}


def make_objects(unit):
    from app.extensions import db
    from app.meetings.documents import generate_minutes
    from app.meetings.services import add_agenda_item

    agreement = make_agreement(units=[unit])
    meeting = agreement.meeting
    item = add_agenda_item(meeting, "Punto de prueba")
    generate_minutes(meeting, None, agreement.created_at)
    followup_report(meeting, unit, None, agreement.created_at)
    db.session.commit()
    # A second agreement of the unit, reported done with a file (the first stays pendiente,
    # so the status form is open to every role that may move it).
    event = propose_with_evidence(make_agreement(meeting=meeting, units=[unit]))
    return {"meeting": meeting.id, "agreement": agreement.id, "agenda_item": item.id,
            "evidence_agreement": event.agreement_id, "evidence_event": event.id}
