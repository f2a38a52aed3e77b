"""The home page says what needs doing, per role, with counts that link to the lists."""
import re
from datetime import time, timedelta

import pytest

from app.timeutil import utcnow
from tests.factories import make_category, make_ticket, make_user
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
def test_the_home_page_counts_read_indexes_not_the_whole_tickets_table(
        client, login_as, count_queries, role):
    from app.extensions import db

    if db.engine.dialect.name != "postgresql":
        pytest.skip("query plans are only meaningful on PostgreSQL (TEST_DATABASE_URL)")
    unit = _busy_unit()
    login_as(make_user(role=role, unit=unit if role == "unit" else None))
    with count_queries() as statements:
        client.get("/")
    counts = [s for s in statements if "FROM tickets" in s.sql]
    assert counts
    with db.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in counts:
            plan = "\n".join(connection.exec_driver_sql("EXPLAIN " + statement,
                                                        parameters).scalars())
            assert "Seq Scan on tickets" not in plan, plan
