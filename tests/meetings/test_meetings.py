"""Meetings, agreements and their documents: bad input, isolation, minutes, follow-ups, the
memo section and the reminders."""
import hashlib
import re
from datetime import date, datetime, timedelta, timezone
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.extensions import db
from app.meetings import documents, workflow as wf
from app.meetings.memo import get_memo_followup
from app.meetings.models import Agreement, AgreementEvent, Meeting
from app.meetings.reminders import send_agreement_reminders
from app.meetings.services import add_agenda_item, record_attendance
from app.notifications.models import OutboxMessage
from app.stats.periods import week_period
from app.stats.cabinet import generate_cabinet_report

from tests.factories import make_unit, make_user
from tests.meetings.factories import NOW, make_agreement, make_meeting, unit_user


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def secretary(app):
    return make_user(role="secretary", name="Lic. Beatriz Acuña")


@pytest.mark.parametrize("data, message", [
    ({"text": "Entregar informes", "due_date": "2026-03-02"}, "anterior a la reunión"),
    ({"text": "Entregar informes", "due_date": "2026-03-20", "units": []}, "unidad responsable"),
    ({"text": "   ", "due_date": "2026-03-20"}, "texto del acuerdo"),
])
def test_bad_agreements_get_a_spanish_message_and_store_nothing(app, client, login_as, secretary,
                                                                data, message):
    meeting = make_meeting()
    unit = make_unit()
    data = {"units": [unit.id], **data}
    login_as(secretary)
    response = client.post(f"/reuniones/{meeting.id}/acuerdos", data=data)
    assert response.status_code == 200
    assert message in response.text
    assert _count(Agreement) == 0 and _count(AgreementEvent) == 0


def test_secretary_records_an_agreement_with_two_units(app, client, login_as, secretary):
    meeting = make_meeting()
    a, b = make_unit(), make_unit()
    login_as(secretary)
    response = client.post(f"/reuniones/{meeting.id}/acuerdos", data={
        "text": "Cerrar los baches de la avenida Hidalgo.", "units": [a.id, b.id],
        "due_date": "2026-03-17"})
    assert response.status_code == 302
    agreement = db.session.scalar(select(Agreement))
    assert {u.id for u in agreement.units} == {a.id, b.id}
    assert agreement.status == wf.PENDING and len(agreement.events) == 1


def test_a_unit_posting_another_units_agreement_gets_404_and_nothing_changes(app, client,
                                                                             login_as):
    agreement = make_agreement()
    login_as(make_user(role="unit", unit=make_unit()))
    response = client.post(f"/reuniones/acuerdos/{agreement.id}",
                           data={"to_status": wf.PROPOSED, "note": "Hecho"})
    assert response.status_code == 404
    db.session.refresh(agreement)
    assert agreement.status == wf.PENDING and len(agreement.events) == 1


def test_a_unit_lists_only_its_own_agreements(app, client, login_as):
    mine = make_agreement(text="Acuerdo propio")
    make_agreement(text="Acuerdo ajeno")
    login_as(make_user(role="unit", unit=mine.units[0]))
    page = client.get("/reuniones/acuerdos").text
    assert "Acuerdo propio" in page and "Acuerdo ajeno" not in page


def test_second_cumplido_through_the_form_is_refused(app, client, login_as, secretary):
    agreement = make_agreement()
    worker = make_user(role="unit", unit=agreement.units[0])
    wf.transition(agreement, wf.PROPOSED, worker, now=NOW, note="Hecho")
    wf.transition(agreement, wf.DONE, secretary, now=NOW)
    db.session.commit()
    login_as(secretary)
    response = client.post(f"/reuniones/acuerdos/{agreement.id}", data={"to_status": wf.DONE})
    assert response.status_code == 200
    assert len(db.session.get(Agreement, agreement.id).events) == 3


def test_minutes_list_attendance_items_and_agreements_and_are_archived(app, secretary):
    present, absent = make_unit(name="Obras Públicas"), make_unit(name="Tesorería")
    agreement = make_agreement(units=[present], text="Bachear la calle Juárez.")
    meeting = agreement.meeting
    item = add_agenda_item(meeting, "Rezago de Obras Públicas")
    record_attendance(meeting, [present.id], [item.id])
    report = documents.generate_minutes(meeting, secretary, NOW)
    text = pdf_text(report.pdf)
    assert "Minuta de la reunión de gabinete" in text
    assert "Presentes: Obras Públicas" in text and "Ausentes: Tesorería" in text
    assert "1. Rezago de Obras Públicas" in text
    assert "Bachear la calle Juárez." in text and "10/03/2026" in text
    assert report.kind == "minutes" and report.sha256 == hashlib.sha256(report.pdf).hexdigest()


