"""portal: index on the citizens' answers by date (satisfaction statistics)

Revision ID: 0007_portal
Revises: 0002_tickets
Create Date: 2026-11-29 06:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0007_portal"
down_revision = "0002_tickets"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ticket_feedback", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_feedback_created_at", ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("ticket_feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_feedback_created_at")
