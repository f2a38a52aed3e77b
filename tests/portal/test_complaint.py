"""The public complaint form: submission, validation, photos, anti-spam, receipt."""
import re

import pytest
from sqlalchemy import func, select

from app.citizens.models import Citizen
from app.extensions import db
from app.tickets import constants as c
from app.tickets.models import Attachment, Ticket, TicketEvent
from tests.factories import PNG_BYTES, make_category, make_unit
from tests.portal.helpers import complaint_data, form_token, photo


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _receipt(client, response):
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert "/denuncia/acuse/" in response.headers["Location"]
    return client.get(response.headers["Location"])


def test_the_form_lists_only_active_public_categories_and_has_a_signed_token(client):
    shown = make_category(name="Bache en calle")
    make_category(name="Trámite interno", public=False)
    make_category(name="Categoría vieja", active=False)
    html = client.get("/denuncia").get_data(as_text=True)
    assert shown.name in html and "Trámite interno" not in html and "Categoría vieja" not in html
    assert re.search(r'name="form_token" type="hidden" value="[^"]+\.[^"]+"', html)
    assert 'aria-hidden="true"' in html and 'tabindex="-1"' in html  # honeypot
    assert '<html lang="es-MX">' in html and "<title>Presentar una denuncia" in html


def test_an_anonymous_complaint_creates_a_web_denuncia_waiting_for_triage(client):
    category = make_category()
    response = client.post("/denuncia", data=complaint_data(category, anonymous="y",
                                                             citizen_name="Ignorado"))
    page = _receipt(client, response).get_data(as_text=True)
    ticket = db.session.scalar(select(Ticket))
    assert re.fullmatch(r"DW-\d{4}-\d{6}", ticket.folio)
    assert (ticket.channel, ticket.kind, ticket.status) == ("web", "denuncia", c.RECEIVED)
    assert ticket.unit_id is None and ticket.citizen_id is None and ticket.creator_id is None
    assert (ticket.colonia, ticket.address) == ("Centro", "Av. Hidalgo 120")
    assert ticket.folio in page and ticket.lookup_code in page
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id))
    assert (event.actor_id, event.actor_label) == (None, c.ACTOR_CITIZEN)
    assert _count(Citizen) == 0


def test_contact_data_creates_a_new_citizen_and_never_updates_one_on_file(client):
    category = make_category()
    existing = Citizen(name="Ana López", search_name="ana lopez", phone="4931234567",
                       email="ana@example.com")
    db.session.add(existing)
    db.session.commit()
    response = client.post("/denuncia", data=complaint_data(
        category, citizen_name="Ana López", citizen_phone="493 123 4567",
        citizen_email="otra@example.com"))
    _receipt(client, response)
    ticket = db.session.scalar(select(Ticket))
    assert ticket.citizen_id != existing.id
    assert (ticket.citizen.name, ticket.citizen.phone, ticket.citizen.email) == (
        "Ana López", "4931234567", "otra@example.com")
    db.session.refresh(existing)
    assert existing.email == "ana@example.com"


