"""program action terms per version: the plan in force at each date (goal, dates, curve)
for the figures of a past week; back-filled from the approved programs' current actions,
valid from the approval (or from the action's creation, when it came later)

Revision ID: 0024_program_versions
Revises: 0023_work_programs
Create Date: 2026-12-01 20:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024_program_versions'
down_revision = '0023_work_programs'
branch_labels = None
depends_on = None

TERMS = ('goal_kind', 'goal', 'measure', 'starts_on', 'ends_on', 'curve', 'target_q1',
         'target_q2', 'target_q3', 'target_q4')


def upgrade():
    op.create_table('program_action_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('goal_kind', sa.String(length=20), nullable=False),
    sa.Column('goal', sa.Float(), nullable=False),
    sa.Column('measure', sa.String(length=60), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('curve', sa.String(length=20), nullable=False),
    sa.Column('target_q1', sa.Float(), nullable=True),
    sa.Column('target_q2', sa.Float(), nullable=True),
    sa.Column('target_q3', sa.Float(), nullable=True),
    sa.Column('target_q4', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['program_actions.id'], name=op.f('fk_program_action_terms_action_id_program_actions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_action_terms')),
    sa.UniqueConstraint('action_id', 'version', name=op.f('uq_program_action_terms_action_id'))
    )
    _backfill()


def _backfill():
    """One INSERT … SELECT: the history before this revision is not kept, so every approved
    action's current terms stand for the whole year (what the figures showed until now)."""
    actions = sa.table('program_actions', sa.column('id'), sa.column('program_id'),
                       sa.column('created_at'), *[sa.column(name) for name in TERMS])
    programs = sa.table('work_programs', sa.column('id'), sa.column('version'),
                        sa.column('approved_at'))
    terms = sa.table('program_action_terms', sa.column('action_id'), sa.column('version'),
                     sa.column('valid_from'), *[sa.column(name) for name in TERMS])
    valid_from = sa.case((actions.c.created_at > programs.c.approved_at, actions.c.created_at),
                         else_=programs.c.approved_at)
    source = (sa.select(actions.c.id, programs.c.version, valid_from,
                        *[actions.c[name] for name in TERMS])
              .join(programs, programs.c.id == actions.c.program_id)
              .where(programs.c.approved_at.isnot(None)))
    op.execute(terms.insert().from_select(['action_id', 'version', 'valid_from', *TERMS],
                                          source))


def downgrade():
    op.drop_table('program_action_terms')
