"""tickets: list indexes at scale (folio and citizen search, due order, overdue, triage, inbox)

Revision ID: 0013_ticket_search
Revises: 0012_unit_activity
Create Date: 2026-12-01 06:20:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0013_ticket_search"
down_revision = "0012_unit_activity"
branch_labels = None
depends_on = None

# The statuses whose due clock runs (app.tickets.constants.OVERDUE_STATUSES on this date).
OVERDUE_WHERE = "status IN ('canalizada', 'en_proceso')"
# Each of these indexes carries the list's other filter columns (INCLUDE, PostgreSQL only).
LIST_FILTER_COLUMNS = ["status", "unit_id", "category_id", "channel", "kind", "due_date"]
REPLACED = {"status": ["status", "created_at"], "unit_id": ["unit_id", "created_at"],
            "category_id": ["category_id", "created_at"]}
TRIAGE_WHERE = "status IN ('recibida', 'devuelta') AND channel IN ('web', 'api')"


def upgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index("ix_tickets_folio_trgm", ["folio"], unique=False,
                              postgresql_using="gin", postgresql_ops={"folio": "gin_trgm_ops"})
        batch_op.create_index("ix_tickets_due_date_id", ["due_date", "id"], unique=False)
        batch_op.create_index("ix_tickets_overdue_due_date", ["due_date", "id"], unique=False,
                              postgresql_where=sa.text(OVERDUE_WHERE),
                              sqlite_where=sa.text(OVERDUE_WHERE))
        batch_op.create_index("ix_tickets_triage_created_at", ["created_at", "id"], unique=False,
                              postgresql_where=sa.text(TRIAGE_WHERE),
                              sqlite_where=sa.text(TRIAGE_WHERE))
        batch_op.create_index("ix_tickets_unit_id_status_due_date_id",
                              ["unit_id", "status", "due_date", "id"], unique=False)
        batch_op.drop_index("ix_tickets_unit_id_status_due_date")
        for column in REPLACED:
            batch_op.create_index(
                f"ix_tickets_{column}_created_at_id", [column, "created_at", "id"], unique=False,
                postgresql_include=[c for c in LIST_FILTER_COLUMNS if c != column])
            batch_op.drop_index(f"ix_tickets_{column}_created_at")
    if op.get_bind().dialect.name == "postgresql":
        for column in ("search_name", "phone"):
            op.drop_index(f"ix_citizens_{column}", table_name="citizens")
            op.create_index(f"ix_citizens_{column}", "citizens", [column], unique=False,
                            postgresql_ops={column: "varchar_pattern_ops"})


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for column in ("search_name", "phone"):
            op.drop_index(f"ix_citizens_{column}", table_name="citizens")
            op.create_index(f"ix_citizens_{column}", "citizens", [column], unique=False)
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        for column, columns in REPLACED.items():
            batch_op.create_index(f"ix_tickets_{column}_created_at", columns, unique=False)
            batch_op.drop_index(f"ix_tickets_{column}_created_at_id")
        batch_op.create_index("ix_tickets_unit_id_status_due_date",
                              ["unit_id", "status", "due_date"], unique=False)
        batch_op.drop_index("ix_tickets_unit_id_status_due_date_id")
        batch_op.drop_index("ix_tickets_triage_created_at")
        batch_op.drop_index("ix_tickets_overdue_due_date")
        batch_op.drop_index("ix_tickets_due_date_id")
        batch_op.drop_index("ix_tickets_folio_trgm")
