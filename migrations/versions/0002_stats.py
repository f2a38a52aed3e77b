"""statistics indexes: tickets channeled/resolved in a period, open backlog per unit

Revision ID: 0006_stats
Revises: 0001_initial
Create Date: 2026-11-29 05:30:00

File renamed from 0006_stats.py so the files sort in chain order; the revision id is unchanged
(deployed databases store it in alembic_version).

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0006_stats"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index("ix_tickets_channeled_at", ["channeled_at"], unique=False)
        batch_op.create_index("ix_tickets_resolved_at", ["resolved_at"], unique=False)
        batch_op.create_index("ix_tickets_status_unit_id_due_date", ["status", "unit_id", "due_date"],
                              unique=False)
        batch_op.create_index("ix_tickets_created_at_channel_citizen_id",
                              ["created_at", "channel", "citizen_id"], unique=False)


def downgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_created_at_channel_citizen_id")
        batch_op.drop_index("ix_tickets_status_unit_id_due_date")
        batch_op.drop_index("ix_tickets_resolved_at")
        batch_op.drop_index("ix_tickets_channeled_at")
