"""Backups: a consistent ``pg_dump -Fc`` of the database plus a copy of the upload folder, with a
manifest of SHA-256 checksums and row counts; and their restore into an empty database and
folder, verified against that manifest.

Consistency: the row counts and the dump read the same exported snapshot, and the upload folder
is copied after it, so every file a dumped row names is already on disk (files are written
before the row is committed).
"""
import hashlib
import json
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.timeutil import LOCAL_TZ

MANIFEST = "manifest.json"
DUMP = "database.dump"
UPLOADS = "uploads"
PREFIX = "respaldo-"


class BackupError(Exception):
    """The backup or restore cannot go on; the message, in Spanish, says why."""


def write_backup(database_url: str, upload_dir: str, destination: str, now: datetime) -> Path:
    """Dump the database and copy the uploads into a new dated folder under ``destination``."""
    folder = Path(destination) / f"{PREFIX}{now.astimezone(LOCAL_TZ):%Y%m%d-%H%M%S}"
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        raise BackupError(f"Ya existe el respaldo {folder}.") from None
    engine = _engine(database_url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            snapshot = conn.scalar(text("SELECT pg_export_snapshot()"))
            tables = count_rows(conn)
            _run(["pg_dump", "-Fc", "--snapshot", snapshot, "-f", str(folder / DUMP)], database_url)
    finally:
        engine.dispose()
    files = _copy_tree(Path(upload_dir), folder / UPLOADS)
    manifest = {"created_at": now.isoformat(), "database": {"file": DUMP, "sha256": sha256_of(
        folder / DUMP)}, "tables": tables, "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return folder


def restore_backup(folder: str, database_url: str, upload_dir: str) -> dict:
    """Restore a backup into an empty database and an empty folder; returns its manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    _verify_files(folder, manifest)
    target = Path(upload_dir)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"La carpeta {target} no está vacía: restaure en una carpeta nueva.")
    engine = _engine(database_url)
    try:
        with engine.connect() as conn:
            if count_rows(conn):
                raise BackupError("La base de datos de destino ya tiene tablas: restaure en una "
                                  "base vacía (createdb).")
        _run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error",
              str(folder / manifest["database"]["file"])], database_url)
        with engine.connect() as conn:
            restored = count_rows(conn)
    finally:
        engine.dispose()
    if restored != manifest["tables"]:
        raise BackupError("Los renglones restaurados no coinciden con el manifiesto.")
    shutil.copytree(folder / UPLOADS, target, dirs_exist_ok=True)
    return manifest


def prune_backups(destination: str, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest backups (folders with a manifest) in ``destination``."""
    folders = sorted(p for p in Path(destination).glob(f"{PREFIX}*") if (p / MANIFEST).exists())
    old = folders[:-keep] if keep > 0 else []
    for path in old:
        shutil.rmtree(path)
    return old


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{folder} no es un respaldo: falta o está dañado {MANIFEST}.") from None


def count_rows(conn) -> dict:
    """Rows per table of the current schema (Alembic's version table included)."""
    names = conn.scalars(text("SELECT tablename FROM pg_tables "
                              "WHERE schemaname = current_schema() ORDER BY tablename")).all()
    return {name: conn.scalar(text(f'SELECT count(*) FROM "{name}"')) for name in names}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_checksums(root: Path) -> dict:
    """SHA-256 of every file under ``root``, by path relative to it."""
    return {p.relative_to(root).as_posix(): sha256_of(p)
            for p in sorted(root.rglob("*")) if p.is_file()}


def _copy_tree(source: Path, target: Path) -> dict:
    target.mkdir()
    if source.exists():
        shutil.copytree(source, target, dirs_exist_ok=True)
    return tree_checksums(target)


def _verify_files(folder: Path, manifest: dict) -> None:
    """Every file of the backup matches its checksum, before anything is written."""
    if sha256_of(folder / manifest["database"]["file"]) != manifest["database"]["sha256"]:
        raise BackupError("El archivo de la base de datos del respaldo está dañado.")
    if tree_checksums(folder / UPLOADS) != manifest["files"]:
        raise BackupError("Los archivos adjuntos del respaldo no coinciden con el manifiesto.")


def _engine(database_url: str):
    if make_url(database_url).get_backend_name() != "postgresql":
        raise BackupError("El respaldo y la restauración necesitan PostgreSQL (DATABASE_URL).")
    return create_engine(database_url)


def _run(argv: list, database_url: str) -> None:
    """Run pg_dump/pg_restore on the database; the password goes in the environment, not in
    the command line that ``ps`` shows."""
    url = make_url(database_url)
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    libpq = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    result = subprocess.run([*argv, "-d", libpq], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} falló: {result.stderr.strip()}")
