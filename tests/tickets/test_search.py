"""The text search of the ticket list and the intake's citizen suggestions: any word of the
name, any part of the phone, whatever the accents and the case."""
import pytest

from app.extensions import db
from tests.factories import make_category, make_ticket, make_user


@pytest.fixture
def people():
    category = make_category()
    folios = {}
    for name, phone in (("Rosa María Berumen Ávila", "4921234567"),
                        ("José Ángel Núñez", "4937654321"),
                        ("Berenice Solís", "4939990000")):
        ticket = make_ticket(category, description="Luminaria apagada.",
                             citizen_data={"name": name, "phone": phone})
        folios[name.split()[0]] = ticket.folio
    db.session.commit()
    return folios


@pytest.fixture
def desk(client, login_as):
    login_as(make_user(role="frontdesk"))
    return client


def _found(client, q, folios) -> set[str]:
    response = client.get("/tickets/", query_string={"q": q})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return {first for first, folio in folios.items() if folio in page}


def _suggested(client, q) -> list[str]:
    response = client.get("/tickets/ciudadanos.json", query_string={"q": q})
    assert response.status_code == 200
    return [person["name"] for person in response.get_json()]


@pytest.mark.parametrize("q, expected", [
    ("Berumen", {"Rosa"}),  # a surname, not the first word
    ("berumen", {"Rosa"}),
    ("BERUMEN", {"Rosa"}),
    ("avila", {"Rosa"}),  # typed without the accent
    ("ÁVILA", {"Rosa"}),
    ("nunez", {"José"}),
    ("Núñez José", {"José"}),  # words in any order
    ("rosa ber", {"Rosa"}),  # each word a start of a word of the name
    ("ber", {"Rosa", "Berenice"}),
    ("erumen", set()),  # inside a word: not a word of the name
    ("1234", {"Rosa"}),  # the phone's middle digits
    ("4567", {"Rosa"}),
    ("765 43", {"José"}),
    ("(492) 123-4567", {"Rosa"}),
    ("+52 492 123 4567", {"Rosa"}),
])
def test_the_list_finds_a_citizen_by_any_word_of_the_name_or_any_part_of_the_phone(
        desk, people, q, expected):
    assert _found(desk, q, people) == expected


@pytest.mark.parametrize("q, expected", [
    ("Berumen", ["Rosa María Berumen Ávila"]),
    ("maria", ["Rosa María Berumen Ávila"]),
    ("ÁNGEL", ["José Ángel Núñez"]),
    ("be", ["Berenice Solís", "Rosa María Berumen Ávila"]),
    ("999", ["Berenice Solís"]),
    ("765", ["José Ángel Núñez"]),
    ("49", []),  # too short to be a phone search; not a name either
])
def test_the_intake_suggests_citizens_by_any_word_of_the_name_or_part_of_the_phone(
        desk, people, q, expected):
    assert _suggested(desk, q) == expected


def test_like_wildcards_typed_in_the_search_are_plain_characters(desk, people):
    assert _found(desk, "%%%", people) == set()
    assert _found(desk, "b_r", people) == set()
    assert _suggested(desk, "r%a") == []


def test_a_suggestion_request_with_pages_of_text_suggests_nobody(desk, people):
    assert _suggested(desk, "Rosa " * 20_000) == []


def test_a_ticket_matched_two_ways_is_listed_once_in_list_order(app):
    """The search merges the first ids of each way of matching (description, citizen, end of
    the folio): a ticket matched by two is one row; the order is the list's."""
    from datetime import datetime, timedelta, timezone

    from app.tickets import queries
    from app.tickets.queries import TicketFilters

    category = make_category()
    start = datetime(2026, 3, 2, 15, tzinfo=timezone.utc)
    both = make_ticket(category, description="Fuga frente a la casa de Berumen.",
                       citizen_data={"name": "Rosa Berumen", "phone": "4921110000"}, now=start)
    by_name = make_ticket(category, description="Bache.", now=start + timedelta(hours=1),
                          citizen_data={"name": "Juan Berumen", "phone": "4921110001"})
    by_text = make_ticket(category, description="Berumen pide poda.",
                          now=start + timedelta(hours=2),
                          citizen_data={"name": "Ana Solís", "phone": "4921110002"})
    make_ticket(category, description="Otra cosa.", now=start + timedelta(hours=3),
                citizen_data={"name": "Luz Ávila", "phone": "4921110003"})
    db.session.commit()
    secretary = make_user(role="secretary")
    page = queries.list_tickets(TicketFilters(q="berumen"), secretary, page=1,
                                today=start.date())
    assert [row.id for row in page.items] == [by_text.id, by_name.id, both.id]
    assert page.total == 3
    by_due = queries.list_tickets(TicketFilters(q="berumen", sort="vencimiento"), secretary,
                                  page=1, today=start.date())
    expected = sorted((t for t in (both, by_name, by_text)), key=lambda t: (t.due_date, t.id))
    assert [row.id for row in by_due.items] == [t.id for t in expected]
