"""stats: the distinct citizens of each whole closed month, of every unit and per unit

Revision ID: 0025_citizen_counts
Revises: 0024_program_versions
Create Date: 2026-12-01 21:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0025_citizen_counts'
down_revision = '0024_program_versions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stats_citizen_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('every_unit', sa.Boolean(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('citizens', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stats_citizen_counts'))
    )
    with op.batch_alter_table('stats_citizen_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stats_citizen_counts_month'), ['month'], unique=False)
    # The months already closed get their counts from their month rows (grain 'm').
    op.execute("INSERT INTO stats_citizen_counts (month, every_unit, unit_id, citizens) "
               "SELECT day, true, NULL, count(DISTINCT citizen_id) FROM stats_citizens "
               "WHERE grain = 'm' GROUP BY day")
    op.execute("INSERT INTO stats_citizen_counts (month, every_unit, unit_id, citizens) "
               "SELECT day, false, unit_id, count(*) FROM stats_citizens "
               "WHERE grain = 'm' GROUP BY day, unit_id")


def downgrade():
    with op.batch_alter_table('stats_citizen_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stats_citizen_counts_month'))
    op.drop_table('stats_citizen_counts')
