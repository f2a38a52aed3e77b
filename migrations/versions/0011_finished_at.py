"""tickets: index on coalesce(resolved_at, closed_at) for the concluded/backlog statistics

Revision ID: 0011_finished_at
Revises: 0010_visit_withdrawal
Create Date: 2026-11-29 09:35:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0011_finished_at"
down_revision = "0010_visit_withdrawal"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_tickets_finished_at", "tickets",
                    [sa.text("coalesce(resolved_at, closed_at)")], unique=False,
                    postgresql_include=["status", "created_at", "unit_id", "resolved_at",
                                        "closed_at"])


def downgrade():
    op.drop_index("ix_tickets_finished_at", table_name="tickets")
