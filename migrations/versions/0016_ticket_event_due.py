"""ticket events keep the due date before and after each move (past figures as of a date)

Revision ID: 0016_ticket_event_due
Revises: 0015_outbox_cabinet_attachment
Create Date: 2026-12-01 14:00:00

Rows written before this revision get the ticket's current due date on the moves from or to a
status whose clock runs: exact unless the due date moved later (a re-channeling or a pause).
"""
import sqlalchemy as sa
from alembic import op


revision = "0016_ticket_event_due"
down_revision = "0015_outbox_cabinet_attachment"
branch_labels = None
depends_on = None

CLOCK_STATUSES = "('canalizada', 'en_proceso')"


def upgrade():
    with op.batch_alter_table("ticket_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_date_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("due_date_to", sa.Date(), nullable=True))
        batch_op.create_index("ix_ticket_events_type_created_at", ["type", "created_at"],
                              unique=False, postgresql_include=["ticket_id", "id", "status_from", "status_to"])
    for column, status in (("due_date_from", "status_from"), ("due_date_to", "status_to")):
        op.execute(f"UPDATE ticket_events SET {column} = (SELECT tickets.due_date FROM tickets "
                   f"WHERE tickets.id = ticket_events.ticket_id) "
                   f"WHERE type = 'status' AND {status} IN {CLOCK_STATUSES}")


def downgrade():
    with op.batch_alter_table("ticket_events", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_events_type_created_at")
        batch_op.drop_column("due_date_to")
        batch_op.drop_column("due_date_from")
