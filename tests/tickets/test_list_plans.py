"""On PostgreSQL every filter of the ticket list is answered from an index, never by reading
the whole tickets table (what keeps the list fast at a million tickets)."""
import pytest

from app.extensions import db
from tests.factories import make_category, make_ticket, make_unit, make_user

FILTERS = [
    "", "page=3", "sort=vencimiento", "overdue=y", "overdue=y&sort=vencimiento",
    "status=en_proceso", "status=canalizada&unit_id={unit}", "category_id={category}",
    "channel=web", "kind=queja", "date_from=2026-01-01&date_to=2026-01-31",
    "q=bache", "q=luis", "q=000123", "q=4930000001", "q=AC-2026-000001",
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
    return {"unit": unit.id, "category": category.id}


def _ticket_selects(count_queries, client, url):
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return [s for s in statements
            if "tickets" in s.sql and s.sql.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("query", FILTERS)
def test_every_list_filter_reads_indexes_not_the_whole_table(client, listed, query, count_queries):
    statements = _ticket_selects(count_queries, client, "/tickets/?" + query.format(**listed))
    assert statements
    with db.engine.connect() as connection:
        # With sequential scans priced out, a plan that still scans a table has no index
        # able to answer it.
        connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            plan = "\n".join(connection.exec_driver_sql(
                "EXPLAIN " + statement, parameters).scalars())
            assert "Seq Scan" not in plan, plan
