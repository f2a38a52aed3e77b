"""Attachments are recognised by content (PDF, DOCX, XLSX) and limited to 20 MB."""
import io

import pytest
from werkzeug.datastructures import FileStorage

from app.reports import files
from app.validators import ValidationError
from tests.reports.factories import PDF_BYTES, office_bytes


@pytest.mark.parametrize("content,kind", [
    (PDF_BYTES, "pdf"),
    (office_bytes("word/document.xml"), "docx"),
    (office_bytes("xl/workbook.xml"), "xlsx"),
    (office_bytes("ppt/presentation.xml"), None),  # PowerPoint is not accepted
    (office_bytes("word/document.xml", content_types=False), None),  # a plain ZIP
    (b"PK\x03\x04 not really a zip", None),
    (b"MZ\x90\x00 an executable renamed informe.pdf", None),
    (b"%PDF", None),  # truncated signature
    (b"<html>%PDF-</html>", None),
    (b"", None),
])
def test_detect_kind_reads_the_content(content, kind):
    assert files.detect_kind(io.BytesIO(content)) == kind


def _upload(content: bytes, name="informe.pdf") -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=name)


def test_a_valid_file_is_stored_under_a_random_name(tmp_path):
    stored = files.save_upload(_upload(office_bytes("xl/workbook.xml"), "C:\\Mis docs\\avance"),
                               str(tmp_path))
    assert stored.file_name == "avance.xlsx"  # path dropped, extension from the content
    assert stored.content_type.endswith("spreadsheetml.sheet")
    assert stored.stored_name.endswith(".xlsx") and "avance" not in stored.stored_name
    path = files.stored_path(str(tmp_path), stored.stored_name)
    assert path.read_bytes() == office_bytes("xl/workbook.xml")
    other = files.save_upload(_upload(PDF_BYTES), str(tmp_path))
    assert other.stored_name != stored.stored_name


def test_exactly_20_mb_is_accepted_and_one_byte_more_is_refused(tmp_path):
    content = b"%PDF-" + b"0" * (files.MAX_FILE_BYTES - 5)
    assert files.save_upload(_upload(content), str(tmp_path)).content_type == "application/pdf"
    with pytest.raises(ValidationError, match="excede el tamaño máximo de 20 MB"):
        files.save_upload(_upload(content + b"0"), str(tmp_path / "other"))
    assert not (tmp_path / "other").exists()


@pytest.mark.parametrize("content,message", [
    (b"", "El archivo está vacío."),
    (b"hola, soy texto", r"PDF, Word \(DOCX\) o Excel \(XLSX\)"),
])
def test_bad_files_are_refused_and_not_written(tmp_path, content, message):
    with pytest.raises(ValidationError, match=message):
        files.save_upload(_upload(content), str(tmp_path))
    assert not (tmp_path / files.SUBDIR).exists()
