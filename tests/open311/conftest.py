"""Fixtures of the Open311 tests: a public category, an API key, XML/JSON readers."""
from xml.etree import ElementTree as ET

import pytest

from app.extensions import db
from app.open311.services import issue_api_key
from app.timeutil import utcnow
from tests.factories import make_category, make_unit

V2 = "/open311/v2"


@pytest.fixture
def category(app):
    return make_category(unit=make_unit(name="Alumbrado Público", code="ALUM"), code="alumbrado",
                         name="Luminaria apagada", description="Lámparas que no encienden.")


@pytest.fixture
def api_key(app):
    """The raw key of an active API key."""
    _key, raw_key = issue_api_key("Sitio municipal", None, now=utcnow())
    db.session.commit()
    return raw_key


def xml_of(response):
    assert response.content_type == "text/xml; charset=utf-8"
    assert response.data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.data)


def json_of(response):
    assert response.content_type == "application/json; charset=utf-8"
    return response.get_json()


def post_request(client, raw_key, fmt="json", **fields):
    data = {"api_key": raw_key, "service_code": "alumbrado",
            "description": "Luminaria apagada frente a la escuela.",
            "lat": "23.1745", "long": "-102.8697"}
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{V2}/requests.{fmt}", data=data)
