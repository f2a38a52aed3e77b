"""Meetings and agreements built through the real services."""
import io
from datetime import date, datetime, time, timezone

from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.meetings import services, workflow as wf

from tests.factories import make_unit, make_user

NOW = datetime(2026, 3, 3, 18, 0, tzinfo=timezone.utc)  # Tuesday 12:00 in Fresnillo


def make_meeting(held_on=date(2026, 3, 3), at=time(10, 0), now=NOW, actor=None):
    meeting = services.create_meeting(held_on, at, "ordinaria", actor, now)
    db.session.commit()
    return meeting


def make_agreement(meeting=None, units=None, due_date=date(2026, 3, 10), now=NOW, actor=None,
                   text="Abatir el rezago de solicitudes vencidas."):
    meeting = meeting or make_meeting()
    units = units or [make_unit()]
    agreement = services.create_agreement(meeting, text, [u.id for u in units], due_date,
                                          actor, now)
    db.session.commit()
    return agreement


def unit_user(unit):
    return make_user(role="unit", unit=unit)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence_upload(data=PDF_BYTES, filename="acta-entrega.pdf"):
    return FileStorage(io.BytesIO(data), filename=filename)


def propose_with_evidence(agreement, upload=None, now=NOW, note="Concluido; se anexa el acta."):
    """A responsible unit's user reports the agreement done with an evidence file."""
    worker = make_user(role="unit", unit=agreement.units[0])
    event = services.change_agreement(agreement, wf.PROPOSED, worker, now=now, note=note,
                                      evidence="Oficio SP/123/2026",
                                      upload=upload or evidence_upload())
    db.session.commit()
    return event