def test_follow_up_mail_goes_once_per_unit_per_meeting(app, secretary):
    a, b = make_unit(email="obras@example.com"), make_unit()
    make_user(role="unit", unit=a, email="jefe@example.com")
    agreement = make_agreement(units=[a, b])
    make_agreement(meeting=agreement.meeting, units=[a], text="Otro acuerdo")
    first = documents.send_followups(agreement.meeting, secretary, NOW)
    again = documents.send_followups(agreement.meeting, secretary, NOW + timedelta(hours=1))
    mails = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.recipient)))
    assert (first, again) == (2, 0)
    assert [m.recipient for m in mails] == ["jefe@example.com", "obras@example.com"]
    followup = pdf_text(_followup_pdf(mails[0]))
    assert "Seguimiento de acuerdos" in followup and "Otro acuerdo" in followup


def _followup_pdf(mail):
    from app.stats.models import CabinetReport

    return db.session.get(CabinetReport, mail.cabinet_report_id).pdf


def _kept_loop(secretary, unit):
    """An agreement due Friday 6 March, reported done Thursday, verified Monday 9."""
    meeting = make_meeting(held_on=date(2026, 3, 3))
    agreement = make_agreement(meeting=meeting, units=[unit], due_date=date(2026, 3, 6))
    late = make_agreement(meeting=meeting, units=[unit], due_date=date(2026, 3, 4),
                          text="Entregar el padrón de luminarias.")
    worker = make_user(role="unit", unit=unit)
    thursday = datetime(2026, 3, 5, 17, 0, tzinfo=timezone.utc)
    wf.transition(agreement, wf.PROPOSED, worker, now=thursday, note="Listo")
    wf.transition(agreement, wf.DONE, secretary, now=thursday + timedelta(hours=1))
    db.session.commit()
    return agreement, late


def test_memo_section_lists_kept_overdue_and_per_unit_figures(app, secretary):
    unit = make_unit(name="Obras Públicas")
    agreement, late = _kept_loop(secretary, unit)
    data = get_memo_followup(week_period(2026, 10), NOW + timedelta(days=30))
    assert [row[0] for row in data["done"]] == [agreement.id]
    assert data["overdue"] == [(late.id, late.text, "Obras Públicas", "04/03/2026", "5")]
    assert data["per_unit"] == [("Obras Públicas", "2", "1", "50.0 %")]


def test_memo_pdf_has_the_section_and_past_weeks_are_reproducible(app, secretary):
    unit = make_unit(name="Obras Públicas")
    agreement, late = _kept_loop(secretary, unit)
    later = NOW + timedelta(days=30)
    before = get_memo_followup(week_period(2026, 10), later)
    wf.transition(late, wf.PROPOSED, make_user(role="unit", unit=unit), now=later, note="Tarde")
    db.session.commit()
    assert get_memo_followup(week_period(2026, 10), later + timedelta(hours=1)) == before
    text = pdf_text(generate_cabinet_report("2026-W10", None, secretary, later).pdf)
    assert "Seguimiento de acuerdos" in text
    assert "Acuerdos vencidos (1)" in text and "Entregar el padrón de luminarias." in text
    assert "Obras Públicas 2 1 50.0 %" in text


def test_agreement_reminders_are_idempotent(app, runner):
    unit = make_unit()
    make_user(role="unit", unit=unit, email="jefa@example.com")
    soon = make_agreement(units=[unit], due_date=date(2026, 3, 5))  # 2 business days after Tue 3
    make_agreement(units=[unit], due_date=date(2026, 3, 12), text="Lejano")
    assert send_agreement_reminders(NOW) == 1
    assert send_agreement_reminders(NOW) == 0
    later = datetime(2026, 3, 6, 15, 0, tzinfo=timezone.utc)  # 6 March: overdue
    result = runner.invoke(args=["report-reminders", "--now", later.isoformat()])
    assert "Avisos de acuerdos de gabinete en cola: 1." in result.output
    kinds = sorted(db.session.scalars(select(OutboxMessage.dedupe_key)))
    assert kinds == [f"agreement-overdue:a{soon.id}:u{soon.units[0].staff[0].id}",
                     f"agreement-soon:a{soon.id}:u{soon.units[0].staff[0].id}"]


