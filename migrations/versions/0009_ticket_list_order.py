"""tickets: (created_at, id) index, the list's default order, so a page needs no sort

Revision ID: 0009_ticket_list_order
Revises: 0008_service_attributes
Create Date: 2026-11-29 09:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0009_ticket_list_order"
down_revision = "0008_service_attributes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index("ix_tickets_created_at_id", ["created_at", "id"], unique=False)
        batch_op.drop_index("ix_tickets_created_at")


def downgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index("ix_tickets_created_at", ["created_at"], unique=False)
        batch_op.drop_index("ix_tickets_created_at_id")