@pytest.mark.parametrize("overrides,field,message", [
    ({"description": ""}, "description", "Describa el problema."),
    ({"description": "x" * 2001}, "description", "Máximo 2000 caracteres."),
    ({"colonia": ""}, "colonia", "Indique la colonia."),
    ({"category_id": "0"}, "category_id", "Seleccione el tema de su denuncia."),
    ({"accept_privacy": ""}, "accept_privacy", "debe aceptar el aviso de privacidad"),
    ({"citizen_name": "Ana", "citizen_phone": "12345"}, "citizen_phone", "El teléfono debe tener 10 dígitos."),
    ({"citizen_phone": "4931234567"}, "citizen_name", "El nombre del ciudadano es obligatorio."),
    ({"citizen_name": "Ana", "citizen_email": "no-es-correo"}, "citizen_email", "Correo electrónico no válido."),
])
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_stored(
        client, overrides, field, message):
    category = make_category()
    response = client.post("/denuncia", data=complaint_data(category, **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(rf'id="{field}-errors">[^<]*{re.escape(message)}', html), html[-3000:]
    assert f'aria-describedby="{field}-errors"' in html or field == "accept_privacy"
    assert _count(Ticket) == 0 and _count(Citizen) == 0


def test_a_private_category_is_refused(client):
    category = make_category(public=False)
    response = client.post("/denuncia", data=complaint_data(category))
    assert "Seleccione una categoría válida" in response.get_data(as_text=True)
    assert _count(Ticket) == 0


def test_up_to_three_photos_are_stored_as_public_attachments(client):
    category = make_category()
    data = complaint_data(category, photos=[photo("a.png"), photo("b.png"), photo("c.png")])
    _receipt(client, client.post("/denuncia", data=data, content_type="multipart/form-data"))
    rows = db.session.scalars(select(Attachment)).all()
    assert sorted(a.original_name for a in rows) == ["a.png", "b.png", "c.png"]
    assert all(a.public and a.content_type == "image/png" for a in rows)


@pytest.mark.parametrize("files,message", [
    ([photo(str(n) + ".png") for n in range(4)], "Adjunte como máximo 3 fotografías."),
    ([photo("falsa.jpg", b"<?php echo 'no soy una imagen'; ?>")], "no es válido"),
    ([photo("doc.pdf", b"%PDF-1.4 documento")], "solo se aceptan imágenes JPG, PNG, GIF o WebP"),
    ([photo("enorme.png", PNG_BYTES + b"\0" * (5 * 1024 * 1024))], "excede el límite de 5 MB y no se pudo reducir"),
    ([photo("gigante.png", PNG_BYTES + b"\0" * (20 * 1024 * 1024))], "excede el límite de 20 MB"),
])
def test_too_many_fake_or_oversized_photos_are_refused_and_nothing_is_stored(
        client, app, files, message):
    category = make_category()
    response = client.post("/denuncia", data=complaint_data(category, photos=files),
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert 'id="photos-errors"' in html
    assert _count(Ticket) == 0 and _count(Attachment) == 0
    assert not any((app.config["UPLOAD_DIR"] and __import__("os").listdir(app.config["UPLOAD_DIR"])))


def test_a_request_over_the_global_size_limit_gets_413(client):
    category = make_category()
    big = [photo(f"{n}.png", PNG_BYTES + b"\0" * (9 * 1024 * 1024)) for n in range(3)]
    response = client.post("/denuncia", data=complaint_data(category, photos=big),
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert _count(Ticket) == 0


def test_a_filled_honeypot_gets_400_and_creates_nothing(client):
    category = make_category()
    response = client.post("/denuncia", data=complaint_data(category, website="http://spam.example"))
    assert response.status_code == 400
    assert "No pudimos recibir su denuncia" in response.get_data(as_text=True)
    assert _count(Ticket) == 0


@pytest.mark.parametrize("token", ["", "1700000000.firma-falsa", "basura"])
def test_a_missing_or_forged_form_token_gets_400(client, token):
    response = client.post("/denuncia", data=complaint_data(make_category(), form_token=token))
    assert response.status_code == 400 and _count(Ticket) == 0


def test_a_form_sent_faster_than_the_minimum_fill_time_gets_400(client):
    category = make_category()
    response = client.post("/denuncia", data=complaint_data(category, form_token=form_token(1)))
    assert response.status_code == 400 and _count(Ticket) == 0
    ok = client.post("/denuncia", data=complaint_data(category, form_token=form_token(4)))
    assert ok.status_code == 302 and _count(Ticket) == 1


def test_an_expired_form_is_served_again_with_a_fresh_token(client):
    category = make_category()
    old = form_token(25 * 3600)
    response = client.post("/denuncia", data=complaint_data(category, form_token=old))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "estuvo abierto demasiado tiempo" in html
    assert old not in html and _count(Ticket) == 0


@pytest.mark.config(PORTAL_SUBMIT_RATE_LIMIT="2 per minute")
def test_submissions_are_rate_limited_per_ip(client):
    category = make_category()
    for _ in range(2):
        assert client.post("/denuncia", data=complaint_data(category)).status_code == 302
    blocked = client.post("/denuncia", data=complaint_data(category))
    assert blocked.status_code == 429
    assert "Podrá enviar la suya en 1 minuto" in blocked.get_data(as_text=True)
    other_ip = client.post("/denuncia", data=complaint_data(category),
                           environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other_ip.status_code == 302
    assert _count(Ticket) == 3
    assert client.get("/denuncia").status_code == 200  # reading the form is not limited


def test_the_receipt_link_is_signed_and_the_pdf_has_the_folio_and_code(client):
    category = make_category()
    location = client.post("/denuncia", data=complaint_data(category)).headers["Location"]
    ticket = db.session.scalar(select(Ticket))
    pdf = client.get(location + "/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    from io import BytesIO
    from pypdf import PdfReader
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.data)).pages)
    assert ticket.folio in text and ticket.lookup_code in text and "/consulta" in text
    assert client.get(location[:-3] + "xyz").status_code == 404
    assert client.get("/denuncia/acuse/123").status_code == 404


def test_portal_pages_are_embeddable_in_the_configured_sites_and_not_cached(client):
    make_category()
    response = client.get("/denuncia")
    assert _frame_ancestors(response) == "frame-ancestors 'self'"
    assert "X-Frame-Options" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    staff_page = client.get("/cuenta/entrar")
    assert _frame_ancestors(staff_page) == "frame-ancestors 'self'"


@pytest.mark.config(FRAME_ANCESTORS="'self' https://fresnillo.gob.mx https://www.fresnillo.gob.mx")
def test_frame_ancestors_come_from_the_configuration(client):
    for path in ("/denuncia", "/consulta", "/aviso-de-privacidad"):
        assert _frame_ancestors(client.get(path)) == (
            "frame-ancestors 'self' https://fresnillo.gob.mx https://www.fresnillo.gob.mx")
    assert _frame_ancestors(client.get("/cuenta/entrar")) == "frame-ancestors 'self'"


def _frame_ancestors(response) -> str:
    """The frame-ancestors directive of the response's CSP (tests/test_security_headers.py
    checks the whole policy)."""
    directives = [d.strip() for d in response.headers["Content-Security-Policy"].split(";")]
    return next(d for d in directives if d.startswith("frame-ancestors"))


def test_the_privacy_notice_and_the_login_link(client):
    html = " ".join(client.get("/aviso-de-privacidad").get_data(as_text=True).split())
    assert "Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados" in html
    assert "Municipio de Fresnillo" in html and "ARCO" in html
    login = client.get("/cuenta/entrar").get_data(as_text=True)
    assert "¿Quiere presentar una denuncia ciudadana?" in login and 'href="/denuncia"' in login


@pytest.mark.config(PROXY_COUNT=1, PORTAL_SUBMIT_RATE_LIMIT="1 per minute")
def test_behind_one_proxy_the_limit_is_per_visitor_not_per_proxy(client):
    category = make_category()
    for visitor in ("203.0.113.5", "203.0.113.6"):
        response = client.post("/denuncia", data=complaint_data(category),
                               headers={"X-Forwarded-For": visitor})
        assert response.status_code == 302
    again = client.post("/denuncia", data=complaint_data(category),
                        headers={"X-Forwarded-For": "203.0.113.5"})
    assert again.status_code == 429 and _count(Ticket) == 2
