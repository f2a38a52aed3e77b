"""Service attributes: metadata, definitions in both formats, answers checked and stored."""
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from app.citizens.models import Citizen
from app.extensions import db
from app.open311.documents import ATTRIBUTE_FIELDS
from app.open311.models import ApiKey
from app.tickets.models import Ticket, TicketAttributeValue
from app.tickets.services import TicketInput, create_ticket
from app.timeutil import utcnow
from app.units.models import CategoryAttribute
from app.validators import ValidationError
from tests.factories import make_category, make_user

from .conftest import V2, json_of, post_request, xml_of

SIZES = [{"key": "chico", "name": "Chico (menos de 30 cm)"},
         {"key": "grande", "name": "Grande (más de 60 cm)"}]
RISKS = [{"key": "vehiculos", "name": "Daña vehículos"}, {"key": "peatones", "name": "Peatones"},
         {"key": "agua", "name": "Acumula agua"}]


def _attribute(category, code, datatype, position, *, required=False, choices=(), active=True,
               description=None):
    attribute = CategoryAttribute(category_id=category.id, code=code, datatype=datatype,
                                  description=description or f"Pregunta {code}",
                                  required=required, position=position, choices=list(choices),
                                  active=active)
    db.session.add(attribute)
    db.session.commit()
    return attribute


@pytest.fixture
def bacheo(app):
    category = make_category(code="bacheo", name="Bache", description="Baches en calles.")
    # Created out of order: the definition lists them by their order.
    _attribute(category, "riesgos", "multivaluelist", 2, choices=RISKS,
               description="¿Qué riesgos causa?")
    _attribute(category, "tamano", "singlevaluelist", 1, required=True, choices=SIZES,
               description="¿De qué tamaño es el bache?")
    _attribute(category, "profundidad", "number", 3)
    _attribute(category, "visto", "datetime", 4)
    _attribute(category, "poste", "string", 5)
    _attribute(category, "detalle", "text", 6)
    _attribute(category, "viejo", "string", 7, required=True, active=False)
    return category


def post_bache(client, raw_key, fmt="json", **attributes):
    data = {"attribute[tamano]": "grande"}
    data.update(attributes)
    return post_request(client, raw_key, fmt, service_code="bacheo", **data)


def _stored():
    return db.session.scalar(select(func.count(Ticket.id))), db.session.scalar(
        select(func.count(TicketAttributeValue.id)))


def test_services_say_metadata_true_only_with_active_attributes(client, category, bacheo):
    retired = make_category(code="retirado", name="Zanja")
    _attribute(retired, "ancho", "number", 1, active=False)
    services = {s["service_code"]: s["metadata"] for s in json_of(client.get(f"{V2}/services.json"))}
    assert services == {"alumbrado": False, "bacheo": True, "retirado": False}
    root = xml_of(client.get(f"{V2}/services.xml"))
    metadata = {s.findtext("service_code"): s.findtext("metadata") for s in root.findall("service")}
    assert metadata == {"alumbrado": "false", "bacheo": "true", "retirado": "false"}


def test_service_definition_lists_active_attributes_as_the_specification_writes(client, bacheo):
    document = json_of(client.get(f"{V2}/services/bacheo.json"))
    assert list(document) == ["service_code", "attributes"]
    assert document["service_code"] == "bacheo"
    attributes = document["attributes"]
    assert [a["code"] for a in attributes] == ["tamano", "riesgos", "profundidad", "visto",
                                               "poste", "detalle"]
    assert all(list(a) == list(ATTRIBUTE_FIELDS) for a in attributes)
    tamano = attributes[0]
    assert tamano == {"variable": True, "code": "tamano", "datatype": "singlevaluelist",
                      "required": True,
                      "datatype_description": "Una de las claves (key) de values.",
                      "order": 1, "description": "¿De qué tamaño es el bache?",
                      "values": SIZES}
    assert attributes[1]["required"] is False and attributes[1]["values"] == RISKS
    assert attributes[2]["datatype"] == "number" and attributes[2]["values"] == []
    assert "2026-11-28T10:15:00-06:00" in attributes[3]["datatype_description"]


