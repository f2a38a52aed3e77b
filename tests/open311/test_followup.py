"""A request filed through the API is followed like a web complaint: the staff triage it and
the citizen looks it up with the folio and the code the API answered."""
import re

from app.tickets import constants as c
from tests.factories import make_user

from .conftest import json_of, post_request

CODE_IN_NOTICE = re.compile(r"Código de consulta: ([A-Z0-9]+)\.")


def test_a_request_filed_through_the_api_waits_on_the_triage_page(client, login_as, category,
                                                                  api_key):
    [answer] = json_of(post_request(client, api_key, description="Poste sin luz en el parque."))
    folio = answer["service_request_id"]
    page = login_as(make_user(role="secretary")).get("/tickets/denuncias-web")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'data-folio="{folio}"' in html
    row = html[html.index(f'data-folio="{folio}"'):]
    row = row[:row.index("</tr>")]
    assert f">{folio}</a>" in row and c.CHANNEL_LABELS["api"] in row
    assert category.name in row and "Poste sin luz en el parque." in row


def test_the_citizen_looks_up_an_api_request_with_the_folio_and_code_it_answered(client,
                                                                                 category,
                                                                                 api_key):
    [answer] = json_of(post_request(client, api_key))
    folio, notice = answer["service_request_id"], answer["service_notice"]
    code = CODE_IN_NOTICE.search(notice).group(1)
    assert folio in notice and "/consulta" in notice
    response = client.post("/consulta", data={"folio": folio, "code": code})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Folio {folio}" in html and c.STATUS_LABELS[c.RECEIVED] in html
    assert category.name in html
    # The token is for the program that filed it, not the citizen's lookup code.
    wrong = client.post("/consulta", data={"folio": folio, "code": answer["token"][:16]})
    assert f"Folio {folio}" not in wrong.get_data(as_text=True)
