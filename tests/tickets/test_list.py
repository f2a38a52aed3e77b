"""Ticket list filters, CSV export, and the bounded number of SQL queries per page."""
import csv
import io
from types import SimpleNamespace
from datetime import datetime, timedelta, timezone

import pytest
from flask import g

from app.auth.models import User
from app.extensions import db
from app.tickets import constants as c
from app.tickets import queries, workflow
from app.timeutil import local_today, utcnow
from app.units.models import Category
from tests.factories import make_category, make_ticket, make_unit, make_user


@pytest.fixture
def secretary(login_as):
    user = make_user(role="secretary")
    login_as(user)
    return user


def _folios(client, query: str) -> set[str]:
    page = client.get(f"/tickets/?{query}").get_data(as_text=True)
    return {f for f in _ALL if f in page}


_ALL: set[str] = set()


@pytest.fixture
def sample():
    """Four tickets that differ in every filtered column."""
    obras, agua = make_unit(name="Obras"), make_unit(name="Agua")
    bacheo = make_category(unit=obras, name="Bacheo", due_days=1)
    fuga = make_category(unit=agua, name="Fuga")
    old = datetime(2026, 1, 10, 17, 0, tzinfo=timezone.utc)
    tickets = {
        "late": make_ticket(bacheo, now=old, kind="queja", channel="telefonica",
                            description="Bache enorme en Hidalgo",
                            citizen_data={"name": "Luis Ortega", "phone": "4930000001"}),
        "fresh": make_ticket(fuga, kind="reporte", description="Fuga frente a la escuela",
                             citizen_data={"name": "Carmen Solís", "phone": "4930000002"}),
        "web": make_ticket(fuga, kind="denuncia", channel="web", description="Tiran agua",
                           citizen_data={"name": "Anónimo Web", "phone": "4930000003"}),
        "closed": make_ticket(bacheo, now=old, description="Bache resuelto 100%",
                              citizen_data={"name": "Luis Ortega", "phone": "4930000001"}),
    }
    workflow.transition(tickets["closed"], c.REJECTED, make_user(role="secretary"),
                        note="No procede.", now=old)
    db.session.commit()
    _ALL.clear()
    _ALL.update(t.folio for t in tickets.values())
    return {"units": (obras, agua), "categories": (bacheo, fuga), **tickets}


def test_every_filter_narrows_the_list(client, secretary, sample):
    f = {k: sample[k].folio for k in ("late", "fresh", "web", "closed")}
    obras, agua = sample["units"]
    bacheo, _fuga = sample["categories"]
    assert _folios(client, "") == set(f.values())
    assert _folios(client, f"status={c.REJECTED}") == {f["closed"]}
    assert _folios(client, f"unit_id={agua.id}") == {f["fresh"], f["web"]}
    assert _folios(client, f"category_id={bacheo.id}") == {f["late"], f["closed"]}
    assert _folios(client, "channel=web") == {f["web"]}
    assert _folios(client, "kind=queja") == {f["late"]}
    assert _folios(client, "date_to=2026-02-01") == {f["late"], f["closed"]}
    assert _folios(client, f"date_from={local_today().isoformat()}") == {f["fresh"], f["web"]}
    assert _folios(client, "overdue=y") == {f["late"]}
    assert _folios(client, f"q={f['web'].lower()}") == {f["web"]}
    assert _folios(client, "q=luis ort") == {f["late"], f["closed"]}
    assert _folios(client, "q=escuela") == {f["fresh"]}
    assert _folios(client, "q=100%25") == {f["closed"]}
    assert _folios(client, "q=4930000002") == {f["fresh"]}
    assert _folios(client, "q=4930-000002") == {f["fresh"]}  # a phone, not a folio


def test_a_folio_typed_without_its_prefix_or_zeros_is_found(client, secretary, sample):
    folio = sample["fresh"].folio  # AC-YYYY-00000N
    prefix, year, number = folio.split("-")
    assert _folios(client, f"q={folio[3:]}") == {folio}
    assert _folios(client, f"q={year}-{int(number)}") == {folio}
    assert _folios(client, f"q={prefix.lower()}-{year}-{int(number)}") == {folio}
    assert _folios(client, f"q={number}") == {folio}


@pytest.mark.parametrize("typed", ["ab", "  ab  ", "b"])
def test_a_search_shorter_than_three_characters_is_refused_in_spanish(client, secretary, sample,
                                                                      typed):
    page = client.get("/tickets/", query_string={"q": typed}).get_data(as_text=True)
    assert "Escriba al menos 3 caracteres para buscar" in page
    assert "Hay filtros no válidos; se ignoraron." in page
    assert {f for f in _ALL if f in page} == _ALL


def test_a_three_character_search_filters(client, secretary, sample):
    # A whole word: on PostgreSQL the description is searched by words (app/tickets/fulltext.py).
    assert _folios(client, "q=100") == {sample["closed"].folio}


