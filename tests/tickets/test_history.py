"""A citizen's earlier folios (intake suggestions, ticket page) and possible duplicates in the
web triage queue."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.tickets import queries
from app.timeutil import utcnow
from tests.factories import make_category, make_ticket, make_unit, make_user

ROSA = {"name": "Rosa Berumen", "phone": "4921234567"}


@pytest.fixture
def rosa_tickets():
    """Seven tickets of Rosa: five of unit A, two of unit B; the newest last."""
    unit_a, unit_b = make_unit(name="Obras"), make_unit(name="Agua")
    cat_a, cat_b = make_category(unit=unit_a), make_category(unit=unit_b)
    start = utcnow() - timedelta(days=20)
    tickets = [make_ticket(cat_a if i < 5 else cat_b, now=start + timedelta(days=i),
                           citizen_data=ROSA) for i in range(7)]
    return {"tickets": tickets, "units": (unit_a, unit_b)}


def test_the_suggestions_carry_the_citizens_latest_folios_and_a_link_to_all(
        client, login_as, rosa_tickets):
    login_as(make_user(role="frontdesk"))
    [person] = client.get("/tickets/ciudadanos.json?q=berumen").get_json()
    history = person["history"]
    newest = [t.folio for t in reversed(rosa_tickets["tickets"])][:3]
    assert history["total"] == 7
    assert [f["folio"] for f in history["folios"]] == newest
    assert history["folios"][0]["status"] == "Canalizada"
    assert history["url"] == f"/tickets/?ciudadano={person['id']}"
    listed = client.get(history["url"]).get_data(as_text=True)
    assert "Solicitudes de <strong>Rosa Berumen</strong>" in listed
    assert all(t.folio in listed for t in rosa_tickets["tickets"])


def test_a_citizen_without_tickets_has_an_empty_history(client, login_as):
    from app.citizens.services import create_citizen
    create_citizen({"name": "Nadie Nuevo", "phone": "4930001111"}, now=utcnow())
    db.session.commit()
    login_as(make_user(role="frontdesk"))
    [person] = client.get("/tickets/ciudadanos.json?q=nadie").get_json()
    assert person["history"] == {"total": 0, "url": "", "folios": []}


def test_the_ticket_page_shows_the_citizens_other_folios_bounded(client, login_as, rosa_tickets):
    tickets = rosa_tickets["tickets"]
    login_as(make_user(role="secretary"))
    page = client.get(f"/tickets/{tickets[-1].id}").get_data(as_text=True)
    history = page[page.index('data-testid="citizen-history"'):page.index("Descripción</h2>")]
    assert "Otras solicitudes del ciudadano (6)" in page
    shown = [t.folio for t in tickets if t.folio in history]
    assert shown == [t.folio for t in tickets[1:6]]  # the 5 latest others, not itself
    assert f"/tickets/?ciudadano={tickets[0].citizen_id}" in history


def test_unit_staff_see_only_their_units_folios_of_the_citizen(client, login_as, rosa_tickets):
    tickets, (unit_a, _unit_b) = rosa_tickets["tickets"], rosa_tickets["units"]
    login_as(make_user(role="unit", unit=unit_a))
    page = client.get(f"/tickets/{tickets[0].id}").get_data(as_text=True)
    assert "Otras solicitudes del ciudadano (4)" in page
    assert tickets[5].folio not in page and tickets[6].folio not in page
    assert "?ciudadano=" not in page  # the full list is the desk's


def test_the_history_count_is_capped(app, rosa_tickets, monkeypatch):
    monkeypatch.setattr(queries, "CITIZEN_HISTORY_COUNT_CAP", 3)
    ticket = rosa_tickets["tickets"][0]
    history = queries.get_citizen_history(ticket.citizen_id, make_user(role="secretary"))
    assert (history.total, history.capped, len(history.rows)) == (3, True, 5)


def test_the_triage_queue_suggests_duplicates_of_each_complaint(client, login_as):
    category = make_category()
    first, second = (make_ticket(category, channel="web", kind="denuncia", colonia=colonia,
                                 auto_channel=False) for colonia in ("Centro", "CENTRO"))
    elsewhere = make_ticket(category, channel="web", kind="denuncia", colonia="Las Américas",
                            auto_channel=False)
    old = make_ticket(category, colonia="Centro", now=utcnow() - timedelta(days=40))
    login_as(make_user(role="secretary"))
    page = client.get("/tickets/denuncias-web").get_data(as_text=True)
    rows = {folio: page[page.index(f'data-folio="{folio}"'):].split("</tr>")[0]
            for folio in (first.folio, second.folio, elsewhere.folio)}
    assert second.folio in rows[first.folio] and first.folio in rows[second.folio]
    assert "possible-duplicates" not in rows[elsewhere.folio]
    assert old.folio not in page
    assert f'value="{second.folio}"' in rows[first.folio]  # the duplicate form is prefilled


def test_the_triage_queue_finds_duplicates_in_one_query(client, login_as, count_queries):
    category = make_category()
    counts = []
    for n in (2, 20):
        for _ in range(n):
            make_ticket(category, channel="web", kind="denuncia", auto_channel=False)
        login_as(make_user(role="secretary"))
        with count_queries() as statements:
            assert client.get("/tickets/denuncias-web").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
