"""outbox: a mail may attach an archived cabinet PDF (the scheduled weekly memo)

Revision ID: 0015_outbox_cabinet_attachment
Revises: 0014_auth_hardening
Create Date: 2026-12-01 12:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0015_outbox_cabinet_attachment"
down_revision = "0014_auth_hardening"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cabinet_report_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_cabinet_report_id_cabinet_reports"),
            "cabinet_reports", ["cabinet_report_id"], ["id"])


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_messages_cabinet_report_id_cabinet_reports"),
            type_="foreignkey")
        batch_op.drop_column("cabinet_report_id")