def test_a_text_search_counts_up_to_its_own_lower_cap(app, secretary, sample, monkeypatch):
    monkeypatch.setattr(queries, "TEXT_COUNT_CAP", 1)
    today = utcnow().date()
    searched = queries.list_tickets(queries.TicketFilters(q="bache"), secretary, page=5,
                                    today=today)
    assert (searched.total, searched.capped, searched.page, len(searched.items)) == (1, True, 1, 2)
    plain = queries.list_tickets(queries.TicketFilters(), secretary, page=1, today=today)
    assert (plain.total, plain.capped) == (4, False)


def test_a_text_search_pages_through_its_matches_in_list_order(app, secretary, sample):
    def page(number):
        return queries.list_tickets(queries.TicketFilters(q="bache"), secretary, page=number,
                                    today=utcnow().date(), per_page=1)

    first, second, beyond = page(1), page(2), page(3)
    # Both were received at the same instant: the later id comes first.
    assert [first.items[0].folio, second.items[0].folio] == [sample["closed"].folio,
                                                             sample["late"].folio]
    assert (first.total, first.pages, first.capped) == (2, 2, False)
    assert (beyond.page, beyond.items[0].folio) == (2, sample["late"].folio)


def test_overdue_tickets_are_highlighted_in_list_and_detail(client, secretary, sample):
    page = client.get("/tickets/").get_data(as_text=True)
    assert "(vencido)" in page
    detail = client.get(f"/tickets/{sample['late'].id}").get_data(as_text=True)
    assert 'data-testid="overdue"' in detail
    assert 'data-testid="overdue"' not in client.get(f"/tickets/{sample['fresh'].id}").get_data(as_text=True)


@pytest.mark.parametrize("query", ["unit_id=999999", "category_id=abc", "status=raro",
                                   "date_from=2026-13-45", "page=-3", "sort=x"])
def test_bad_filters_are_reported_and_never_fail(client, secretary, sample, query):
    response = client.get(f"/tickets/?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Hay filtros no válidos" in page or query.startswith("page")


def test_the_count_is_capped_and_pages_stay_in_the_database(app, secretary, sample, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    page = queries.list_tickets(queries.TicketFilters(), secretary, page=1,
                                today=utcnow().date(), per_page=1)
    assert (page.total, page.capped, len(page.items), page.pages) == (2, True, 1, 2)
    last = queries.list_tickets(queries.TicketFilters(), secretary, page=99,
                                today=utcnow().date(), per_page=1)
    assert last.page == 2


def test_csv_export_streams_the_filtered_rows_with_spanish_headers(client, secretary, sample):
    _obras, agua = sample["units"]
    response = client.get(f"/tickets/exportar.csv?unit_id={agua.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Folio", "Fecha de recepción", "Canal", "Tipo"]
    assert {r[0] for r in rows[1:]} == {sample["fresh"].folio, sample["web"].folio}
    web = next(r for r in rows if r[0] == sample["web"].folio)
    assert web[2] == "Página web" and web[5] == "Agua" and web[6] == "Canalizada"


def test_csv_export_reads_the_rows_in_chunks(app, secretary, sample):
    chunks = list(queries.iter_export_rows(queries.TicketFilters(), secretary,
                                           utcnow().date(), chunk=3))
    assert [len(chunk) for chunk in chunks] == [3, 1]


def _many(category, n, staff=None):
    for i in range(n):
        ticket = make_ticket(category, description=f"Reporte {i}",
                             citizen_data={"name": f"Persona {i}", "phone": f"49300{i:05d}"})
        if staff and i % 2:
            workflow.transition(ticket, c.IN_PROGRESS, staff, now=utcnow())
            workflow.transition(ticket, c.RESOLVED, staff, note="Hecho", now=utcnow())
        db.session.commit()


def test_list_inbox_and_detail_pages_run_few_queries_whatever_their_size(client, login_as,
                                                                        count_queries):
    unit = make_unit()
    category = make_category(unit=unit)
    staff = make_user(role="unit", unit=unit)
    secretary = make_user(role="secretary")
    sizes = {}
    secretary_login = SimpleNamespace(username=secretary.username)
    staff_login = SimpleNamespace(username=staff.username)
    ids = (category.id, staff.id, secretary.id)
    for n in (3, 60):
        category, staff, secretary = (db.session.get(model, i) for model, i in
                                      zip((Category, User, User), ids))
        _many(category, n, staff)
        ticket = make_ticket(category)
        for _ in range(n // 4):
            workflow.transition(ticket, c.CHANNELED, secretary, unit=make_unit(), now=utcnow())
        db.session.commit()
        measured = {}
        urls = ((secretary_login, "/tickets/"), (secretary_login, "/tickets/?q=persona&overdue=y"),
                (staff_login, "/tickets/bandeja"), (staff_login, "/tickets/bandeja?tab=cerrados"),
                (secretary_login, f"/tickets/{ticket.id}"))
        for user, url in urls:
            login_as(user)
            db.session.remove()  # a fresh session and user load, as in a real request
            g.pop("_login_user", None)
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            measured[url] = len(statements)
        sizes[n] = measured
    for url, count in sizes[60].items():
        assert count <= 10, (url, count)
    assert list(sizes[3].values()) == list(sizes[60].values())
