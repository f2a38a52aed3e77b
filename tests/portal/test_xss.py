"""A script payload typed by a citizen is shown as text in every page and PDF."""
from io import BytesIO

from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.tickets import constants as c
from app.tickets import workflow
from app.tickets.models import Ticket
from app.timeutil import utcnow
from tests.factories import make_category, make_unit, make_user
from tests.portal.helpers import complaint_data

PAYLOAD = '<script>alert("xss")</script><b onmouseover=alert(1)>negrita</b> <para> & <img src=x'


def _pdf_text(data: bytes) -> str:
    return " ".join("".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages).split())


def test_a_script_payload_is_escaped_in_every_page_and_pdf(client, login_as):
    unit = make_unit()
    category = make_category(unit=unit)
    response = client.post("/denuncia", data=complaint_data(
        category, description=PAYLOAD, colonia="<script>colonia()</script>",
        citizen_name='<script>nombre()</script>', citizen_phone="4931234567"))
    receipt_url = response.headers["Location"]
    ticket = db.session.scalar(select(Ticket))
    assert ticket.description == PAYLOAD  # stored as typed, escaped on output

    pages = {"acuse": client.get(receipt_url)}
    staff = make_user(role="secretary")
    login_as(staff)
    pages["bandeja"] = client.get("/tickets/denuncias-web")
    pages["detalle"] = client.get(f"/tickets/{ticket.id}")
    pages["lista"] = client.get("/tickets/?q=negrita")
    workflow.transition(ticket, c.CHANNELED, staff, now=utcnow(), unit=unit, note=PAYLOAD)
    db.session.commit()
    client.post("/cuenta/salir")
    pages["consulta"] = client.post("/consulta", data={"folio": ticket.folio,
                                                       "code": ticket.lookup_code})
    for name, page in pages.items():
        html = page.get_data(as_text=True)
        assert page.status_code == 200, name
        assert "<script>alert" not in html and "<script>colonia" not in html, name
        assert "<b onmouseover" not in html, name
        assert "&lt;script&gt;" in html, name

    for url in (receipt_url + "/pdf",):
        text = _pdf_text(client.get(url).data)
        assert '<script>alert("xss")</script>' in text and "<para> &" in text
    login_as(staff)
    text = _pdf_text(client.get(f"/tickets/{ticket.id}/acuse.pdf").data)
    assert '<script>alert("xss")</script>' in text and "<script>nombre()</script>" in text
