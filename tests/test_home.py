"""The home page says what needs doing, per role, with counts that link to the lists."""
import re
from datetime import time, timedelta

import pytest

from app.extensions import db
from app.meetings import queries as meeting_queries
from app.meetings import workflow as wf
from app.timeutil import local_today, utcnow
from tests.factories import make_category, make_ticket, make_unit, make_user
from tests.meetings.factories import make_agreement, make_meeting, unit_user
from tests.reports.factories import make_reporting_unit, set_deadline


def _tasks(client) -> dict[str, tuple[str, str]]:
    """{text: (count, link)} of the home page's «Por hacer» cards."""
    page = client.get("/").get_data(as_text=True)
    cards = re.findall(r'<a class="card card-body[^"]*home-task[^"]*" href="([^"]+)">\s*'
                       r'(?:<span class="home-count[^"]*">([^<]*)</span>)?\s*<span>([^<]*)</span>',
                       page)
    return {text: (count, url.replace("&amp;", "&")) for url, count, text in cards}


def _busy_unit():
    unit = make_reporting_unit(report_deadline_weekday=6, report_deadline_time=time(23, 59))
    category = make_category(unit=unit, due_days=1)
    for _ in range(2):
        make_ticket(category, now=utcnow() - timedelta(days=30))  # overdue
    make_ticket(category)  # due within a business day
    make_ticket(make_category(unit=unit), channel="web", kind="denuncia", auto_channel=False)
    return unit


def test_unit_staff_see_overdue_due_soon_and_the_pending_report_with_its_deadline(
        client, login_as):
    unit = _busy_unit()
    login_as(make_user(role="unit", unit=unit))
    tasks = _tasks(client)
    assert tasks["vencidos"] == ("2", "/tickets/bandeja?tab=vencidos")
    assert tasks["vence pronto"] == ("1", "/tickets/bandeja?tab=por_vencer")
    assert tasks["Informe semanal pendiente, vence dom 23:59"][0] == ""
    assert "/informes/mi-unidad/" in tasks["Informe semanal pendiente, vence dom 23:59"][1]


def test_front_desk_sees_complaints_to_channel_and_overdue_tickets(client, login_as):
    _busy_unit()
    login_as(make_user(role="frontdesk"))
    tasks = _tasks(client)
    assert tasks["denuncia por canalizar"] == ("1", "/tickets/denuncias-web")
    assert tasks["tickets vencidos"] == ("2", "/tickets/?overdue=y&sort=vencimiento")
    assert not any("informe" in text for text in tasks)


def test_the_secretary_sees_the_units_still_owing_this_weeks_report(client, login_as):
    set_deadline(6, "23:59")
    _busy_unit()
    make_reporting_unit()
    login_as(make_user(role="secretary"))
    tasks = _tasks(client)
    assert tasks["unidades sin informe semanal (vence dom 23:59)"] == ("2", "/informes/faltantes")
    assert tasks["denuncia por canalizar"][0] == "1"


def test_the_admin_home_has_no_ticket_counts(client, login_as):
    login_as(make_user(role="admin"))
    assert _tasks(client) == {}


@pytest.mark.parametrize("role", ["secretary", "frontdesk", "unit"])
def test_the_home_page_sends_as_many_queries_with_more_tickets(
        client, login_as, count_queries, separate_requests, role):
    unit = _busy_unit()
    login_as(make_user(role=role, unit=unit if role == "unit" else None))
    with count_queries() as few:
        client.get("/")
    for _ in range(3):
        _busy_unit()
    with count_queries() as many:
        client.get("/")
    assert len(many) == len(few) <= 15


@pytest.mark.parametrize("role", ["secretary", "unit"])
def test_the_home_page_counts_read_indexes_not_the_whole_tickets_or_agreements_tables(
        client, login_as, count_queries, role):
    from app.extensions import db

    if db.engine.dialect.name != "postgresql":
        pytest.skip("query plans are only meaningful on PostgreSQL (TEST_DATABASE_URL)")
    unit = _busy_unit()
    _agreements_of(unit)
    login_as(make_user(role=role, unit=unit if role == "unit" else None))
    with count_queries() as statements:
        client.get("/")
    counts = [s for s in statements if "FROM tickets" in s.sql or "FROM agreements" in s.sql]
    assert any("FROM agreements" in s.sql for s in counts)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in counts:
            plan = "\n".join(connection.exec_driver_sql("EXPLAIN " + statement,
                                                        parameters).scalars())
            assert "Seq Scan on tickets" not in plan, plan
            assert "Seq Scan on agreements" not in plan, plan


