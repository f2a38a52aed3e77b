"""POST requests: the same create_ticket as the web form, api_key checks, errors, rate limit."""
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.open311.models import ApiKey
from app.open311.services import hash_key, revoke_api_key
from app.tickets import constants as c
from app.tickets.models import Ticket, TicketEvent
from app.tickets.queries import get_ticket_by_folio
from app.timeutil import utcnow
from tests.factories import make_category

from .conftest import V2, json_of, post_request, xml_of

CREATED_FIELDS = ["service_request_id", "token", "service_notice", "account_id"]


def _tickets():
    return db.session.scalar(select(func.count(Ticket.id)))


def test_post_creates_a_web_complaint_of_channel_api_waiting_for_triage(client, category, api_key):
    response = post_request(client, api_key, first_name="Ana", last_name="López",
                            phone="493 123 4567", email="ana@example.com",
                            address_string="Av. Juárez 10, Centro")
    assert response.status_code == 200
    [answer] = json_of(response)
    assert list(answer) == CREATED_FIELDS
    ticket = db.session.scalar(select(Ticket))
    assert answer["service_request_id"] == ticket.folio
    assert re.fullmatch(r"DW-\d{4}-\d+", ticket.folio)
    assert (ticket.channel, ticket.kind, ticket.status) == ("api", "denuncia", c.RECEIVED)
    assert ticket.unit_id is None and ticket.category_id == category.id
    # The triage queue selects tickets in a triage status from the web channels.
    assert ticket.status in c.TRIAGE_STATUSES and ticket.channel in c.WEB_CHANNELS
    assert answer["token"] == ticket.api_token and len(ticket.api_token) >= 24
    assert ticket.citizen.name == "Ana López" and ticket.citizen.phone == "4931234567"
    assert str(ticket.latitude) == "23.174500" and ticket.address == "Av. Juárez 10, Centro"
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id))
    assert event.actor_label == c.ACTOR_API and event.actor_id is None
    # The citizen follows it with the folio and the lookup code given in service_notice.
    assert f"Código de consulta: {ticket.lookup_code}" in answer["service_notice"]
    assert get_ticket_by_folio(ticket.folio, ticket.lookup_code).id == ticket.id
    key = db.session.scalar(select(ApiKey))
    assert ticket.api_key_id == key.id and key.use_count == 1 and key.last_used_at is not None


def test_post_answers_in_xml_with_the_specification_elements(client, category, api_key):
    root = xml_of(post_request(client, api_key, "xml"))
    assert root.tag == "service_requests"
    [request] = list(root)
    assert request.tag == "request"
    assert [child.tag for child in request] == CREATED_FIELDS
    assert request.findtext("service_request_id").startswith("DW-")
    assert request.findtext("account_id") is None or request.findtext("account_id") == ""


def test_post_without_contact_data_is_anonymous(client, category, api_key):
    assert post_request(client, api_key, lat=None, long=None,
                        address_string="Calle Hidalgo y Morelos").status_code == 200
    ticket = db.session.scalar(select(Ticket))
    assert ticket.citizen_id is None and ticket.latitude is None


def test_contact_data_never_updates_a_citizen_on_file(client, category, api_key):
    from app.citizens.models import Citizen
    from app.citizens.services import find_or_create_citizen

    on_file = find_or_create_citizen({"name": "Ana López", "phone": "4931234567",
                                      "email": "ana@example.com"}, now=utcnow())
    db.session.commit()
    assert post_request(client, api_key, first_name="Ana", last_name="López",
                        phone="4931234567", email="intruso@example.com").status_code == 200
    db.session.refresh(on_file)
    assert on_file.email == "ana@example.com"
    ticket = db.session.scalar(select(Ticket))
    assert ticket.citizen_id != on_file.id
    assert db.session.scalar(select(func.count(Citizen.id))) == 2


