"""Backup and restore round trip (app/backup.py): PostgreSQL only, since it runs pg_dump."""
import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app.backup import (MANIFEST, UPLOADS, BackupError, count_rows, prune_backups,
                        restore_backup, tree_checksums, write_backup)
from app.extensions import db
from app.stats.cabinet import generate_cabinet_report
from app.stats.models import CabinetReport
from tests.factories import make_category, make_ticket, make_unit, make_user

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="el respaldo usa pg_dump/pg_restore: solo con TEST_DATABASE_URL de PostgreSQL")

NOW = datetime(2026, 3, 11, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def restore_url(database_url):
    """An empty database beside the test database, dropped afterwards."""
    url = make_url(database_url)
    name = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def filled(app):
    """Tickets, two archived memo PDFs and upload files, committed."""
    unit = make_unit(name="Obras Públicas")
    category = make_category(unit=unit)
    secretary = make_user(role="secretary")
    for _ in range(3):
        make_ticket(category)
    for week in ("2026-W08", "2026-W09"):
        generate_cabinet_report(week, "Notas", secretary, NOW)
    db.session.commit()
    uploads = Path(app.config["UPLOAD_DIR"])
    (uploads / "reports").mkdir(parents=True, exist_ok=True)
    (uploads / "a1b2c3.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(2048))
    (uploads / "reports" / "d4e5f6.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    return uploads


def memo_digests(database_url) -> dict:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(select(CabinetReport.id, CabinetReport.sha256, CabinetReport.pdf))
        digests = {i: (stored, hashlib.sha256(pdf).hexdigest()) for i, stored, pdf in rows}
    engine.dispose()
    return digests


def rows_per_table(database_url) -> dict:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        counts = count_rows(conn)
    engine.dispose()
    return counts


def test_backup_restores_into_another_database_and_folder_with_every_row_and_file(
        app, filled, database_url, restore_url, tmp_path):
    folder = write_backup(database_url, str(filled), str(tmp_path / "respaldos"), NOW)
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["files"] == tree_checksums(filled)
    assert manifest["tables"]["tickets"] == 3 and manifest["tables"]["cabinet_reports"] == 2

    restored_dir = tmp_path / "restaurado"
    restore_backup(str(folder), restore_url, str(restored_dir))

    original = rows_per_table(database_url)
    assert rows_per_table(restore_url) == original
    assert original["tickets"] == 3
    assert tree_checksums(restored_dir) == tree_checksums(filled)
    assert sorted(tree_checksums(restored_dir)) == ["a1b2c3.jpg", "reports/d4e5f6.pdf"]
    memos = memo_digests(restore_url)
    assert memos == memo_digests(database_url) and len(memos) == 2
    assert all(stored == actual for stored, actual in memos.values())


def test_restore_refuses_a_damaged_backup_before_writing_anything(
        app, filled, database_url, restore_url, tmp_path):
    folder = write_backup(database_url, str(filled), str(tmp_path / "respaldos"), NOW)
    (folder / UPLOADS / "a1b2c3.jpg").write_bytes(b"cambiado")
    target = tmp_path / "restaurado"

    with pytest.raises(BackupError, match="no coinciden con el manifiesto"):
        restore_backup(str(folder), restore_url, str(target))
    assert rows_per_table(restore_url) == {} and not target.exists()


def test_restore_refuses_a_database_that_already_has_tables(app, filled, database_url, tmp_path):
    folder = write_backup(database_url, str(filled), str(tmp_path / "respaldos"), NOW)

    with pytest.raises(BackupError, match="ya tiene tablas"):
        restore_backup(str(folder), database_url, str(tmp_path / "restaurado"))


def test_backup_command_keeps_only_the_newest_backups(app, runner, filled, tmp_path):
    destination = tmp_path / "respaldos"
    for day in (9, 10, 11):
        result = runner.invoke(args=["backup", str(destination), "--keep", "2",
                                     "--now", f"2026-03-{day:02d}T02:30"])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in destination.iterdir()) == [
        "respaldo-20260310-023000", "respaldo-20260311-023000"]
    assert prune_backups(str(destination), 2) == []
