"""agreement history rows carry an optional evidence file (cumplido propuesto)

Revision ID: 0020_agreement_evidence
Revises: 0019_stats_rollups
Create Date: 2026-12-01 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_agreement_evidence'
down_revision = "0019_stats_rollups"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agreement_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_file_name', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('evidence_stored_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('evidence_content_type', sa.String(length=100),
                                      nullable=True))
        batch_op.add_column(sa.Column('evidence_size', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_agreement_events_evidence_stored_name'), ['evidence_stored_name'])


def downgrade():
    with op.batch_alter_table('agreement_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_agreement_events_evidence_stored_name'),
                                 type_='unique')
        batch_op.drop_column('evidence_size')
        batch_op.drop_column('evidence_content_type')
        batch_op.drop_column('evidence_stored_name')
        batch_op.drop_column('evidence_file_name')
