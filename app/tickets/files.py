"""Attachment files: type read from the content, stored outside static/ under random names."""
import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from app.reports.files import KINDS as OFFICE_KINDS, detect_kind as detect_office_kind
from app.tickets.constants import MAX_ATTACHMENT_BYTES
from app.tickets.images import shrink_image
from app.validators import ValidationError

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
    (b"%PDF-", "application/pdf", "pdf"),
)
ALLOWED_TEXT = "imágenes JPG, PNG, GIF o WebP, o documentos PDF"
IMAGES_TEXT = "imágenes JPG, PNG, GIF o WebP"
OFFICE_TEXT = "imágenes JPG, PNG, GIF o WebP, documentos PDF, Word (DOCX) o Excel (XLSX)"


@dataclass(frozen=True)
class PendingFile:
    """An upload read and checked, not yet written to disk."""

    name: str
    data: bytes
    content_type: str
    extension: str


def _shrunk(data: bytes, name: str, max_bytes: int, field: str) -> bytes:
    kind = sniff(data)
    smaller = shrink_image(data, max_bytes) if kind and kind[0].startswith("image/") else None
    if smaller is None:
        raise ValidationError(f"El archivo «{name}» excede el límite de "
                              f"{max_bytes // (1024 * 1024)} MB y no se pudo reducir.", field)
    return smaller


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the magic bytes, or None for anything else."""
    for magic, content_type, extension in _SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def _sniff_office(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a Word or Excel file (the weekly reports' own check)."""
    kind = detect_office_kind(io.BytesIO(data))
    if kind not in ("docx", "xlsx"):
        return None
    content_type, extension = OFFICE_KINDS[kind]
    return content_type, extension.lstrip(".")


def read_upload(storage, *, max_bytes: int = MAX_ATTACHMENT_BYTES, images_only: bool = False,
                field: str = "attachments", ceiling_bytes: int | None = None,
                shrink: bool = True, office: bool = False) -> PendingFile | None:
    """Read a werkzeug FileStorage (None/empty field gives None); raises ValidationError.

    ``images_only`` refuses PDFs (the public portal takes photos only); ``office`` also takes
    Word (DOCX) and Excel (XLSX) documents (the agreements' evidence). With
    ``ceiling_bytes``, a picture over ``max_bytes`` but within the ceiling is made lighter
    (``images.shrink_image``) instead of refused; ``shrink=False`` only checks it (a cheap
    first look, taken before the rest of the form is valid).
    """
    if storage is None or not getattr(storage, "filename", None):
        return None
    name = os.path.basename(storage.filename.replace("\\", "/"))[:255] or "archivo"
    limit = max(ceiling_bytes or 0, max_bytes)
    data = storage.stream.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"El archivo «{name}» excede el límite de "
                              f"{limit // (1024 * 1024)} MB.", field)
    if len(data) > max_bytes and shrink:
        data = _shrunk(data, name, max_bytes, field)
    if not data:
        raise ValidationError(f"El archivo «{name}» está vacío.", field)
    kind = sniff(data) or (_sniff_office(data) if office and not images_only else None)
    if kind is None or (images_only and not kind[0].startswith("image/")):
        allowed = IMAGES_TEXT if images_only else OFFICE_TEXT if office else ALLOWED_TEXT
        raise ValidationError(
            f"El archivo «{name}» no es válido: solo se aceptan {allowed}.", field)
    return PendingFile(name=name, data=data, content_type=kind[0], extension=kind[1])


def write(pending: PendingFile, upload_dir: str) -> str:
    """Write the file under a random name in upload_dir and return that name."""
    stored_name = f"{secrets.token_hex(16)}.{pending.extension}"
    directory = Path(upload_dir)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / stored_name).write_bytes(pending.data)
    return stored_name


def path_for(stored_name: str, upload_dir: str) -> Path:
    return Path(upload_dir) / os.path.basename(stored_name)