def test_service_definition_in_xml_has_attribute_and_value_elements(client, bacheo):
    root = xml_of(client.get(f"{V2}/services/bacheo.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == "bacheo"
    elements = root.findall("attributes/attribute")
    assert len(elements) == 6
    tamano = elements[0]
    assert [child.tag for child in tamano] == list(ATTRIBUTE_FIELDS)
    assert (tamano.findtext("variable"), tamano.findtext("code"), tamano.findtext("datatype"),
            tamano.findtext("required"), tamano.findtext("order")) == (
        "true", "tamano", "singlevaluelist", "true", "1")
    assert tamano.findtext("description") == "¿De qué tamaño es el bache?"
    assert [(v.findtext("key"), v.findtext("name")) for v in tamano.findall("values/value")] == [
        ("chico", "Chico (menos de 30 cm)"), ("grande", "Grande (más de 60 cm)")]
    assert elements[1].findtext("required") == "false"
    assert list(elements[2].find("values")) == []


def test_a_service_without_attributes_still_has_an_empty_definition(client, category):
    assert json_of(client.get(f"{V2}/services/alumbrado.json")) == {
        "service_code": "alumbrado", "attributes": []}


def test_post_stores_the_answers_with_the_ticket(client, bacheo, api_key):
    response = client.post(f"{V2}/requests.json", data=MultiDict([
        ("api_key", api_key), ("service_code", "bacheo"), ("description", "Bache profundo."),
        ("lat", "23.17"), ("long", "-102.87"), ("attribute[tamano]", " grande "),
        ("attribute[riesgos][]", "vehiculos"), ("attribute[riesgos][]", "agua"),
        ("attribute[riesgos][]", "vehiculos"), ("attribute[profundidad]", "12.5"),
        ("attribute[visto]", "2026-11-28T16:15:00Z"), ("attribute[poste]", ""),
        ("attribute[detalle]", "Está junto a la escuela.")]))
    assert response.status_code == 200
    ticket = db.session.scalar(select(Ticket))
    assert json_of(response)[0]["service_request_id"] == ticket.folio
    answers = db.session.execute(
        select(CategoryAttribute.code, TicketAttributeValue.value)
        .join(TicketAttributeValue.attribute).where(TicketAttributeValue.ticket_id == ticket.id)
        .order_by(TicketAttributeValue.id)).all()
    assert answers == [("tamano", "grande"), ("riesgos", "vehiculos"), ("riesgos", "agua"),
                       ("profundidad", "12.5"), ("visto", "2026-11-28T10:15:00-06:00"),
                       ("detalle", "Está junto a la escuela.")]


def test_answers_may_come_in_the_query_string_and_in_xml(client, bacheo, api_key):
    response = client.post(f"{V2}/requests.xml?attribute[tamano]=chico", data={
        "api_key": api_key, "service_code": "bacheo", "description": "Bache.",
        "address_string": "Calle Hidalgo 3"})
    assert response.status_code == 200
    assert xml_of(response).findtext("request/service_request_id").startswith("DW-")
    assert db.session.scalar(select(TicketAttributeValue.value)) == "chico"


@pytest.mark.parametrize("fields, fragment", [
    ({"attribute[tamano]": None}, "Falta el atributo obligatorio attribute[tamano] "
                                  "(¿De qué tamaño es el bache?)."),
    ({"attribute[tamano]": "  "}, "Falta el atributo obligatorio attribute[tamano]"),
    ({"attribute[tamano]": "enorme"}, "El atributo attribute[tamano] no admite la clave «enorme»; "
                                      "claves válidas: chico, grande."),
    ({"attribute[tamano]": "Grande"}, "no admite la clave «Grande»"),
    ({"attribute[tamano][]": ["chico", "grande"]}, "El atributo attribute[tamano] admite un solo valor."),
    ({"attribute[riesgos][]": ["agua", "fuego"]}, "attribute[riesgos] no admite la clave «fuego»"),
    ({"attribute[profundidad]": "doce"}, "El atributo attribute[profundidad] debe ser un número"),
    ({"attribute[profundidad]": "NaN"}, "debe ser un número"),
    ({"attribute[profundidad]": "12,5"}, "debe ser un número"),
    ({"attribute[visto]": "2026-11-28T10:15:00"}, "attribute[visto] debe ser una fecha y hora W3C "
                                                  "con zona horaria"),
    ({"attribute[visto]": "ayer"}, "debe ser una fecha y hora W3C"),
    ({"attribute[visto]": "2026-11-28"}, "debe ser una fecha y hora W3C"),
    ({"attribute[poste]": "x" * 256}, "El atributo attribute[poste] admite como máximo 255 caracteres."),
    ({"attribute[detalle]": "x" * 4001}, "admite como máximo 4000 caracteres"),
    ({"attribute[color]": "rojo"}, "Este servicio no tiene el atributo attribute[color]"),
    ({"attribute[viejo]": "algo"}, "Este servicio no tiene el atributo attribute[viejo]"),
])
def test_bad_answers_are_400_in_spanish_and_store_nothing(client, bacheo, api_key, fields,
                                                          fragment):
    response = post_bache(client, api_key, first_name="Ana", phone="4931234567", **fields)
    assert response.status_code == 400
    [error] = json_of(response)
    assert error["code"] == 400 and fragment in error["description"]
    assert _stored() == (0, 0)
    assert db.session.scalar(select(func.count(Citizen.id))) == 0
    assert db.session.scalar(select(ApiKey.use_count)) == 0


def test_a_bad_answer_is_reported_in_the_xml_error_format(client, bacheo, api_key):
    response = post_bache(client, api_key, "xml", **{"attribute[tamano]": None})
    assert response.status_code == 400
    root = xml_of(response)
    assert root.tag == "errors" and root.findtext("error/code") == "400"
    assert "attribute[tamano]" in root.findtext("error/description")
    assert _stored() == (0, 0)


def test_an_inactive_required_attribute_is_not_asked(client, bacheo, api_key):
    assert post_bache(client, api_key).status_code == 200
    assert _stored() == (1, 1)


def test_reads_do_not_publish_the_answers(client, bacheo, api_key):
    folio = json_of(post_bache(client, api_key))[0]["service_request_id"]
    body = client.get(f"{V2}/requests/{folio}.json").get_data(as_text=True)
    assert "grande" not in body and "attribute" not in body


def test_staff_see_the_answers_on_the_ticket_page(client, login_as, bacheo, api_key):
    response = post_bache(client, api_key, **{"attribute[riesgos][]": ["agua", "vehiculos"],
                                              "attribute[visto]": "2026-11-28T10:15:00-06:00"})
    assert response.status_code == 200
    ticket = db.session.scalar(select(Ticket))
    page = login_as(make_user(role="secretary")).get(f"/tickets/{ticket.id}").get_data(as_text=True)
    section = page[page.index('data-testid="attribute-answers"'):]
    assert section.index("¿De qué tamaño es el bache?") < section.index("¿Qué riesgos causa?")
    assert "Grande (más de 60 cm)" in section
    assert "Acumula agua, Daña vehículos" in section and "28/11/2026 10:15" in section


def test_a_ticket_without_answers_has_no_extra_data_section(client, login_as, category, api_key):
    post_request(client, api_key)
    ticket = db.session.scalar(select(Ticket))
    page = login_as(make_user(role="secretary")).get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert "Datos adicionales" not in page


def test_create_ticket_refuses_answers_of_another_category(app, bacheo, category):
    tamano = db.session.scalar(select(CategoryAttribute).where(CategoryAttribute.code == "tamano"))
    with pytest.raises(ValidationError, match="no corresponden a la categoría"):
        create_ticket(TicketInput(channel="api", kind="denuncia", category=category,
                                  description="Luminaria.", address="Centro",
                                  attribute_values=[(tamano, "grande")]),
                      now=utcnow(), actor_label="API")


def test_developer_page_explains_attributes(client):
    page = client.get("/open311/").get_data(as_text=True)
    assert "Atributos (preguntas adicionales)" in page
    assert "attribute[tamano]=grande" in page and "attribute[riesgos][]=vehiculos" in page
    assert "hoy ninguno" not in page
