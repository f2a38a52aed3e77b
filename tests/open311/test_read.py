"""Public reads: discovery, services, definitions, requests, one request, tokens; privacy; bounds."""
import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.open311.documents import REQUEST_FIELDS, SERVICE_FIELDS
from app.tickets import constants as c
from app.tickets.services import add_note
from app.tickets.workflow import transition
from app.timeutil import utcnow
from tests.factories import make_category, make_ticket, make_unit, make_user

from .conftest import V2, json_of, xml_of

W3C_LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-06:00$")
CITIZEN = {"name": "Rosa Martínez Ibarra", "phone": "4939876543", "email": "rosa@example.com"}


def web_ticket(category, *, days_ago=0, channel="web", **overrides):
    fields = dict(channel=channel, kind="denuncia", auto_channel=False,
                  now=utcnow() - timedelta(days=days_ago), citizen_data=CITIZEN,
                  description="Bache en la calle.", latitude="23.1745", longitude="-102.8697",
                  address="Calle Rayón 5")
    fields.update(overrides)
    return make_ticket(category, **fields)


def test_discovery_lists_the_endpoint_in_both_formats(client):
    document = json_of(client.get(f"{V2}/discovery.json"))
    assert set(document) == {"changeset", "contact", "key_service", "endpoints"}
    [endpoint] = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert W3C_LOCAL.match(document["changeset"])
    root = xml_of(client.get(f"{V2}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml", "application/json"]
    assert root.findtext("endpoints/endpoint/type") == "production"


def test_service_list_is_the_public_active_catalog(client, category):
    make_category(code="interno", public=False)
    make_category(code="viejo", active=False)
    services = json_of(client.get(f"{V2}/services.json"))
    assert [s["service_code"] for s in services] == ["alumbrado"]
    [service] = services
    assert list(service) == list(SERVICE_FIELDS)
    assert service["metadata"] is False and service["type"] == "realtime"
    assert service["service_name"] == "Luminaria apagada"
    assert service["group"] == "Alumbrado Público"
    root = xml_of(client.get(f"{V2}/services.xml"))
    assert root.tag == "services"
    [element] = root.findall("service")
    assert [child.tag for child in element] == list(SERVICE_FIELDS)
    assert element.findtext("metadata") == "false"
    assert element.findtext("description") == "Lámparas que no encienden."


def test_service_definition_in_both_formats_and_unknown_code(client, category):
    assert json_of(client.get(f"{V2}/services/alumbrado.json")) == {
        "service_code": "alumbrado", "attributes": []}
    root = xml_of(client.get(f"{V2}/services/alumbrado.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "alumbrado" and root.find("attributes") is not None
    missing = client.get(f"{V2}/services/nada.xml")
    assert missing.status_code == 404
    assert xml_of(missing).findtext("error/code") == "404"
    make_category(code="interno", public=False)
    assert client.get(f"{V2}/services/interno.json").status_code == 404


def test_request_fields_follow_the_specification_in_both_formats(client, category):
    ticket = web_ticket(category)
    [item] = json_of(client.get(f"{V2}/requests.json"))
    assert list(item) == list(REQUEST_FIELDS)
    assert item["service_request_id"] == ticket.folio
    assert item["status"] == "open" and item["status_notes"] == "Solicitud recibida."
    assert item["service_code"] == "alumbrado" and item["service_name"] == "Luminaria apagada"
    assert item["agency_responsible"] is None
    assert W3C_LOCAL.match(item["requested_datetime"]) and W3C_LOCAL.match(item["updated_datetime"])
    assert item["lat"] == pytest.approx(23.1745) and item["long"] == pytest.approx(-102.8697)
    assert item["address"] == "Calle Rayón 5, Centro, Fresnillo"
    root = xml_of(client.get(f"{V2}/requests.xml"))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert [child.tag for child in request] == list(REQUEST_FIELDS)
    assert request.findtext("lat") == "23.1745" and request.findtext("status") == "open"
    one = json_of(client.get(f"{V2}/requests/{ticket.folio}.json"))
    assert one == [item]
    [single] = xml_of(client.get(f"{V2}/requests/{ticket.folio.lower()}.xml")).findall("request")
    assert single.findtext("service_request_id") == ticket.folio


def test_channeled_and_finished_requests_show_unit_status_and_public_notes(client, category):
    ticket = web_ticket(category)
    secretary = make_user(role="secretary", name="Licenciada Perla Secreta")
    now = utcnow()
    transition(ticket, c.CHANNELED, secretary, now=now, unit=category.default_unit,
               note="Se envió a la unidad.")
    add_note(ticket, secretary, "Nota interna: vecino conflictivo.", public=False, now=now)
    db.session.commit()
    [item] = json_of(client.get(f"{V2}/requests.json"))
    assert item["agency_responsible"] == "Alumbrado Público"
    assert item["status"] == "open" and item["status_notes"] == "Se envió a la unidad."
    assert item["expected_datetime"].endswith("T23:59:59-06:00")
    transition(ticket, c.REJECTED, secretary, now=now, note="Corresponde a otra dependencia.")
    db.session.commit()
    [item] = json_of(client.get(f"{V2}/requests.json"))
    assert item["status"] == "closed" and item["status_notes"] == "Corresponde a otra dependencia."
    assert item["expected_datetime"] is None


@pytest.mark.parametrize("path", ["requests.json", "requests.xml", "requests/{folio}.json",
                                  "requests/{folio}.xml", "tokens/{token}.json",
                                  "tokens/{token}.xml"])
def test_no_read_shows_personal_data_internal_notes_or_staff(client, category, path):
    ticket = web_ticket(category, channel="api", api_token="tok-privado")
    staff = make_user(role="frontdesk", name="Gerardo Recepcionista")
    add_note(ticket, staff, "Nota interna con el domicilio del quejoso.", public=False,
             now=utcnow())
    db.session.commit()
    body = client.get(f"{V2}/" + path.format(folio=ticket.folio, token="tok-privado")).get_data(
        as_text=True)
    assert ticket.folio in body
    for secret in ("Rosa", "Martínez", "4939876543", "rosa@example.com", "Nota interna",
                   "Gerardo", "Recepcionista", ticket.lookup_code, "usuario"):
        assert secret not in body


def test_desk_tickets_and_private_categories_are_not_published(client, category):
    desk = make_ticket(category, channel="presencial")
    hidden = web_ticket(make_category(code="interno", public=False))
    assert json_of(client.get(f"{V2}/requests.json")) == []
    for ticket in (desk, hidden):
        response = client.get(f"{V2}/requests/{ticket.folio}.json")
        assert response.status_code == 404
        assert "No existe la solicitud" in json_of(response)[0]["description"]


def test_default_range_is_the_last_90_days_newest_first(client, category):
    old = web_ticket(category, days_ago=91)
    older = web_ticket(category, days_ago=80)
    newer = web_ticket(category, days_ago=1)
    ids = [r["service_request_id"] for r in json_of(client.get(f"{V2}/requests.json"))]
    assert ids == [newer.folio, older.folio]
    # service_request_id overrides the other arguments (the old one is found).
    listed = json_of(client.get(f"{V2}/requests.json?service_request_id={old.folio},{newer.folio}"
                                "&start_date=2001-01-01T00:00:00Z"))
    assert [r["service_request_id"] for r in listed] == [newer.folio, old.folio]


def test_at_most_max_rows_are_returned(client, category, monkeypatch):
    monkeypatch.setattr("app.open311.queries.MAX_ROWS", 2)
    tickets = [web_ticket(category, days_ago=d) for d in (3, 2, 1)]
    listed = json_of(client.get(f"{V2}/requests.json"))
    assert [r["service_request_id"] for r in listed] == [tickets[2].folio, tickets[1].folio]


def test_filters_by_dates_service_code_and_status(client, category):
    other = make_category(code="baches", name="Bache")
    in_range = web_ticket(category, days_ago=10)
    month_ago = web_ticket(category, days_ago=40)
    pothole = web_ticket(other, days_ago=10)
    closed = web_ticket(category, days_ago=11)
    transition(closed, c.DUPLICATE, make_user(role="frontdesk"), now=utcnow(),
               duplicate_of=in_range, note="Mismo reporte que el folio anterior.")
    db.session.commit()
    start = (utcnow() - timedelta(days=20)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = utcnow().strftime("%Y-%m-%dT%H:%M:%S%%2B00:00")

    def folios(query):
        return {r["service_request_id"] for r in json_of(client.get(f"{V2}/requests.json?{query}"))}

    assert folios(f"start_date={start}&end_date={end}") == {in_range.folio, pothole.folio,
                                                            closed.folio}
    assert folios(f"start_date={start}&service_code=alumbrado") == {in_range.folio, closed.folio}
    assert folios("service_code=baches,alumbrado&status=open") == {in_range.folio, month_ago.folio,
                                                                  pothole.folio}
    assert folios("status=closed") == {closed.folio}
    # Empty optional arguments count as absent: the last 90 days, every status.
    assert folios("status=open,closed&service_code=&end_date=") == {
        in_range.folio, month_ago.folio, pothole.folio, closed.folio}


@pytest.mark.parametrize("query, status, fragment", [
    ("start_date=28/11/2026", 400, "formato W3C"),
    ("start_date=2026-11-28T10:15:00", 400, "zona horaria"),
    ("end_date=2026-13-01T00:00:00Z", 400, "no es una fecha válida"),
    ("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", 400, "90 días"),
    ("start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", 400, "anterior"),
    ("status=pendiente", 400, "open o closed"),
    ("service_code=nada", 404, "No existe el service_code «nada»"),
])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_list_arguments_answer_spanish_errors(client, category, query, status, fragment, fmt):
    response = client.get(f"{V2}/requests.{fmt}?{query}")
    assert response.status_code == status
    if fmt == "json":
        [error] = json_of(response)
        assert error["code"] == status and fragment in error["description"]
    else:
        root = xml_of(response)
        assert root.findtext("error/code") == str(status)
        assert fragment in root.findtext("error/description")


def test_a_bare_date_is_a_local_day_and_90_days_is_allowed(client, category):
    ticket = web_ticket(category, days_ago=5)
    day = (utcnow() - timedelta(days=89)).date()
    listed = json_of(client.get(f"{V2}/requests.json?start_date={day.isoformat()}"))
    assert [r["service_request_id"] for r in listed] == [ticket.folio]
    # An unencoded "+" of the offset arrives as a space and is still understood.
    start = (utcnow() - timedelta(days=6)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    listed = json_of(client.get(f"{V2}/requests.json?start_date={start}"))
    assert [r["service_request_id"] for r in listed] == [ticket.folio]


def test_token_gives_the_request_id(client, category):
    ticket = web_ticket(category, channel="api", api_token="tok-123")
    assert json_of(client.get(f"{V2}/tokens/tok-123.json")) == [
        {"service_request_id": ticket.folio, "token": "tok-123"}]
    root = xml_of(client.get(f"{V2}/tokens/tok-123.xml"))
    assert [child.tag for child in root.find("request")] == ["service_request_id", "token"]
    assert client.get(f"{V2}/tokens/otro.json").status_code == 404


def test_list_runs_a_bounded_number_of_queries(client, category, count_queries):
    for days in range(3):
        web_ticket(category, days_ago=days)
    with count_queries() as few:
        client.get(f"{V2}/requests.json?service_code=alumbrado")
    for days in range(12):
        web_ticket(make_category(), days_ago=days)
    with count_queries() as many:
        listed = json_of(client.get(f"{V2}/requests.json"))
    assert len(listed) == 15
    # One query for the page, one more to resolve service codes; never one per row.
    assert len(many) == 1 and len(few) == 2


@pytest.mark.config(OPEN311_READ_LIMIT="2/minute")
def test_reads_are_rate_limited_per_ip(client, category):
    assert client.get(f"{V2}/services.json").status_code == 200
    assert client.get(f"{V2}/services.json").status_code == 200
    limited = client.get(f"{V2}/services.xml")
    assert limited.status_code == 429
    assert xml_of(limited).findtext("error/code") == "429"


def test_developer_page_explains_keys_and_curl(client):
    page = client.get("/open311/").get_data(as_text=True)
    assert "curl -X POST" in page and "/open311/v2/requests.json" in page
    assert "Secretaría Técnica" in page and "api_key" in page
