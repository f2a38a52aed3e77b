"""stats: the most overdue tickets at a closed day's end, of all and of each unit (past lists)

Revision ID: 0026_overdue_snapshots
Revises: 0025_citizen_counts
Create Date: 2026-12-01 21:20:00

Days closed before this migration have no lists (``stats_days.overdue_listed`` false): their
lists are computed from the history, as before, until ``flask stats-backfill`` rewrites them.
"""
from alembic import op
import sqlalchemy as sa


revision = '0026_overdue_snapshots'
down_revision = '0025_citizen_counts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stats_overdue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('every_unit', sa.Boolean(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stats_overdue'))
    )
    with op.batch_alter_table('stats_overdue', schema=None) as batch_op:
        batch_op.create_index('ix_stats_overdue_day_every_unit_rank',
                              ['day', 'every_unit', 'rank'], unique=False)
    with op.batch_alter_table('stats_days', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overdue_listed', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('stats_days', schema=None) as batch_op:
        batch_op.drop_column('overdue_listed')
    with op.batch_alter_table('stats_overdue', schema=None) as batch_op:
        batch_op.drop_index('ix_stats_overdue_day_every_unit_rank')
    op.drop_table('stats_overdue')
