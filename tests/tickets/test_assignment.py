"""Taking and assigning a ticket inside its unit, «Mis tickets», the team's load."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.tickets import constants as c
from app.tickets import workflow
from app.tickets.models import Ticket, TicketEvent
from app.timeutil import utcnow
from tests.factories import make_category, make_ticket, make_unit, make_user


@pytest.fixture
def team(app):
    unit, other = make_unit(name="Obras Públicas"), make_unit(name="Servicios Públicos")
    people = {
        "rosa": make_user(role="unit", unit=unit, name="Rosa Berumen"),
        "juan": make_user(role="unit", unit=unit, name="Juan Pérez"),
        "gone": make_user(role="unit", unit=unit, name="Baja Temporal", active=False),
        "stranger": make_user(role="unit", unit=other, name="De Otra Unidad"),
        "secretary": make_user(role="secretary"),
        "frontdesk": make_user(role="frontdesk"),
        "admin": make_user(role="admin"),
    }
    ticket = make_ticket(make_category(unit=unit))
    return {"unit": unit, "other": other, "ticket": ticket, **people}


def _assign(client, ticket, assignee_id, version=None):
    db.session.refresh(ticket)
    data = {"assignee_id": str(assignee_id),
            "version": str(ticket.version if version is None else version)}
    return client.post(f"/tickets/{ticket.id}/asignar", data=data, follow_redirects=True)


def _assignee(ticket):
    db.session.expire_all()
    return db.session.get(Ticket, ticket.id).assignee_id


def _events(ticket):
    return list(db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.type == c.EVENT_ASSIGNED)
        .order_by(TicketEvent.id)))


def test_a_worker_takes_a_ticket_and_the_history_says_so(client, login_as, team):
    login_as(team["rosa"])
    page = client.get(f"/tickets/{team['ticket'].id}").get_data(as_text=True)
    assert "Tomar (asignármelo)" in page
    page = _assign(client, team["ticket"], team["rosa"].id).get_data(as_text=True)
    assert "Asignado a Rosa Berumen." in page
    assert _assignee(team["ticket"]) == team["rosa"].id
    [event] = _events(team["ticket"])
    assert (event.actor_id, event.assignee_id, event.public) == (
        team["rosa"].id, team["rosa"].id, False)
    assert event.note == "Lo tomó Rosa Berumen."


def test_a_worker_assigns_a_colleague_then_releases_the_ticket(client, login_as, team):
    login_as(team["rosa"])
    _assign(client, team["ticket"], team["juan"].id)
    assert _assignee(team["ticket"]) == team["juan"].id
    page = _assign(client, team["ticket"], 0).get_data(as_text=True)
    assert "El ticket quedó sin asignar." in page
    assert _assignee(team["ticket"]) is None
    assert [e.note for e in _events(team["ticket"])] == ["Asignado a Juan Pérez.", "Sin asignar."]


@pytest.mark.parametrize("who", ["stranger", "gone", "secretary", "admin"])
def test_only_an_active_person_of_the_tickets_unit_can_be_the_assignee(
        client, login_as, team, who):
    login_as(team["rosa"])
    page = _assign(client, team["ticket"], team[who].id).get_data(as_text=True)
    assert "Elija a una persona activa de la unidad del ticket." in page
    assert _assignee(team["ticket"]) is None and _events(team["ticket"]) == []


@pytest.mark.parametrize("bad", ["abc", "999999", "99999999999999999999", "-1", ""])
def test_bad_assignee_ids_get_a_message_and_store_nothing(client, login_as, team, bad):
    login_as(team["rosa"])
    response = _assign(client, team["ticket"], bad)
    assert response.status_code == 200
    assert "Elija" in response.get_data(as_text=True)
    assert _assignee(team["ticket"]) is None


def test_a_worker_of_another_unit_gets_404_and_changes_nothing(client, login_as, team):
    login_as(team["stranger"])
    response = client.post(f"/tickets/{team['ticket'].id}/asignar",
                           data={"assignee_id": str(team["stranger"].id)})
    assert response.status_code == 404
    assert client.get(f"/tickets/{team['ticket'].id}").status_code == 404
    assert _assignee(team["ticket"]) is None


@pytest.mark.parametrize("role", ["secretary", "frontdesk", "admin"])
def test_only_unit_staff_assign(client, login_as, team, role):
    login_as(team[role])
    response = client.post(f"/tickets/{team['ticket'].id}/asignar",
                           data={"assignee_id": str(team["rosa"].id)})
    assert response.status_code == 403
    assert _assignee(team["ticket"]) is None


def test_the_desk_sees_the_assignee_but_no_assignment_form(client, login_as, team):
    login_as(team["rosa"])
    _assign(client, team["ticket"], team["juan"].id)
    login_as(team["secretary"])
    page = client.get(f"/tickets/{team['ticket'].id}").get_data(as_text=True)
    assert "Juan Pérez" in page and 'data-testid="assignment"' not in page
    assert "Juan Pérez" in client.get("/tickets/").get_data(as_text=True)


def test_a_stale_form_assigns_nothing(client, login_as, team):
    login_as(team["rosa"])
    page = _assign(client, team["ticket"], team["juan"].id, version=0).get_data(as_text=True)
    assert "Otra persona modificó este ticket" in page
    assert _assignee(team["ticket"]) is None


def test_a_finished_ticket_is_not_assigned(client, login_as, team):
    ticket = team["ticket"]
    workflow.transition(ticket, c.RESOLVED, team["rosa"], note="Listo.", now=utcnow())
    db.session.commit()
    login_as(team["rosa"])
    page = _assign(client, ticket, team["rosa"].id).get_data(as_text=True)
    assert "Solo se asignan los tickets abiertos de la unidad." in page
    assert _assignee(ticket) is None


def test_rechanneling_or_returning_clears_the_assignee_and_reopening_keeps_it(team):
    ticket, rosa = team["ticket"], team["rosa"]
    for move in ("rechannel", "return"):
        ticket.assignee = rosa
        db.session.commit()
        if move == "rechannel":
            workflow.transition(ticket, c.CHANNELED, team["secretary"], unit=team["other"],
                                now=utcnow())
            workflow.transition(ticket, c.CHANNELED, team["secretary"], unit=team["unit"],
                                now=utcnow())
        else:
            workflow.transition(ticket, c.RETURNED, rosa, note="No es nuestro.", now=utcnow())
            workflow.transition(ticket, c.CHANNELED, team["secretary"], unit=team["unit"],
                                now=utcnow())
        db.session.commit()
        assert ticket.assignee_id is None, move
    ticket.assignee = rosa
    workflow.transition(ticket, c.RESOLVED, rosa, note="Listo.", now=utcnow())
    workflow.transition(ticket, c.CHANNELED, team["secretary"], note="Sigue la fuga.",
                        now=utcnow())
    db.session.commit()
    assert ticket.assignee_id == rosa.id  # reopened in the same unit


def test_my_tickets_lists_only_the_tickets_assigned_to_me(client, login_as, team):
    category = team["ticket"].category
    mine, theirs = make_ticket(category), make_ticket(category)
    for ticket, person in ((mine, team["rosa"]), (theirs, team["juan"])):
        ticket.assignee = person
    db.session.commit()
    login_as(team["rosa"])
    page = client.get("/tickets/mios").get_data(as_text=True)
    assert "Mis tickets" in page and mine.folio in page
    assert theirs.folio not in page and team["ticket"].folio not in page
    assert 'href="/tickets/mios"' in client.get("/tickets/bandeja").get_data(as_text=True)


def test_the_inbox_shows_each_persons_open_load(client, login_as, team):
    category = team["ticket"].category
    for _ in range(2):
        make_ticket(category).assignee = team["juan"]
    done = make_ticket(category)
    done.assignee = team["juan"]
    workflow.transition(done, c.RESOLVED, team["juan"], note="Listo.", now=utcnow())
    db.session.commit()
    login_as(team["rosa"])
    page = client.get("/tickets/bandeja").get_data(as_text=True)
    load = page[page.index('data-testid="team-load"'):]
    assert "Juan Pérez</td><td class=\"text-end\">2<" in load
    assert "Rosa Berumen (usted)</td><td class=\"text-end\">0<" in load
    assert "Baja Temporal" not in load and "De Otra Unidad" not in load
    detail = client.get(f"/tickets/{team['ticket'].id}").get_data(as_text=True)
    assert "Juan Pérez (2 abiertos)" in detail


def test_my_tickets_and_the_inbox_run_few_queries_whatever_their_size(
        client, login_as, team, count_queries):
    counts = []
    for _ in range(2):
        for _ in range(30):
            make_ticket(team["ticket"].category).assignee = team["rosa"]
        db.session.commit()
        login_as(team["rosa"])
        measured = []
        for url in ("/tickets/mios", "/tickets/bandeja", f"/tickets/{team['ticket'].id}"):
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            measured.append(len(statements))
        counts.append(measured)
    assert counts[0] == counts[1] and max(counts[1]) <= 10, counts
