"""Import of a program from XLSX or CSV: a preview listing every bad line with its number, then
all or nothing."""
import io
from datetime import datetime, timezone

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.programs import importer, lifecycle as lc
from app.programs.models import ProgramAction
from app.validators import ValidationError
from tests.factories import make_unit, make_user
from tests.programs.factories import make_axis, make_program

NOW = datetime(2026, 1, 10, 17, tzinfo=timezone.utc)
HEADING = ["Clave", "Acción", "Eje", "Tipo de meta", "Meta", "Unidad de medida", "Inicio", "Fin",
           "Curva", "Meta T1", "Meta T2", "Meta T3", "Meta T4"]
GOOD = [["OP-01", "Bacheo", "EJE2", "cantidad", "18,000", "m²", "2026-01-15", "2026-11-30",
         "lineal", "", "", "", ""],
        ["OP-02", "Calles", "eje2", "", "12", "km", "01/02/2026", "31/12/2026", "trimestral",
         "1", "4", "8", "12"],
        ["OP-03", "Proyecto del colector", "EJE2", "", "100", "%", "2026-01-01", "2026-09-30",
         "", "", "", "", ""]]


@pytest.fixture
def program(app):
    make_axis(code="EJE2")
    return make_program(make_unit(), status=lc.DRAFT)


def csv_file(rows, heading=HEADING, name="programa.csv"):
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in [heading, *rows])
    return FileStorage(io.BytesIO(text.encode("utf-8")), filename=name)


def xlsx_file(rows, heading=HEADING):
    book = Workbook()
    sheet = book.active
    for row in [heading, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return FileStorage(buffer, filename="programa.xlsx")


def count() -> int:
    return db.session.scalar(select(func.count(ProgramAction.id)))


def test_a_good_csv_is_previewed_then_imported_whole(app, program):
    preview = importer.preview_upload(program, csv_file(GOOD), app.config["UPLOAD_DIR"])
    assert [line.number for line in preview.lines] == [2, 3, 4] and not preview.bad
    assert count() == 0  # the preview stores nothing
    user = make_user(role="unit", unit=program.unit)
    assert importer.confirm_import(program, preview.token, app.config["UPLOAD_DIR"], user,
                                   NOW) == 3
    actions = {a.key: a for a in db.session.scalars(select(ProgramAction))}
    assert actions["OP-01"].goal == 18000.0 and actions["OP-02"].targets == (1, 4, 8, 12)
    assert (actions["OP-03"].goal_kind, actions["OP-03"].measure) == ("hito", "%")
    with pytest.raises(ValidationError, match="ya no está disponible"):  # used once
        importer.confirm_import(program, preview.token, app.config["UPLOAD_DIR"], user, NOW)


def test_a_good_xlsx_with_real_dates_and_numbers_is_read(app, program):
    rows = [["OP-01", "Bacheo", "EJE2", "cantidad", 18000, "m²", datetime(2026, 1, 15),
             datetime(2026, 11, 30), "lineal"]]
    preview = importer.preview_upload(program, xlsx_file(rows), app.config["UPLOAD_DIR"])
    assert not preview.bad and preview.lines[0].values["goal"] == 18000.0


def test_every_bad_line_is_listed_with_its_number_and_nothing_is_imported(app, program):
    rows = GOOD[:1] + [
        ["OP-02", "Calles", "EJE2", "", "0", "km", "2026-01-01", "2026-03-01", "", "", "", "", ""],
        ["OP-03", "Banquetas", "EJE9", "", "mil", "m²", "2026-05-01", "2026-04-01", "", "", "",
         "", ""],
        GOOD[0]]
    preview = importer.preview_upload(program, csv_file(rows), app.config["UPLOAD_DIR"])
    bad = {line.number: " ".join(line.errors) for line in preview.bad}
    assert set(bad) == {3, 4, 5}
    assert "mayor que cero" in bad[3]
    assert "Elija un eje" in bad[4] and "debe ser un número" in bad[4]
    assert "anterior a la de inicio" in bad[4]
    assert "la clave OP-01 ya existe" in bad[5]
    with pytest.raises(ValidationError, match="3 líneas con errores: no se importó ninguna"):
        importer.confirm_import(program, preview.token, app.config["UPLOAD_DIR"], None, NOW)
    assert count() == 0


def test_an_xlsx_with_a_missing_column_is_refused(app, program):
    heading = [h for h in HEADING if h != "Meta"]
    with pytest.raises(ValidationError, match="Faltan columnas en la primera fila: meta"):
        importer.preview_upload(program, xlsx_file([], heading), app.config["UPLOAD_DIR"])


def test_a_formula_error_is_named_with_its_line(app, program):
    rows = [["OP-01", "Bacheo", "EJE2", "cantidad", "#DIV/0!", "m²", "2026-01-15",
             "2026-11-30", "lineal"]]
    preview = importer.preview_upload(program, xlsx_file(rows), app.config["UPLOAD_DIR"])
    [line] = preview.bad
    assert line.number == 2 and "error de fórmula (#DIV/0!)" in line.errors[0]


@pytest.mark.parametrize("content,name,message", [
    (b"", "x.csv", "Elija el archivo"),
    (b"PK\x03\x04basura", "x.xlsx", "No se pudo abrir la hoja de Excel"),
    (b"%PDF-1.4", "x.pdf", r"debe ser una hoja de Excel \(XLSX\) o un CSV"),
])
def test_unreadable_files_are_explained(app, program, content, name, message):
    with pytest.raises(ValidationError, match=message):
        importer.preview_upload(program, FileStorage(io.BytesIO(content), filename=name),
                                app.config["UPLOAD_DIR"])


def test_an_approved_program_is_not_imported_into(app, program):
    preview = importer.preview_upload(program, csv_file(GOOD), app.config["UPLOAD_DIR"])
    program.status = lc.APPROVED
    with pytest.raises(ValidationError, match="acción por acción"):
        importer.confirm_import(program, preview.token, app.config["UPLOAD_DIR"], None, NOW)


def test_a_token_of_another_program_or_malformed_is_refused(app, program):
    preview = importer.preview_upload(program, csv_file(GOOD), app.config["UPLOAD_DIR"])
    other = make_program(make_unit(), status=lc.DRAFT)
    for token in (preview.token, "../../etc/passwd", "x" * 40):
        with pytest.raises(ValidationError, match="ya no está disponible"):
            importer.confirm_import(other, token, app.config["UPLOAD_DIR"], None, NOW)
