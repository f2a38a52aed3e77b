"""Scheduled delivery of the cabinet memo: the distribution list and `flask send-cabinet-memo`."""
import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.settings import CABINET_DISTRIBUTION, get_setting
from app.stats import delivery
from app.stats.models import CabinetReport
from app.validators import ValidationError
from tests.factories import make_user
from tests.notifications.conftest import smtp_server  # noqa: F401  (the aiosmtpd fixture)
from tests.stats.conftest import NOW
from tests.stats.fixtures import local

MEMBERS = ["presidenta@fresnillo.gob.mx", "tesorero@fresnillo.gob.mx"]


def _run(runner, now=NOW):
    result = runner.invoke(args=["send-cabinet-memo", "--now", now.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def _set_members(addresses=MEMBERS):
    delivery.save_distribution("\n".join(addresses))
    db.session.commit()


def _archives():
    db.session.expire_all()
    return list(db.session.scalars(select(CabinetReport).order_by(CabinetReport.id)))


def _mails():
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_command_twice_archives_one_memo_and_queues_one_mail_per_recipient(week, runner):
    _set_members()
    first = _run(runner)
    assert "2026-W10 archivado" in first and "correos en cola: 2" in first
    second = _run(runner, NOW + timedelta(hours=3))
    assert "ya estaba archivado" in second and "correos en cola: 0" in second
    [report] = _archives()
    assert (report.iso_year, report.iso_week, report.generated_by_id) == (2026, 10, None)
    mails = _mails()
    assert sorted(m.recipient for m in mails) == MEMBERS
    assert {m.cabinet_report_id for m in mails} == {report.id}
    assert {m.dedupe_key for m in mails} == {f"cabinet:2026-W10:{a}" for a in MEMBERS}


def test_a_recipient_added_later_in_the_week_gets_the_same_archived_memo(week, runner):
    _set_members(MEMBERS[:1])
    _run(runner)
    _set_members(MEMBERS)
    assert "correos en cola: 1" in _run(runner, NOW + timedelta(days=1))
    [report] = _archives()
    assert sorted(m.recipient for m in _mails()) == MEMBERS
    assert {m.cabinet_report_id for m in _mails()} == {report.id}


def test_the_delivered_mail_carries_the_archived_pdf(week, runner, smtp_server):  # noqa: F811
    _set_members(MEMBERS[:1])
    _run(runner)
    result = runner.invoke(args=["send-mail", "--now", NOW.isoformat()])
    assert "Correos enviados: 1" in result.output, result.output
    [report] = _archives()
    [(rcpts, message)] = smtp_server.messages
    assert rcpts == MEMBERS[:1]
    assert "Semana 10 de 2026" in message["Subject"]
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "informe-gabinete-2026-W10.pdf"
    pdf = attachment.get_content()
    assert hashlib.sha256(pdf).hexdigest() == report.sha256
    assert report.sha256 in message.get_body(("plain",)).get_content()


def test_an_empty_list_generates_and_sends_nothing(week, runner):
    output = _run(runner)
    assert "lista de distribución del informe de gabinete está vacía" in output
    assert _archives() == [] and _mails() == []


def test_now_on_a_wednesday_of_week_49_delivers_week_48(app, runner):
    _set_members(MEMBERS[:1])
    output = _run(runner, local(2026, 12, 2, 8, 0))
    assert "2026-W48" in output
    [report] = _archives()
    assert (report.iso_year, report.iso_week) == (2026, 48)
    assert _mails()[0].dedupe_key == f"cabinet:2026-W48:{MEMBERS[0]}"


def test_the_list_takes_lines_or_commas_normalised_and_without_repeats(app):
    assert delivery.parse_distribution(
        " presidenta@fresnillo.gob.mx , Tesorero@Fresnillo.gob.mx\n\n"
        "presidenta@fresnillo.gob.mx\n") == ["presidenta@fresnillo.gob.mx",
                                             "Tesorero@fresnillo.gob.mx"]


@pytest.mark.parametrize("text, expected", [
    ("presidenta@fresnillo.gob.mx\nno-es-correo\notro@", "«no-es-correo», «otro@»"),
    (",".join(f"m{i}@fresnillo.gob.mx" for i in range(delivery.MAX_RECIPIENTS + 1)),
     f"como máximo {delivery.MAX_RECIPIENTS} correos"),
])
def test_bad_lists_are_refused_and_nothing_is_stored(app, text, expected):
    _set_members()
    with pytest.raises(ValidationError) as error:
        delivery.save_distribution(text)
    assert expected in str(error.value)
    db.session.rollback()
    assert delivery.get_distribution() == MEMBERS


def test_the_secretary_edits_the_list_on_the_cabinet_page(app, client, login_as):
    login_as(make_user(role="secretary"))
    response = client.post("/estadisticas/gabinete/distribucion",
                           data={"recipients": "presidenta@fresnillo.gob.mx, tesorero@fresnillo.gob.mx"})
    assert response.status_code == 302
    assert get_setting(CABINET_DISTRIBUTION) == "\n".join(MEMBERS)
    page = client.get("/estadisticas/gabinete").get_data(as_text=True)
    assert "Lista de distribución guardada: 2 correos." in page
    assert "tesorero@fresnillo.gob.mx" in page


def test_a_bad_line_on_the_cabinet_page_is_listed_and_nothing_is_stored(app, client, login_as):
    login_as(make_user(role="secretary"))
    response = client.post("/estadisticas/gabinete/distribucion",
                           data={"recipients": "presidenta@fresnillo.gob.mx\njuan arroba gob"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "No son correos válidos: «juan arroba gob»" in page
    assert 'name="week"' in page, "the page keeps the PDF form"
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert get_setting(CABINET_DISTRIBUTION) is None
