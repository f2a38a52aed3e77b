"""Every figure of the dashboard links to the list behind it, and that list counts the same."""
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from datetime import date

from flask import current_app

from app.extensions import db
from app.stats import queries as q
from app.stats.links import Links
from app.tickets import constants as c
from tests.factories import make_category, make_user
from app.tickets import workflow
from tests.stats.conftest import NOW, W10
from tests.stats.fixtures import add_ticket, local

W10_ARGS = "desde=2026-03-02&hasta=2026-03-08"
VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}


class _Links(HTMLParser):
    """(section, href, text) of every link, ``section`` the nearest enclosing data-testid."""

    def __init__(self):
        super().__init__()
        self.stack, self.links, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID:
            self.stack.append(attrs.get("data-testid"))
        if tag == "a":
            section = next((s for s in reversed(self.stack) if s), None)
            self._open = [section, attrs.get("href", ""), ""]

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self.links.append(tuple(self._open))
            self._open = None
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self._open:
            self._open[2] += data


def _links(html: str, section: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    return [(href, text.strip()) for s, href, text in parser.links if s == section]


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _listed(client, href: str) -> int:
    """The ticket list's result count for a dashboard link."""
    response = client.get(href)
    assert response.status_code == 200, href
    assert "Hay filtros no válidos" not in response.text, href
    count = re.search(r'data-testid="result-count">\s*([\d,]+) resultado', response.text)
    assert count, href
    return _number(count.group(1))


@pytest.fixture
def secretary_client(login_as):
    return login_as(make_user(role="secretary"))


def _ticket_links(html, section):
    return [(href, text) for href, text in _links(html, section)
            if urlsplit(href).path == "/tickets/"]


# The summary's ticket cards in page order: each figure of this period, then of the previous
# one (received, web, attention, citizens, channeled, concluded, backlog), then «Vencidas».


@pytest.mark.parametrize("unit", [None, "a", "b"])
def test_every_card_links_to_a_list_with_the_same_count(week, secretary_client, unit):
    query = W10_ARGS + (f"&unidad={week[unit].id}" if unit else "")
    html = secretary_client.get(f"/estadisticas/?{query}").text
    links = _ticket_links(html, "headline")
    assert len(links) == 15
    for href, text in links:
        assert _number(text) == _listed(secretary_client, href), href
        if unit:
            assert parse_qs(urlsplit(href).query)["unit_id"] == [str(week[unit].id)]


def test_the_week_cards_show_the_hand_counted_figures(week, secretary_client):
    html = secretary_client.get(f"/estadisticas/?{W10_ARGS}").text
    this_week = [_number(text) for _href, text in _ticket_links(html, "headline")[0:14:2]]
    # Known answers of the hand-built week (tests/stats/test_queries.py).
    assert this_week == [6, 3, 3, 2, 6, 5, 6]


def test_every_unit_cell_links_to_a_list_with_the_same_count(week, secretary_client):
    html = secretary_client.get(f"/estadisticas/?{W10_ARGS}").text
    links = _ticket_links(html, "table-unidades")
    # A, B and «Sin canalizar»: five figures each, but a zero has no list to open
    # (C is active and empty: no link).
    assert len(links) == 5 + 5 + 2
    kinds = set()
    for href, text in links:
        args = parse_qs(urlsplit(href).query)
        assert "unit_id" in args, href
        kinds.add(args.get("date_field", ["backlog" if "backlog_on" in args else
                                          "overdue" if "overdue_on" in args else
                                          "received"])[0])
        assert _listed(secretary_client, href) == _number(text), href
    assert kinds == {"received", "canalizacion", "conclusion", "backlog", "overdue"}
    assert any(parse_qs(urlsplit(h).query)["unit_id"] == ["0"] and t != "0" for h, t in links)


@pytest.mark.parametrize("table", ["table-canales", "table-tipos", "table-categorias",
                                   "table-colonias", "table-mensual"])
def test_breakdowns_link_to_lists_with_the_same_count(week, secretary_client, table):
    html = secretary_client.get(f"/estadisticas/?{W10_ARGS}").text
    links = _ticket_links(html, table)
    assert links
    for href, text in links:
        assert _listed(secretary_client, href) == _number(text), href


def test_overdue_folios_link_to_the_ticket_detail(week, secretary_client):
    html = secretary_client.get(f"/estadisticas/?{W10_ARGS}").text
    folios = _links(html, "table-vencidas")
    assert folios
    for href, folio in folios:
        assert href.startswith("/tickets/")
        response = secretary_client.get(href)
        assert response.status_code == 200 and folio in response.text


def test_compliance_links_to_the_report_grid_of_the_period(week, secretary_client):
    html = secretary_client.get(f"/estadisticas/?{W10_ARGS}").text
    card = [h for h, _ in _links(html, "headline") if h.startswith("/informes/")]
    assert [unescape(h) for h in card] == ["/informes/?desde=2026-03-02&hasta=2026-03-02",
                                           "/informes/?desde=2026-02-23&hasta=2026-02-23"]
    assert "Semana 10" in secretary_client.get(card[0]).text
    rows = _links(html, "table-cumplimiento")
    assert {unescape(h) for h, _ in rows} >= {
        f"/informes/unidades/{week['a'].id}?desde=2026-03-02&hasta=2026-03-02"}
    for href, _ in rows:
        assert secretary_client.get(href).status_code == 200


def test_monthly_visits_link_to_the_visits_page(week, secretary_client):
    html = secretary_client.get(f"/estadisticas/?{W10_ARGS}").text
    visits = [h for h, _ in _links(html, "table-mensual") if h.startswith("/visitas/")]
    assert len(visits) == 12 and unescape(visits[-1]) == "/visitas/?hasta=2026-03"
    assert secretary_client.get(visits[-1]).status_code == 200


def _list_units_reads(statements) -> int:
    return sum(1 for s in statements if s.sql.lstrip().startswith("SELECT units.")
               and "WHERE" not in s.sql)


def test_dashboard_queries_stay_bounded_with_links(week, secretary_client, count_queries):
    url = f"/estadisticas/?{W10_ARGS}&unidad={week['a'].id}"
    secretary_client.get(url)
    with count_queries() as before:
        secretary_client.get(url)
    category = make_category(unit=week["a"], name="Más")
    for day in range(1, 8):
        add_ticket(category, local(2026, 3, day + 1, 9), status="en_proceso",
                   channeled=local(2026, 3, day + 1, 10), due=date(2026, 3, 8))
    db.session.commit()
    secretary_client.get(url)
    with count_queries() as after:
        html = secretary_client.get(url).text
    assert len(after) == len(before)
    assert _list_units_reads(after) == 1  # the unit filter and the select share one read
    overdue_card = _ticket_links(html, "headline")[-1][1]
    # A's overdue at the week's end: tickets 1 and 11, and the seven new ones.
    assert len(_links(html, "table-vencidas")) == _number(overdue_card) == 2 + 7


@pytest.mark.parametrize("query,message", [
    ("date_from=2026-03-08&date_to=2026-03-01", "no puede ser posterior"),
    ("backlog_on=2026-02-30", "No es una fecha válida."),
    ("date_field=ayer", "Opción inválida."),
    ("channel_group=fax", "Opción inválida."),
    ("unit_id=-5", "Opción inválida."),
    ("unit_id=abc", "Elija una opción de la lista."),
    ("colonia=" + "x" * 121, "Máximo 120 caracteres."),
    ("per_citizen=y", "«Una por ciudadano» necesita «Desde» y «Hasta»"),
    ("per_citizen=y&date_from=2025-01-01&date_to=2026-01-02", "de un año como máximo"),
])
def test_bad_figure_filters_get_a_spanish_message(week, secretary_client, query, message):
    response = secretary_client.get(f"/tickets/?{query}")
    assert response.status_code == 200
    assert "Hay filtros no válidos; se ignoraron." in response.text
    assert message in response.text


def test_links_follow_the_viewers_permissions(week):
    """A user without the ticket list or the compliance grid gets no link to them."""
    user = make_user(role="unit", unit=week["a"])
    with current_app.test_request_context():
        links = Links(user, None)
        assert links.figure("received", W10) is None
        assert links.compliance_page(W10) is None


def test_concluded_and_backlog_filters_read_the_status_history(week, secretary_client):
    """A ticket concluded in the week counts there even if reopened (its first conclusion);
    one reopened within the week is also backlog at the week's end, one reopened after it
    is not, and neither list changes after the week."""
    concluded = "/tickets/?date_field=conclusion&date_from=2026-03-02&date_to=2026-03-08"
    backlog = "/tickets/?backlog_on=2026-03-08"
    assert (_listed(secretary_client, concluded), _listed(secretary_client, backlog)) == (5, 6)
    category = make_category(unit=week["a"], name="Reabierta")
    secretary = make_user(role="secretary")
    within, after = (add_ticket(category, local(2026, 3, 2, 9), status=c.RESOLVED,
                                channeled=local(2026, 3, 2, 10), resolved=local(2026, 3, 4, 9))
                     for _ in range(2))
    workflow.transition(within, c.CHANNELED, secretary, note="No quedó.", now=local(2026, 3, 6))
    workflow.transition(after, c.CHANNELED, secretary, note="No quedó.", now=NOW)
    db.session.commit()
    assert (_listed(secretary_client, concluded), _listed(secretary_client, backlog)) == (7, 7)
    stats = q.get_ticket_stats(W10, NOW)
    assert (stats.concluded, stats.backlog) == (7, 7)


def test_the_two_channel_groups_cover_every_channel_once():
    """«Atención ciudadana» is received − web on the dashboard and the desk channels in the list."""
    assert set(c.WEB_CHANNELS) | set(c.DESK_CHANNELS) == set(c.CHANNEL_LABELS)
    assert not set(c.WEB_CHANNELS) & set(c.DESK_CHANNELS)


def test_the_list_says_in_words_which_figure_it_shows(week, secretary_client):
    html = secretary_client.get(f"/estadisticas/?{W10_ARGS}").text
    channeled_b = next(h for h, _ in _ticket_links(html, "table-unidades")
                       if f"unit_id={week['b'].id}" in h and "canalizacion" in h)
    page = secretary_client.get(unescape(channeled_b)).text
    assert ("Unidad: B Servicios · Fecha de canalización: del 02/03/2026 al 08/03/2026 · "
            "Unidad de la primera canalización." in page)
    assert '<details class="col-12" open>' in page  # the figure's filters are in sight


def test_a_bad_figure_filter_keeps_its_message_in_sight(week, secretary_client):
    page = secretary_client.get("/tickets/?backlog_on=ayer").text
    assert '<details class="col-12" open>' in page and "No es una fecha válida." in page
    assert 'data-testid="active-filters"' not in page  # the filters were ignored
