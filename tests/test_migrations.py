"""The Alembic migrations build exactly the schema the models describe."""
from datetime import datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, inspect, select, text

from app.extensions import db
from app.units.models import Unit, UnitActivityPeriod
from tests.conftest import drop_everything


@pytest.fixture
def empty_database(app):
    drop_everything()
    yield
    drop_everything()
    db.create_all()  # leave the schema the other tests expect


# Alembic cannot compare expression indexes; the test below checks them by name.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_upgrade_an_empty_database_to_the_models_schema(app, empty_database):
    upgrade(directory="migrations")
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
        assert differences == []
        assert EXPRESSION_INDEXES <= _index_names(connection)


EXPRESSION_INDEXES = {"ix_tickets_finished_at", "ix_tickets_lower_colonia_created_at"}


def _index_names(connection) -> set[str]:
    if connection.dialect.name == "postgresql":
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = 'tickets'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'"
    return set(connection.exec_driver_sql(sql).scalars())


def test_activity_periods_are_backfilled_from_the_units_columns(app, empty_database):
    created = datetime(2025, 1, 6, 6, tzinfo=timezone.utc)
    closed = datetime(2026, 3, 4, 17, tzinfo=timezone.utc)
    upgrade(directory="migrations", revision="0011_finished_at")
    db.session.execute(insert(Unit.__table__).values(created_at=created), [
        {"name": "Activa", "code": "ACT", "active": True, "deactivated_at": None},
        {"name": "Cerrada", "code": "CER", "active": False, "deactivated_at": closed},
        {"name": "Inactiva sin fecha", "code": "SIN", "active": False, "deactivated_at": None},
    ])
    db.session.commit()
    upgrade(directory="migrations")
    rows = db.session.execute(
        select(Unit.code, UnitActivityPeriod.started_at, UnitActivityPeriod.ended_at)
        .join(Unit, Unit.id == UnitActivityPeriod.unit_id).order_by(Unit.code)).all()
    db.session.commit()
    assert [tuple(row) for row in rows] == [("ACT", created, None), ("CER", created, closed)]
    downgrade(directory="migrations", revision="0011_finished_at")
    assert "unit_activity_periods" not in inspect(db.engine).get_table_names()


def test_the_ticket_list_indexes_migration_downgrades_and_upgrades_again(app, empty_database):
    upgrade(directory="migrations")
    downgrade(directory="migrations", revision="0012_unit_activity")
    with db.engine.connect() as connection:
        names = _index_names(connection)
    assert "ix_tickets_status_created_at" in names
    assert not {"ix_tickets_folio_trgm", "ix_tickets_overdue_due_date"} & names
    upgrade(directory="migrations")
    with db.engine.connect() as connection:
        names = _index_names(connection)
    assert {"ix_tickets_folio_trgm", "ix_tickets_overdue_due_date",
            "ix_tickets_triage_created_at", "ix_tickets_status_created_at_id"} <= names


def test_the_auth_migration_gives_each_user_a_token_and_downgrades(app, empty_database):
    upgrade(directory="migrations", revision="0013_ticket_search")
    db.session.execute(text(  # the table as it was: the model's defaults name new columns
        "INSERT INTO users (username, name, password_hash, role, active, failed_logins, "
        "notify_digest, notify_reminders, created_at) VALUES "
        "('previa', 'Previa', 'x', 'secretary', true, 0, true, true, :created)"),
        {"created": datetime(2026, 1, 5, tzinfo=timezone.utc)})
    db.session.commit()
    upgrade(directory="migrations")
    users = db.metadata.tables["users"]
    token, must_change, totp = db.session.execute(
        select(users.c.session_token, users.c.must_change_password, users.c.totp_enabled)).one()
    db.session.commit()
    assert len(token) >= 40 and must_change is False and totp is False
    downgrade(directory="migrations", revision="0013_ticket_search")
    inspector = inspect(db.engine)
    assert "user_recovery_codes" not in inspector.get_table_names()
    assert "session_token" not in {c["name"] for c in inspector.get_columns("users")}


def test_the_outbox_attachment_migration_downgrades_and_upgrades_again(app, empty_database):
    upgrade(directory="migrations")
    downgrade(directory="migrations", revision="0014_auth_hardening")
    columns = {c["name"] for c in inspect(db.engine).get_columns("outbox_messages")}
    assert "cabinet_report_id" not in columns
    upgrade(directory="migrations")
    inspector = inspect(db.engine)
    assert "cabinet_report_id" in {c["name"] for c in inspector.get_columns("outbox_messages")}
    assert [fk["referred_table"] for fk in inspector.get_foreign_keys("outbox_messages")] == [
        "cabinet_reports"]


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_the_agreement_evidence_migration_downgrades_and_upgrades_again(app, empty_database):
    upgrade(directory="migrations")
    downgrade(directory="migrations", revision="0018_meetings")
    columns = {c["name"] for c in inspect(db.engine).get_columns("agreement_events")}
    assert "evidence_stored_name" not in columns and "evidence" in columns
    upgrade(directory="migrations")
    inspector = inspect(db.engine)
    columns = {c["name"] for c in inspector.get_columns("agreement_events")}
    assert {"evidence_file_name", "evidence_stored_name", "evidence_content_type",
            "evidence_size"} <= columns
