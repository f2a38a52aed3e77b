"""search and assignment: trigram indexes on citizens' names and phones; a ticket's assignee;
possible duplicates by lower(colonia)

Revision ID: 0017_search_assignment
Revises: 0016_ticket_event_due
Create Date: 2026-12-01 14:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0017_search_assignment"
down_revision = "0016_ticket_event_due"
branch_labels = None
depends_on = None

TRIGRAM_COLUMNS = ("search_name", "phone")


def upgrade():
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        for column in TRIGRAM_COLUMNS:
            batch_op.create_index(f"ix_citizens_{column}_trgm", [column], unique=False,
                                  postgresql_using="gin",
                                  postgresql_ops={column: "gin_trgm_ops"})
    for table in ("tickets", "ticket_events"):
        _add_assignee_column(table)
    op.create_index("ix_tickets_assignee_id_status_due_date_id", "tickets",
                    ["assignee_id", "status", "due_date", "id"], unique=False)
    op.create_index("ix_tickets_lower_colonia_created_at", "tickets",
                    [sa.text("lower(colonia)"), "created_at"], unique=False)


def _add_assignee_column(table: str) -> None:
    """A nullable users FK. SQLite adds it in place: a batch would rebuild the table and lose
    its expression index (ix_tickets_finished_at)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN assignee_id INTEGER "
                   f"CONSTRAINT fk_{table}_assignee_id_users REFERENCES users (id)")
        return
    op.add_column(table, sa.Column("assignee_id", sa.Integer(), nullable=True))
    op.create_foreign_key(f"fk_{table}_assignee_id_users", table, "users",
                          ["assignee_id"], ["id"])


def downgrade():
    op.drop_index("ix_tickets_lower_colonia_created_at", table_name="tickets")
    op.drop_index("ix_tickets_assignee_id_status_due_date_id", table_name="tickets")
    for table in ("ticket_events", "tickets"):
        if op.get_bind().dialect.name == "sqlite":
            # SQLite cannot drop a foreign key column in place: the batch rebuilds the table,
            # without its expression index, which is created again.
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.drop_column("assignee_id")
            if table == "tickets":
                op.create_index("ix_tickets_finished_at", "tickets",
                                [sa.text("coalesce(resolved_at, closed_at)")], unique=False)
        else:
            op.drop_constraint(f"fk_{table}_assignee_id_users", table, type_="foreignkey")
            op.drop_column(table, "assignee_id")
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        for column in TRIGRAM_COLUMNS:
            batch_op.drop_index(f"ix_citizens_{column}_trgm")
