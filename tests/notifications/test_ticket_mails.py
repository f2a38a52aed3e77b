"""Ticket mails: who gets what, written in the ticket's transaction and sent later over SMTP."""
from datetime import datetime, timezone

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.outbox import PENDING
from app.tickets import constants as c
from app.tickets import services as ticket_services
from app.tickets import workflow
from app.tickets.models import Ticket
from app.timeutil import utcnow
from tests.factories import make_category, make_ticket, make_unit, make_user
from tests.portal.helpers import complaint_data

CITIZEN = {"name": "Ana López Pérez", "phone": "4931234567", "email": "ana@example.com"}


def outbox(recipient=None):
    db.session.expire_all()
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if recipient:
        stmt = stmt.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(stmt))


def unit_with_staff(name="Obras Públicas"):
    unit = make_unit(name=name)
    staff = make_user(role="unit", unit=unit, name="Juan Pérez Interno", email=f"{unit.code}@fresnillo.gob.mx")
    make_user(role="unit", unit=unit, email="baja@fresnillo.gob.mx", active=False)
    make_user(role="unit", unit=unit, email=None)
    return unit, staff


def test_a_desk_ticket_mails_the_citizen_one_receipt_and_the_units_active_staff(app):
    unit, staff = unit_with_staff()
    _other_unit, other_staff = unit_with_staff("Tesorería")
    desk = make_user(role="frontdesk", email="ventanilla@fresnillo.gob.mx")
    ticket = make_ticket(make_category(unit=unit), creator=desk, citizen_data=CITIZEN)

    to_citizen = outbox("ana@example.com")
    assert len(to_citizen) == 1  # channeled at intake: folded into the receipt
    assert to_citizen[0].subject == f"Recibimos su solicitud {ticket.folio}"
    assert ticket.lookup_code in to_citizen[0].body_text
    assert "Fue canalizada a Obras Públicas." in to_citizen[0].body_text
    assert f"/consulta?folio={ticket.folio}" in to_citizen[0].body_text
    to_staff = outbox(staff.email)
    assert [m.subject for m in to_staff] == [f"Nuevo ticket {ticket.folio} para Obras Públicas"]
    assert f"/tickets/{ticket.id}" in to_staff[0].body_text
    assert {m.recipient for m in outbox()} == {"ana@example.com", staff.email}
    assert outbox(other_staff.email) == [] and outbox(desk.email) == []


def test_a_rolled_back_change_writes_no_mail(app):
    unit, _staff = unit_with_staff()
    ticket_services.create_ticket(
        ticket_services.TicketInput(channel="presencial", kind="reporte",
                                    category=make_category(unit=unit), description="Fuga",
                                    citizen_data=CITIZEN),
        now=utcnow(), actor_label="Sistema")
    db.session.rollback()
    db.session.commit()
    assert outbox() == []


def test_an_anonymous_web_complaint_mails_nobody_outside_the_municipality(app, client, login_as):
    unit, staff = unit_with_staff()
    category = make_category(unit=unit)
    client.post("/denuncia", data=complaint_data(category))
    ticket = db.session.scalar(select(Ticket))
    assert ticket.citizen is None and outbox() == []
    secretary = make_user(role="secretary")
    login_as(secretary).post(f"/tickets/{ticket.id}/estado", data={
        "to_status": c.CHANNELED, "unit_id": str(unit.id), "version": str(ticket.version)})
    staff_addresses = set(db.session.scalars(select(User.email).where(User.email.is_not(None))))
    assert [m.recipient for m in outbox()] == [staff.email]
    assert {m.recipient for m in outbox()} <= staff_addresses


