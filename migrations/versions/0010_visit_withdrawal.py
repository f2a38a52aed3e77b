"""visits: a month's typed or imported figures can be withdrawn (the counter shows again)

Revision ID: 0010_visit_withdrawal
Revises: 0009_ticket_list_order
Create Date: 2026-11-29 09:20:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0010_visit_withdrawal"
down_revision = "0009_ticket_list_order"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("monthly_visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn", sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table("visit_corrections", schema=None) as batch_op:
        batch_op.alter_column("new_visits", existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM visit_corrections WHERE new_visits IS NULL")
    with op.batch_alter_table("visit_corrections", schema=None) as batch_op:
        batch_op.alter_column("new_visits", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("monthly_visits", schema=None) as batch_op:
        batch_op.drop_column("withdrawn")