def test_meeting_form_proposes_the_agenda_and_refuses_a_bad_date(app, client, login_as, secretary):
    login_as(secretary)
    bad = client.post("/reuniones/nueva", data={"held_on": "2026-13-40", "at": "10:00",
                                                "kind": "ordinaria"})
    assert bad.status_code == 200 and _count(Meeting) == 0
    response = client.post("/reuniones/nueva", data={"held_on": "2026-03-03", "at": "10:00",
                                                      "kind": "extraordinaria"})
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert meeting.held_at == datetime(2026, 3, 3, 16, 0, tzinfo=timezone.utc)


def test_agreement_list_query_count_does_not_grow_with_the_rows(app, client, login_as,
                                                                secretary, count_queries):
    login_as(secretary)
    meeting = make_meeting()
    make_agreement(meeting=meeting)
    with count_queries() as few:
        client.get("/reuniones/acuerdos")
    for n in range(8):
        make_agreement(meeting=meeting, units=[make_unit(), make_unit()], text=f"Acuerdo {n}")
    with count_queries() as many:
        assert client.get("/reuniones/acuerdos").status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("estado, expected", [
    ("vencido", [date(2026, 3, 2)]),
    ("vence_pronto", [date(2026, 3, 5), date(2026, 3, 3)]),  # today through 2 business days
    ("cumplido_propuesto", []),
])
def test_agreement_filters_follow_the_local_day_and_the_tickets_due_soon_window(
        app, secretary, estado, expected):
    from app.meetings.queries import count_agreement_work, list_agreements

    meeting = make_meeting(held_on=date(2026, 3, 1))
    for due in (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 6)):
        make_agreement(meeting, due_date=due)
    page = list_agreements(secretary, 1, estado, NOW)
    assert [a.due_date for a in page.items] == expected
    assert count_agreement_work(secretary, NOW, (estado,)) == {estado: len(expected)}


def test_archived_follow_ups_are_linked_from_the_meeting_and_the_units_agreement(
        app, client, login_as, secretary):
    agreement = make_agreement()
    meeting, unit = agreement.meeting, agreement.units[0]
    link = f"/reuniones/{meeting.id}/seguimiento/{unit.id}.pdf"
    login_as(unit_user(unit))
    assert link not in client.get(f"/reuniones/acuerdos/{agreement.id}").text
    documents.send_followups(meeting, secretary, NOW)
    db.session.commit()
    page = client.get(f"/reuniones/acuerdos/{agreement.id}").text
    assert link in page and f'href="/reuniones/{meeting.id}"' not in page
    assert client.get(link).status_code == 200
    login_as(secretary)
    followups = client.get(f"/reuniones/{meeting.id}").text.split('data-testid="followups"')[1]
    assert link in followups and unit.name in followups
    page = client.get(f"/reuniones/acuerdos/{agreement.id}").text
    assert f'href="/reuniones/{meeting.id}"' in page  # the Secretaría reaches the meeting
    assert 'name="evidence_file"' not in page  # it verifies; it does not report done


def test_meeting_list_counts_attendance_and_agreements_in_a_fixed_number_of_queries(
        app, client, login_as, secretary, count_queries):
    login_as(secretary)
    first = make_meeting()
    record_attendance(first, [make_unit().id], [])
    db.session.commit()
    with count_queries() as few:
        client.get("/reuniones/")
    for n in range(5):
        meeting = make_meeting(held_on=date(2026, 3, 10 + n))
        record_attendance(meeting, [make_unit().id, make_unit().id], [])
        make_agreement(meeting=meeting, due_date=date(2026, 3, 20 + n))
    db.session.commit()
    with count_queries() as many:
        page = client.get("/reuniones/").text
    assert len(many) == len(few)
    rows = page.split('data-testid="meetings"')[1].split("</table>")[0].split("<tr>")[2:]
    assert [re.findall(r'data-label="(?:Unidades presentes|Acuerdos)">(\d+)<', row)
            for row in rows] == [["2", "1"]] * 5 + [["1", "0"]]