def test_key_use_is_counted_per_accepted_request(client, category, api_key):
    for _ in range(3):
        assert post_request(client, api_key).status_code == 200
    assert db.session.scalar(select(ApiKey.use_count)) == 3
    folios = db.session.scalars(select(Ticket.folio).order_by(Ticket.id)).all()
    assert len(set(folios)) == 3


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("key_value, message", [
    (None, "Falta el parámetro api_key"),
    ("", "Falta el parámetro api_key"),
    ("0123456789abcdef", "no es válida"),
])
def test_missing_or_bad_key_is_refused_with_403(client, category, api_key, fmt, key_value, message):
    response = post_request(client, key_value, fmt)
    assert response.status_code == 403
    if fmt == "json":
        assert json_of(response) == [{"code": 403, "description": json_of(response)[0]["description"]}]
        assert message in json_of(response)[0]["description"]
    else:
        root = xml_of(response)
        assert root.tag == "errors" and root.find("error/code").text == "403"
        assert message in root.find("error/description").text
    assert _tickets() == 0


def test_revoked_key_is_refused(client, category, api_key):
    key = db.session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(api_key)))
    revoke_api_key(key, now=utcnow())
    db.session.commit()
    response = post_request(client, api_key)
    assert response.status_code == 403
    assert "revocada" in json_of(response)[0]["description"]
    assert _tickets() == 0 and key.use_count == 0


def test_unknown_private_or_inactive_service_is_404(client, category, api_key):
    make_category(code="interno", public=False)
    make_category(code="viejo", active=False)
    for code in ("no-existe", "interno", "viejo"):
        response = post_request(client, api_key, service_code=code)
        assert response.status_code == 404, code
        assert code in json_of(response)[0]["description"]
    assert post_request(client, api_key, service_code=None).status_code == 400
    assert _tickets() == 0


@pytest.mark.parametrize("fields, fragment", [
    ({"description": None}, "descripción es obligatoria"),
    ({"description": "x" * 4001}, "como máximo 4000 caracteres (parámetro description)"),
    ({"lat": "95", "long": "-102.8"}, "Coordenada no válida. (parámetro lat)"),
    ({"lat": "23.1", "long": "abc"}, "Coordenada no válida. (parámetro long)"),
    ({"lat": "NaN", "long": "-102.8"}, "Coordenada no válida"),
    ({"long": None}, "lat y long juntos"),
    ({"lat": None, "long": None}, "Indique la ubicación"),
    ({"lat": None, "long": None, "address_id": "123"}, "address_id no se admite"),
    ({"first_name": "Ana", "phone": "123"}, "10 dígitos. (parámetro phone)"),
    ({"first_name": "Ana", "email": "no-es-correo"}, "Correo electrónico no válido"),
    ({"email": "ana@example.com"}, "indique también el nombre"),
])
def test_bad_arguments_are_400_in_spanish_and_store_nothing(client, category, api_key, fields,
                                                            fragment):
    response = post_request(client, api_key, **fields)
    assert response.status_code == 400
    assert fragment in json_of(response)[0]["description"]
    assert _tickets() == 0
    assert db.session.scalar(select(ApiKey.use_count)) == 0


@pytest.mark.config(OPEN311_POST_LIMIT="2/minute")
def test_posts_are_rate_limited_per_key(client, category, api_key):
    from app.open311.services import issue_api_key

    _other, other_key = issue_api_key("App ciudadana", None, now=utcnow())
    db.session.commit()
    assert post_request(client, api_key).status_code == 200
    assert post_request(client, api_key).status_code == 200
    limited = post_request(client, api_key)
    assert limited.status_code == 429
    assert json_of(limited)[0]["code"] == 429
    assert "Demasiadas solicitudes" in json_of(limited)[0]["description"]
    assert post_request(client, other_key).status_code == 200
    assert _tickets() == 3


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_api_post_needs_no_csrf_token(client, category, api_key):
    assert post_request(client, api_key).status_code == 200


def test_unknown_resources_and_methods_answer_in_the_error_format(client, category, api_key):
    response = client.post(f"{V2}/requests.html", data={"api_key": api_key})
    assert response.status_code == 404
    assert "Recurso no encontrado" in xml_of(response).findtext("error/description")
    response = client.get(f"{V2}/nada.json")
    assert response.status_code == 404 and json_of(response)[0]["code"] == 404
    response = client.post(f"{V2}/services.json", data={"api_key": api_key})
    assert response.status_code == 405
    assert "no permitido" in json_of(response)[0]["description"]
    assert _tickets() == 0
    assert client.get("/no-existe").content_type.startswith("text/html")