def test_the_citizen_hears_of_each_step_but_never_of_internal_notes_or_staff(app, client, login_as):
    unit, staff = unit_with_staff()
    category = make_category(unit=unit)
    client.post("/denuncia", data=complaint_data(
        category, citizen_name="Ana López", citizen_email="ana@example.com"))
    ticket = db.session.scalar(select(Ticket))
    assert [m.subject for m in outbox("ana@example.com")] == [f"Recibimos su solicitud {ticket.folio}"]
    assert ticket.lookup_code in outbox("ana@example.com")[0].body_text

    login_as(make_user(role="frontdesk")).post(f"/tickets/{ticket.id}/estado", data={
        "to_status": c.CHANNELED, "unit_id": str(unit.id), "version": str(ticket.version)})
    login_as(staff)
    client.post(f"/tickets/{ticket.id}/notas", data={"note": "Dato interno confidencial"})
    client.post(f"/tickets/{ticket.id}/notas", data={"note": "Mañana acude la cuadrilla.", "public": "y"})
    db.session.refresh(ticket)
    client.post(f"/tickets/{ticket.id}/estado", data={
        "to_status": c.RESOLVED, "note": "Bache reparado.", "public": "y", "version": str(ticket.version)})

    mails = outbox("ana@example.com")
    assert [m.subject for m in mails] == [
        f"Recibimos su solicitud {ticket.folio}",
        f"Su solicitud {ticket.folio} fue canalizada",
        f"Novedades de su solicitud {ticket.folio}",
        f"Su solicitud {ticket.folio} fue atendida: ¿quedó resuelta?"]
    assert "Obras Públicas" in mails[1].body_text
    assert "Mañana acude la cuadrilla." in mails[2].body_text
    assert "Bache reparado." in mails[3].body_text and "¿Quedó resuelto su asunto?" in mails[3].body_text
    for mail in mails:
        for secret in ("Dato interno confidencial", staff.name, staff.email):
            assert secret not in mail.body_text and secret not in mail.body_html


def test_the_citizens_no_reopens_for_the_unit_and_sends_the_citizen_nothing(app, client):
    unit, staff = unit_with_staff()
    ticket = make_ticket(make_category(unit=unit), channel="web", kind="denuncia", citizen_data=CITIZEN)
    workflow.transition(ticket, c.RESOLVED, staff, now=utcnow(), note="Listo.")
    db.session.commit()
    before = len(outbox("ana@example.com"))
    client.post("/consulta/respuesta", data={
        "folio": ticket.folio, "code": ticket.lookup_code, "version": str(ticket.version),
        "solved": "no", "rating": "2", "comment": "Sigue igual."})
    assert len(outbox("ana@example.com")) == before
    assert outbox(staff.email)[-1].subject == (
        f"Ticket {ticket.folio} reabierto: el ciudadano indica que no quedó resuelto")


def test_rechanneling_mails_the_new_unit_and_the_citizen_not_the_old_unit(app):
    unit, staff = unit_with_staff()
    new_unit, new_staff = unit_with_staff("Servicios Públicos")
    ticket = make_ticket(make_category(unit=unit), citizen_data=CITIZEN)
    secretary = make_user(role="secretary")
    ticket_services.channel_ticket(ticket, new_unit, secretary, now=utcnow(), note="Le corresponde a Servicios.")
    db.session.commit()
    assert [m.subject for m in outbox(new_staff.email)] == [
        f"Ticket {ticket.folio} re-canalizado a Servicios Públicos"]
    assert len(outbox(staff.email)) == 1  # only the first channeling
    assert outbox("ana@example.com")[-1].subject == f"Su solicitud {ticket.folio} fue canalizada"


def test_closing_as_improcedente_tells_the_citizen_the_public_reason(app):
    unit, _staff = unit_with_staff()
    ticket = make_ticket(make_category(unit=unit), citizen_data=CITIZEN)
    workflow.transition(ticket, c.REJECTED, make_user(role="frontdesk"), now=utcnow(),
                        note="No es competencia municipal.")
    db.session.commit()
    last = outbox("ana@example.com")[-1]
    assert last.subject == f"Su solicitud {ticket.folio}: improcedente"
    assert "No es competencia municipal." in last.body_text


