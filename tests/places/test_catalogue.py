"""The administrator's catalogue: the SEPOMEX import (preview, then all or nothing), add,
rename and merge, each with its history; merge keeps the history."""
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.colonias import catalogue
from app.places import services
from app.colonias.models import MERGED, RENAMED, Colonia, ColoniaChange
from app.tickets.models import Ticket
from app.timeutil import utcnow
from tests.factories import make_category, make_ticket, make_user
from tests.places.helpers import make_colonia

SAMPLE = Path(__file__).with_name("sepomex_sample.txt")


@pytest.fixture
def admin(login_as):
    user = make_user(role="admin")
    login_as(user)
    return user


def _colonias() -> int:
    return db.session.scalar(select(func.count()).select_from(Colonia))


def _upload(client, raw: bytes, name="CPdescarga.txt"):
    return client.post("/admin/colonias/importar", data={"file": (io.BytesIO(raw), name)},
                       content_type="multipart/form-data")


def test_the_import_previews_then_stores_only_on_confirmation(client, admin):
    make_colonia("Industrial", postal_code="99010")
    preview = _upload(client, SAMPLE.read_bytes())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'data-testid="import-preview"' in page
    assert "Las Américas" in page and "Zacatecas Centro" not in page
    assert _colonias() == 1  # nothing stored by the preview
    content = re.search(r'name="content" type="hidden" value="([^"]+)"', page).group(1)
    done = client.post("/admin/colonias/importar/confirmar", data={"content": content},
                       follow_redirects=True)
    assert "4 colonias nuevas; 1 ya estaban" in done.get_data(as_text=True)
    names = set(db.session.scalars(select(Colonia.name)))
    assert names == {"Fresnillo Centro", "Industrial", "Las Américas", "Lomas de Plateros",
                     "Plateros"}
    again = client.post("/admin/colonias/importar/confirmar", data={"content": content},
                        follow_redirects=True)
    assert "0 colonias nuevas; 5 ya estaban" in again.get_data(as_text=True)


@pytest.mark.parametrize("raw, message", [
    (SAMPLE.read_bytes() + b"99030|Rota|Colonia|Fresnillo\r\n", "Línea 10: tiene 4 columnas"),
    (SAMPLE.read_bytes().decode("latin-1").encode("utf-16"), "no está en Latin-1"),
])
def test_a_malformed_file_is_explained_and_nothing_is_stored(client, admin, raw, message):
    response = _upload(client, raw)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'data-testid="import-errors"' in page and message in page
    assert _colonias() == 0


@pytest.mark.parametrize("content", ["no-es-base64!", "", "QUJD"])
def test_a_tampered_confirmation_stores_nothing(client, admin, content):
    response = client.post("/admin/colonias/importar/confirmar", data={"content": content},
                           follow_redirects=True)
    assert "No se importó nada" in response.get_data(as_text=True)
    assert _colonias() == 0


def test_the_admin_adds_a_settlement_the_file_lacks(client, admin):
    response = client.post("/admin/colonias/nueva", data={
        "name": "Ampliación Las Huertas", "kind": "Colonia", "postal_code": "99030"})
    assert response.status_code == 302
    colonia = db.session.scalars(select(Colonia)).one()
    assert (colonia.source, colonia.search_name) == ("manual", "ampliacion las huertas")
    again = client.post("/admin/colonias/nueva", data={
        "name": "ampliacion las huertas", "kind": "Colonia", "postal_code": "99030"})
    assert "Ya existe" in again.get_data(as_text=True) and _colonias() == 1
    bad = client.post("/admin/colonias/nueva", data={"name": "X", "postal_code": "9903A"})
    assert "El código postal tiene 5 dígitos." in bad.get_data(as_text=True)


