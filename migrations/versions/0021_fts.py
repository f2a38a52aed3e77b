"""tickets: full-text search of the description (spanish, unaccent, GIN) replaces its trigram
index

Revision ID: 0021_fts
Revises: 0020_agreement_evidence
Create Date: 2026-12-02 09:00:00

On PostgreSQL adding the stored column rewrites the tickets table (each description's
vector is computed once: about 10 s a million tickets, the table locked meanwhile).
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0021_fts"
down_revision = '0020_agreement_evidence'
branch_labels = None
depends_on = None

# As app/tickets/fulltext.py has them on this date.
CREATE_UNACCENT = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$")
VECTOR = "to_tsvector('spanish'::regconfig, immutable_unaccent(description))"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in CREATE_UNACCENT:
            op.execute(statement)
        column = sa.Column("description_search", postgresql.TSVECTOR(),
                           sa.Computed(VECTOR, persisted=True), nullable=True)
    else:
        # SQLite: a virtual NULL, never stored, so the schema matches the model. Not in a
        # batch: that would rebuild the table and lose its expression indexes.
        column = sa.Column("description_search", sa.Text(), sa.Computed("NULL"), nullable=True)
    op.add_column("tickets", column)
    op.create_index("ix_tickets_description_search", "tickets", ["description_search"],
                    unique=False, postgresql_using="gin")
    op.drop_index("ix_tickets_description_trgm", table_name="tickets")


def downgrade():
    op.create_index("ix_tickets_description_trgm", "tickets", ["description"], unique=False,
                    postgresql_using="gin", postgresql_ops={"description": "gin_trgm_ops"})
    op.drop_index("ix_tickets_description_search", table_name="tickets")
    op.drop_column("tickets", "description_search")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS immutable_unaccent(text)")