def test_pages_only_write_outbox_rows_and_the_sender_delivers_them(app, client, login_as, runner,
                                                                    smtp_server):
    unit, staff = unit_with_staff()
    ticket = make_ticket(make_category(unit=unit), channel="web", kind="denuncia",
                         citizen_data=CITIZEN, auto_channel=False)
    login_as(make_user(role="secretary")).post(f"/tickets/{ticket.id}/estado", data={
        "to_status": c.CHANNELED, "unit_id": str(unit.id), "version": str(ticket.version)})
    assert smtp_server.messages == []
    assert {m.status for m in outbox()} == {PENDING} and len(outbox()) == 3
    result = runner.invoke(args=["send-mail", "--now",
                                 datetime.now(timezone.utc).isoformat()])
    assert "Correos enviados: 3" in result.output
    assert [m["Subject"] for m in smtp_server.to("ana@example.com")] == [
        f"Recibimos su solicitud {ticket.folio}", f"Su solicitud {ticket.folio} fue canalizada"]
    staff_mail = smtp_server.to(staff.email)[0]
    assert staff_mail["Subject"] == f"Nuevo ticket {ticket.folio} para Obras Públicas"
    assert "Fecha compromiso" in staff_mail.get_body(("plain",)).get_content()


def test_a_closed_ticket_reopened_by_the_desk_tells_the_unit_it_was_reopened(app):
    unit, staff = unit_with_staff()
    ticket = make_ticket(make_category(unit=unit), citizen_data=CITIZEN)
    workflow.transition(ticket, c.RESOLVED, staff, now=utcnow(), note="Listo.")
    desk = make_user(role="frontdesk")
    workflow.transition(ticket, c.CLOSED, desk, now=utcnow(), note="Confirmó por teléfono.")
    ticket_services.channel_ticket(ticket, unit, desk, now=utcnow(), note="Volvió a fallar.")
    db.session.commit()
    last = outbox(staff.email)[-1]
    assert last.subject == f"Ticket {ticket.folio} reabierto y canalizado a Obras Públicas"
    assert "fue reabierto y canalizado a Obras Públicas" in last.body_text


def test_the_factory_registers_the_ticket_mail_hooks_once(app):
    from sqlalchemy import event as sa_event

    from app.notifications import events

    events.init_app(app)  # a second call (another app in the same process) adds nothing
    assert all(sa_event.contains(target, name, hook) for target, name, hook in events._HOOKS)


def test_every_public_update_by_note_or_status_change_mails_the_citizen_once(app, client, login_as):
    unit, staff = unit_with_staff()
    ticket = make_ticket(make_category(unit=unit), citizen_data=CITIZEN)
    login_as(staff)

    def move(to_status, **data):
        db.session.refresh(ticket)
        client.post(f"/tickets/{ticket.id}/estado", data={
            "to_status": to_status, "version": str(ticket.version), **data})
        return outbox("ana@example.com")

    before = len(outbox("ana@example.com"))
    assert len(move(c.IN_PROGRESS, note="Revisión interna.")) == before  # unticked: internal
    db.session.refresh(ticket)
    workflow.transition(ticket, c.WAITING_CITIZEN, staff, now=utcnow(), note="Falta foto.")
    workflow.transition(ticket, c.IN_PROGRESS, staff, now=utcnow(), public=True,
                        note="Con su foto ya sabemos qué luminaria es.")
    db.session.commit()
    mails = outbox("ana@example.com")[before:]
    assert [m.subject for m in mails] == [f"Novedades de su solicitud {ticket.folio}"] * 2
    assert "Con su foto ya sabemos qué luminaria es." in mails[1].body_text

    mails = move(c.RESOLVED, note="Se cambió la luminaria.", public="y")[before + 2:]
    assert [m.subject for m in mails] == [  # one mail: the status's own, not an update too
        f"Su solicitud {ticket.folio} fue atendida: ¿quedó resuelta?"]
    assert "Se cambió la luminaria." in mails[0].body_text
