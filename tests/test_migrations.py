"""The Alembic migrations build exactly the schema the models describe."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app.extensions import db
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


EXPRESSION_INDEXES = {"ix_tickets_finished_at"}


def _index_names(connection) -> set[str]:
    if connection.dialect.name == "postgresql":
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = 'tickets'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'"
    return set(connection.exec_driver_sql(sql).scalars())
