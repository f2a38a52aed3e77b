"""The match command: free-text colonias linked to the catalogue, accent- and
case-insensitive, and a report of what it could not match."""
from sqlalchemy import select

from app.extensions import db
from app.colonias.models import MATCHED, ColoniaChange
from app.tickets.models import Ticket
from tests.factories import make_category, make_ticket
from tests.places.helpers import make_colonia


def _links() -> dict[str, int | None]:
    return dict(db.session.execute(select(Ticket.colonia, Ticket.colonia_id)).all())


def _seed():
    americas = make_colonia("Las Américas", postal_code="99020")
    make_colonia("Guadalupe", postal_code="99030")
    make_colonia("Guadalupe", postal_code="99070")  # two of the same name: ambiguous
    category = make_category()
    # Written before the catalogue existed: plain text, no id.
    texts = ["LAS AMERICAS", "Col. Las Américas", "las  américas", "Guadalupe", "Zona Centro",
             "Zona Centro"]
    for text in texts:
        ticket = make_ticket(category, colonia=text)
        ticket.colonia_id = None
    db.session.commit()
    return americas


def test_the_command_links_what_names_one_colonia_and_reports_the_rest(app, runner):
    americas = _seed()
    result = runner.invoke(args=["match-colonias"])
    assert result.exit_code == 0, result.output
    assert "Cotejados: 3 textos, 3 tickets asignados." in result.output
    assert "«Col. Las Américas» → Las Américas (Colonia), C.P. 99020 (1)" in result.output
    assert "Sin cotejar: 2 textos, 3 tickets." in result.output
    assert "«Zona Centro» (2): no está en el catálogo" in result.output
    assert "«Guadalupe» (1): varias colonias del catálogo se llaman así" in result.output
    db.session.expire_all()
    assert _links() == {"LAS AMERICAS": americas.id, "Col. Las Américas": americas.id,
                        "las  américas": americas.id, "Guadalupe": None, "Zona Centro": None}
    change = db.session.scalars(select(ColoniaChange)).one()
    assert (change.action, change.tickets, change.colonia_id) == (MATCHED, 3, americas.id)


def test_a_dry_run_reports_without_changing_any_ticket(app, runner):
    _seed()
    result = runner.invoke(args=["match-colonias", "--dry-run"])
    assert "3 tickets se asignarían" in result.output
    db.session.expire_all()
    assert set(_links().values()) == {None}


def test_the_import_command_reads_the_sepomex_file(app, runner, tmp_path):
    from pathlib import Path

    from app.colonias.models import Colonia

    sample = Path(__file__).with_name("sepomex_sample.txt")
    result = runner.invoke(args=["import-colonias", str(sample)])
    assert "5 colonias nuevas de Fresnillo" in result.output
    assert db.session.scalar(select(Colonia.name).where(Colonia.postal_code == "99020")) == \
        "Las Américas"
    bad = tmp_path / "malo.txt"
    bad.write_bytes(sample.read_bytes() + b"1|2\r\n")
    result = runner.invoke(args=["import-colonias", str(bad)])
    assert result.exit_code != 0 and "columnas" in result.output