def test_a_rename_keeps_the_tickets_and_is_in_the_history(client, admin):
    colonia = make_colonia("Las Americas", postal_code="99020")
    ticket = make_ticket(colonia_id=colonia.id)
    response = client.post(f"/admin/colonias/{colonia.id}", data={
        "name": "Las Américas", "kind": "Colonia", "postal_code": "99020"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Colonia, colonia.id).name == "Las Américas"
    assert db.session.get(Ticket, ticket.id).colonia_id == colonia.id
    change = db.session.scalars(select(ColoniaChange)).one()
    assert change.action == RENAMED and "«Las Americas (Colonia), C.P. 99020» →" in change.detail


def test_merge_moves_the_tickets_and_keeps_the_history(client, admin):
    category = make_category()
    target = make_colonia("Centro")
    source = make_colonia("Zona Centro")
    earlier = make_colonia("Centro Histórico", active=False, merged_into_id=source.id)
    tickets = [make_ticket(category, colonia_id=source.id) for _ in range(2)]
    kept = make_ticket(category, colonia_id=target.id)
    services.rename_colonia(source, "Zona Centro", "Barrio", "99000", None, now=utcnow())
    db.session.commit()
    response = client.post(f"/admin/colonias/{source.id}/fusionar",
                           data={"target_id": str(target.id)}, follow_redirects=True)
    assert "2 tickets pasaron a «Centro»" in response.get_data(as_text=True)
    db.session.expire_all()
    source, earlier = db.session.get(Colonia, source.id), db.session.get(Colonia, earlier.id)
    assert (source.active, source.merged_into_id, earlier.merged_into_id) == (
        False, target.id, target.id)
    moved = [db.session.get(Ticket, t.id) for t in tickets]
    assert {t.colonia_id for t in moved} == {target.id}
    assert {t.colonia for t in moved} == {"Zona Centro"}  # the recorded text is kept
    history = [(c.action, c.tickets) for c in
               db.session.scalars(select(ColoniaChange).where(
                   ColoniaChange.colonia_id == source.id).order_by(ColoniaChange.id))]
    assert history == [(RENAMED, 0), (MERGED, 2)]
    # The absorbing colonia's page lists the merge and the merged colonias.
    page = client.get(f"/admin/colonias/{target.id}").get_data(as_text=True)
    assert "se fusionó con «Centro (Colonia), C.P. 99000»" in page and "Zona Centro" in page
    assert "Zona Centro (" not in client.get("/tickets/nueva").get_data(as_text=True)


@pytest.mark.parametrize("target", ["self", "424242", "abc", ""])
def test_a_bad_merge_is_explained_and_changes_nothing(client, admin, target):
    colonia = make_colonia("Centro")
    value = str(colonia.id) if target == "self" else target
    response = client.post(f"/admin/colonias/{colonia.id}/fusionar", data={"target_id": value})
    assert response.status_code == 200
    assert re.search(r"no se puede fusionar consigo misma|no existe en el catálogo|Elija la "
                     r"colonia que la absorbe", response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Colonia, colonia.id).active
    assert db.session.scalar(select(func.count()).select_from(ColoniaChange)) == 0


def test_the_secretaria_maps_free_text_to_the_catalogue(client, login_as):
    login_as(make_user(role="secretary"))
    colonia = make_colonia("Centro")
    category = make_category()
    for text in ("Zona Centro", "zona centro", "Otra Cosa"):
        make_ticket(category, colonia=text)
    page = client.get("/colonias/sin-catalogo").get_data(as_text=True)
    assert "Zona Centro" in page and "Otra Cosa" in page
    response = client.post("/colonias/sin-catalogo", data={
        "text": "Zona Centro", "colonia_id": str(colonia.id)}, follow_redirects=True)
    assert "2 tickets asignados" in response.get_data(as_text=True)
    linked = set(db.session.execute(select(Ticket.colonia, Ticket.colonia_id)).all())
    assert linked == {("Zona Centro", colonia.id), ("zona centro", colonia.id),
                      ("Otra Cosa", None)}
    bad = client.post("/colonias/sin-catalogo", data={"text": "Zona Centro",
                                                      "colonia_id": "999999"})
    assert "La colonia elegida no existe" in bad.get_data(as_text=True)


def test_the_demo_catalogue_imports_and_names_every_demo_colonia(app):
    from app import demo_data
    from app.places.demo import seed_demo_catalogue

    added = seed_demo_catalogue(utcnow())
    assert added == 24 and seed_demo_catalogue(utcnow()) == 0
    assert all(catalogue.find_by_name(name) for name in demo_data.COLONIAS)
