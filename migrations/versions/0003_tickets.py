"""tickets: list filter indexes and trigram text search

Revision ID: 0002_tickets
Revises: 0006_stats
Create Date: 2026-11-29 04:59:42.179292

File renamed from 0002_tickets.py so the files sort in chain order; the revision id is unchanged
(deployed databases store it in alembic_version).

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002_tickets'
down_revision = '0006_stats'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_description_trgm', ['description'], unique=False, postgresql_using='gin', postgresql_ops={'description': 'gin_trgm_ops'})
        batch_op.create_index('ix_tickets_kind_created_at', ['kind', 'created_at'], unique=False)
        batch_op.create_index('ix_tickets_status_created_at', ['status', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_status_created_at')
        batch_op.drop_index('ix_tickets_kind_created_at')
        batch_op.drop_index('ix_tickets_description_trgm', postgresql_using='gin', postgresql_ops={'description': 'gin_trgm_ops'})
