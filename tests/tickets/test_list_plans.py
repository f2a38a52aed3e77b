"""On PostgreSQL every filter of the ticket list is answered from an index, never by reading
the whole tickets table (what keeps the list fast at a million tickets)."""
import pytest
from sqlalchemy import select

from app.citizens.models import Citizen
from app.extensions import db
from app.tickets.models import Ticket
from app.units.models import Unit
from tests.factories import make_category, make_ticket, make_unit, make_user

FILTERS = [
    "", "page=3", "sort=vencimiento", "overdue=y", "overdue=y&sort=vencimiento",
    "status=en_proceso", "status=canalizada&unit_id={unit}", "category_id={category}",
    "channel=web", "kind=queja", "date_from=2026-01-01&date_to=2026-01-31",
    "q=bache", "q=luis", "q=ortega", "q=Ortega Luis", "q=000123", "q=4930000001", "q=30000",
    "q=AC-2026-000001", "ciudadano={citizen}",
    "q=fuga&unit_id={unit}&overdue=y",
    # The statistics dashboard's links.
    "unit_id=0", "channel_group=web&date_from=2026-01-01&date_to=2026-01-31",
    "channel_group=atencion&unit_id={unit}", "colonia=Centro", "colonia=-",
    "date_field=canalizacion&date_from=2026-01-01&date_to=2026-01-31",
    "date_field=conclusion&date_from=2026-01-01&date_to=2026-01-31&unit_id={unit}",
    "backlog_on=2026-01-31", "backlog_on=2026-01-31&unit_id={unit}",
]


@pytest.fixture
def listed(client, login_as):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("query plans are only meaningful on PostgreSQL (TEST_DATABASE_URL)")
    unit = make_unit()
    category = make_category(unit=unit)
    for i in range(3):
        make_ticket(category, description=f"Bache número {i}",
                    citizen_data={"name": f"Luis Ortega {i}", "phone": f"493000000{i}"})
    db.session.commit()
    login_as(make_user(role="secretary"))
    return {"unit": unit.id, "category": category.id,
            "citizen": db.session.scalar(select(Citizen.id).limit(1))}


def _selects(count_queries, client, url, table="tickets"):
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return [s for s in statements
            if table in s.sql and s.sql.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("query", FILTERS)
def test_every_list_filter_reads_indexes_not_the_whole_table(client, listed, query, count_queries):
    _assert_no_sequential_scan(_selects(count_queries, client,
                                        "/tickets/?" + query.format(**listed)))


@pytest.mark.parametrize("query", ["ortega", "luis ort", "30000", "493 000"])
def test_the_citizen_suggestions_read_the_trigram_indexes(client, listed, query, count_queries,
                                                           login_as):
    login_as(make_user(role="frontdesk"))
    _assert_no_sequential_scan(_selects(count_queries, client,
                                        f"/tickets/ciudadanos.json?q={query}", "citizens"))


def _assert_no_sequential_scan(statements):
    assert statements
    with db.engine.connect() as connection:
        # With sequential scans priced out, a plan that still scans a table has no index
        # able to answer it.
        connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            plan = "\n".join(connection.exec_driver_sql(
                "EXPLAIN " + statement, parameters).scalars())
            assert "Seq Scan" not in plan, plan


@pytest.mark.parametrize("url", ["/tickets/mios", "/tickets/mios?tab=vencidos", "/tickets/bandeja"])
def test_my_tickets_and_the_teams_load_read_indexes(client, listed, url, count_queries,
                                                    login_as):
    unit = db.session.get(Unit, listed["unit"])
    staff = make_user(role="unit", unit=unit)
    for ticket in db.session.scalars(select(Ticket)):
        ticket.assignee = staff
    db.session.commit()
    login_as(staff)
    _assert_no_sequential_scan(_selects(count_queries, client, url))


def test_the_citizen_history_and_the_triage_duplicates_read_indexes(client, listed,
                                                                   count_queries, login_as):
    category = make_category()
    for _ in range(2):
        make_ticket(category, channel="web", kind="denuncia", auto_channel=False)
    ticket = db.session.scalars(select(Ticket).where(Ticket.citizen_id.is_not(None))).first()
    _assert_no_sequential_scan(_selects(count_queries, client, "/tickets/denuncias-web"))
    _assert_no_sequential_scan(_selects(count_queries, client, f"/tickets/{ticket.id}"))