def _agreements_of(unit, meeting=None):
    """Two overdue, one due today, one due next month and one reported done, all of ``unit``."""
    today = local_today()
    meeting = meeting or make_meeting(held_on=today - timedelta(days=40))
    for due in (today - timedelta(days=5), today - timedelta(days=1), today,
                today + timedelta(days=30)):
        make_agreement(meeting, units=[unit], due_date=due)
    done = make_agreement(meeting, units=[unit], due_date=today - timedelta(days=3))
    wf.transition(done, wf.PROPOSED, unit_user(unit), now=utcnow(), note="Se cumplió.")
    db.session.commit()
    return meeting


def _listed(client, url) -> int:
    """How many agreements a list page shows."""
    return client.get(url).get_data(as_text=True).count('data-testid="agreement-state"')


def test_unit_staff_see_their_agreements_due_soon_and_overdue_not_another_units(
        client, login_as):
    unit, other = make_unit(), make_unit()
    meeting = _agreements_of(unit)
    _agreements_of(other, meeting)
    make_agreement(meeting, units=[unit, other], due_date=local_today() - timedelta(days=2))
    login_as(unit_user(unit))
    tasks = _tasks(client)
    assert tasks["acuerdos vencidos"] == ("3", "/reuniones/acuerdos?estado=vencido")
    assert tasks["acuerdo de gabinete vence pronto"] == (
        "1", "/reuniones/acuerdos?estado=vence_pronto")
    assert not any("por verificar" in text for text in tasks)
    assert _listed(client, tasks["acuerdos vencidos"][1]) == 3
    assert _listed(client, tasks["acuerdo de gabinete vence pronto"][1]) == 1


def test_the_secretary_sees_every_units_overdue_agreements_and_those_to_verify(
        client, login_as):
    meeting = _agreements_of(make_unit())
    _agreements_of(make_unit(), meeting)
    login_as(make_user(role="secretary"))
    tasks = _tasks(client)
    assert tasks["acuerdos vencidos"] == ("4", "/reuniones/acuerdos?estado=vencido")
    assert tasks["acuerdos por verificar"] == (
        "2", "/reuniones/acuerdos?estado=cumplido_propuesto")
    assert not any("vence" in text and "acuerdo" in text for text in tasks)
    assert _listed(client, tasks["acuerdos vencidos"][1]) == 4
    assert _listed(client, tasks["acuerdos por verificar"][1]) == 2


def test_agreement_counts_are_zero_and_grey_when_nothing_is_due(client, login_as):
    unit = make_unit()
    login_as(unit_user(unit))
    page = client.get("/").get_data(as_text=True)
    assert _tasks(client)["acuerdos vencidos"][0] == "0"
    assert 'border-secondary" href="/reuniones/acuerdos?estado=vencido"' in page


def test_the_home_page_agreement_count_stops_at_its_cap(client, login_as, monkeypatch):
    monkeypatch.setattr(meeting_queries, "COUNT_CAP", 1)
    _agreements_of(make_unit())
    login_as(make_user(role="secretary"))
    assert _tasks(client)["acuerdos vencidos"][0] == "1+"


@pytest.mark.parametrize("estado", ["desconocido", "VENCIDO", "x" * 500, "vencido\x00"])
def test_an_unknown_agreement_filter_gets_a_spanish_message_and_every_agreement(
        client, login_as, estado):
    _agreements_of(make_unit())
    login_as(make_user(role="secretary"))
    response = client.get("/reuniones/acuerdos", query_string={"estado": estado})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if estado == "vencido\x00":  # control characters are stripped, as the forms do
        assert page.count('data-testid="agreement-state"') == 2
    else:
        assert "El estado elegido no existe; se muestran todos los acuerdos." in page
        assert page.count('data-testid="agreement-state"') == 5


@pytest.mark.parametrize("role", ["secretary", "unit"])
def test_the_home_page_sends_as_many_queries_with_more_agreements(
        client, login_as, count_queries, separate_requests, role):
    unit = make_unit()
    meeting = _agreements_of(unit)
    login_as(make_user(role=role, unit=unit if role == "unit" else None))
    with count_queries() as few:
        client.get("/")
    for _ in range(3):
        _agreements_of(unit, meeting)
        _agreements_of(make_unit(), meeting)
    with count_queries() as many:
        client.get("/")
    assert len(many) == len(few) <= 15


@pytest.mark.parametrize("path, active", [
    ("/reuniones/acuerdos", ["Acuerdos"]), ("/reuniones/", ["Reuniones"]), ("/", []),
])
def test_the_menu_lights_only_the_entry_of_the_page(client, login_as, path, active):
    login_as(make_user(role="secretary"))
    menu = client.get(path).get_data(as_text=True).split('id="menu"')[1].split("</ul>")[0]
    assert re.findall(r'class="nav-link active" aria-current="page" href="[^"]+">([^<]+)<',
                      menu) == active
