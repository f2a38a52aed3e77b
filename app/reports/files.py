"""Report attachments: PDF, DOCX or XLSX recognised by content, stored under random names."""
import os
import secrets
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.validators import ValidationError

MAX_FILE_BYTES = 20 * 1024 * 1024
SUBDIR = "reports"
KINDS = {
    "pdf": ("application/pdf", ".pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}
TOO_LARGE = "El archivo excede el tamaño máximo de 20 MB."
WRONG_KIND = "El archivo debe ser PDF, Word (DOCX) o Excel (XLSX)."


@dataclass(frozen=True)
class StoredFile:
    file_name: str
    stored_name: str
    content_type: str


def detect_kind(stream) -> str | None:
    """'pdf', 'docx' or 'xlsx' from the bytes of a seekable stream; None otherwise."""
    stream.seek(0)
    head = stream.read(5)
    stream.seek(0)
    if head == b"%PDF-":
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        stream.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    return None


def _size(stream) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _display_name(filename: str, extension: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or "archivo"
    if not name.lower().endswith(extension):
        name += extension
    return name[-255:]


def save_upload(upload, upload_dir: str) -> StoredFile:
    """Validate an uploaded file (werkzeug FileStorage) and store it; ValidationError otherwise."""
    stream = upload.stream
    size = _size(stream)
    if size == 0:
        raise ValidationError("El archivo está vacío.", "file")
    if size > MAX_FILE_BYTES:
        raise ValidationError(TOO_LARGE, "file")
    kind = detect_kind(stream)
    if kind is None:
        raise ValidationError(WRONG_KIND, "file")
    content_type, extension = KINDS[kind]
    stored_name = secrets.token_hex(16) + extension
    folder = Path(upload_dir) / SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / (stored_name + ".part")
    with open(partial, "wb") as target:
        shutil.copyfileobj(stream, target)
    partial.replace(folder / stored_name)
    return StoredFile(_display_name(upload.filename or "", extension), stored_name, content_type)


def stored_path(upload_dir: str, stored_name: str) -> Path:
    """Where a stored attachment lives on disk."""
    return Path(upload_dir) / SUBDIR / stored_name
