"""The ticket list's text search on the description: on PostgreSQL full text (Spanish stems,
accents and case ignored, the GIN index); on SQLite the typed text inside the description."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.tickets.models import Ticket
from tests.factories import make_category, make_ticket, make_user

DESCRIPTIONS = {
    "bache": "Bache profundo frente al domicilio",
    "alumbrado": "Alumbrado público apagado en la plaza",
    "fuga": "Fuga de agua en la banqueta",
    "arbol": "Se solicita poda de un ÁRBOL",
}


def _postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"



@pytest.fixture
def described(client, login_as):
    category = make_category()
    folios = {key: make_ticket(category, description=text,
                               citizen_data={"name": f"Vecino {i}", "phone": f"49300000{i:02}"}
                               ).folio
              for i, (key, text) in enumerate(DESCRIPTIONS.items())}
    login_as(make_user(role="secretary"))
    return folios


def _found(client, folios, q) -> set[str]:
    response = client.get("/tickets/", query_string={"q": q})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return {key for key, folio in folios.items() if folio in page}


@pytest.mark.parametrize("q, expected", [
    ("alumbrado", {"alumbrado"}),  # «Alumbrado»: the case is ignored
    ("ALUMBRADO", {"alumbrado"}),
    ("frente al domicilio", {"bache"}),
    ("semáforo", set()),
])
def test_a_description_word_is_found_whatever_its_case(client, described, q, expected):
    assert _found(client, described, q) == expected


@pytest.mark.parametrize("q, expected", [
    ("baches", {"bache"}),  # the same Spanish stem: «baches» finds «bache»
    ("alumbrados", {"alumbrado"}),
    ("publico", {"alumbrado"}),  # typed without the accent
    ("PÚBLICO", {"alumbrado"}),
    ("árbol", {"arbol"}),  # written in capitals with its accent
    ("arboles", {"arbol"}),
    ("banqueta agua", {"fuga"}),  # every word, in any order
    ("banqueta plaza", set()),
    ("de la", set()),  # only stop words: nothing to look for in the description
])
def test_on_postgresql_words_match_by_spanish_stem_ignoring_accents(client, described, q,
                                                                    expected):
    if not _postgresql():
        pytest.skip("SQLite keeps the plain substring search")
    assert _found(client, described, q) == expected


def test_on_postgresql_an_edited_description_is_searched_by_its_new_words(client, described):
    if not _postgresql():
        pytest.skip("SQLite keeps the plain substring search")
    ticket = db.session.scalar(select(Ticket).where(Ticket.folio == described["bache"]))
    ticket.description = "Coladera sin tapa"
    db.session.commit()
    assert _found(client, described, "coladeras") == {"bache"}
    assert _found(client, described, "bache") == set()


def test_folio_name_and_phone_are_still_searched_beside_the_description(client, described):
    assert _found(client, described, described["fuga"]) == {"fuga"}
    assert _found(client, described, "vecino") == set(DESCRIPTIONS)
    assert _found(client, described, "4930000003") == {"arbol"}


def test_on_postgresql_a_description_search_reads_the_gin_index(client, described,
                                                                 count_queries):
    """The plan of the list's own search query. With a handful of rows a sequential scan (or
    walking the created_at index and testing each row) is cheapest, so both are priced out in
    the test's transaction (enable_seqscan, enable_indexscan off): what is left must be an
    index able to answer the description arm, or the plan falls back on a disabled scan."""
    if not _postgresql():
        pytest.skip("query plans are only meaningful on PostgreSQL (TEST_DATABASE_URL)")
    with count_queries() as statements:
        assert client.get("/tickets/", query_string={"q": "baches"}).status_code == 200
    searches = [s for s in statements if "description_search" in s.sql]
    assert searches
    with db.engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql("SET LOCAL enable_indexscan = off")
        for statement, parameters in searches:
            plan = "\n".join(connection.exec_driver_sql(
                "EXPLAIN " + statement, parameters).scalars())
            assert "ix_tickets_description_search" in plan, plan
            assert "Seq Scan on tickets" not in plan, plan
