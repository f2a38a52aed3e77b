"""The bookmarkable status page (signed link, QR code on the acuses) and the municipal contact."""
import io

from flask import current_app
from pypdf import PdfReader
from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.tickets.public_links import status_token
from app.settings import Contact, set_contact
from app.tickets.services import add_attachment
from app.timeutil import utcnow
from tests.factories import PNG_BYTES, make_category, make_ticket, make_user

CONTACT = Contact(phone="493 111 2222", email="atencion@fresnillo.gob.mx",
                  address="Av. Juárez 10, Centro", hours="Lunes a viernes de 8:00 a 15:00")


def _ticket_with_photos():
    ticket = make_ticket(make_category(), channel="web", kind="denuncia", auto_channel=False,
                         description="La lámpara <de la esquina> no enciende.")
    public = add_attachment(ticket, FileStorage(io.BytesIO(PNG_BYTES), filename="a.png"), None,
                            now=utcnow(), public=True, actor_label="Ciudadano")
    private = add_attachment(ticket, FileStorage(io.BytesIO(PNG_BYTES), filename="b.png"), None,
                             now=utcnow(), public=False, actor_label="Ciudadano")
    db.session.commit()
    return ticket, public, private


def test_the_signed_link_shows_description_public_photos_and_next_step(client):
    ticket, public, private = _ticket_with_photos()
    token = status_token(current_app.secret_key, ticket.id)
    page = client.get(f"/consulta/s/{token}").get_data(as_text=True)
    assert ticket.folio in page and "La lámpara &lt;de la esquina&gt; no enciende." in page
    assert 'data-testid="next-step"' in page and "Secretaría Técnica la revisa" in page
    assert f"/fotos/{public.id}" in page and f"/fotos/{private.id}" not in page
    assert client.get(f"/consulta/s/{token}/fotos/{public.id}").status_code == 200
    assert client.get(f"/consulta/s/{token}/fotos/{private.id}").status_code == 404


def test_a_forged_status_link_is_a_portal_404(client):
    ticket, public, _private = _ticket_with_photos()
    forged = status_token("otra-clave", ticket.id)
    response = client.get(f"/consulta/s/{forged}")
    assert response.status_code == 404 and 'class="portal-header' in response.get_data(as_text=True)
    assert client.get(f"/consulta/s/{forged}/fotos/{public.id}").status_code == 404


def test_the_lookup_result_links_to_its_bookmarkable_page(client):
    ticket, _public, _private = _ticket_with_photos()
    page = client.post("/consulta", data={"folio": ticket.folio, "code": ticket.lookup_code}
                       ).get_data(as_text=True)
    assert f"/consulta/s/{status_token(current_app.secret_key, ticket.id)}" in page


def test_contact_set_by_the_admin_is_on_every_portal_page_and_both_acuses(client, login_as):
    login_as(make_user(role="admin"))
    response = client.post("/admin/contacto", data={
        "phone": CONTACT.phone, "email": CONTACT.email, "address": CONTACT.address,
        "hours": CONTACT.hours})
    assert response.status_code == 302
    ticket, _public, _private = _ticket_with_photos()
    for url in ("/denuncia", "/consulta", "/aviso-de-privacidad"):
        page = client.get(url).get_data(as_text=True)
        assert CONTACT.phone in page and CONTACT.hours in page, url
    login_as(make_user(role="frontdesk"))
    desk_pdf = client.get(f"/tickets/{ticket.id}/acuse.pdf").data
    from app.tickets.public_links import receipt_token
    citizen_pdf = client.get(f"/denuncia/acuse/{receipt_token(current_app.secret_key, ticket.id)}/pdf").data
    link = f"/consulta/s/{status_token(current_app.secret_key, ticket.id)}"
    for pdf in (desk_pdf, citizen_pdf):
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        text = text.replace("\n", "")
        assert CONTACT.phone in text and "Lunes a viernes de 8:00 a 15:00" in text
        assert link in text


def test_the_contact_form_refuses_a_bad_email_and_stores_nothing(client, login_as):
    login_as(make_user(role="admin"))
    page = client.post("/admin/contacto", data={"phone": "493", "email": "x@"}).get_data(as_text=True)
    assert "Correo electrónico no válido." in page and 'data-testid="error-summary"' in page
    footer = client.get("/denuncia").get_data(as_text=True).split('data-testid="municipal-contact"')[1]
    assert "Teléfono" not in footer
