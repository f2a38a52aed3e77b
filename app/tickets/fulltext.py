"""Full-text search of ticket descriptions: PostgreSQL's ``spanish`` configuration, accents
ignored (``unaccent``), a GIN index; SQLite keeps a plain ``ILIKE``.

A typed word matches the description's words of the same Spanish stem, whatever the case and
the accents: «baches» finds «bache», «alumbrado» finds «Alumbrado», «publico» finds «público».
Several words must all appear. Parts of a word do not match («lumin»): the citizen's name and
the folio keep their own prefix/suffix search (app/tickets/queries.py).

Why a stored generated column (``tickets.description_search``, tsvector, GIN index
``ix_tickets_description_search``) and not an expression index on ``to_tsvector(...)``: the
list shows the newest matches first, so for a common word («bache», one ticket in ten)
PostgreSQL walks the list order (``created_at`` index) and tests each row until it has a page.
Measured on 300,000 generated tickets (PostgreSQL 15), that walk took 2 ms with the stored
vector, where an expression index makes every row tested recompute
``to_tsvector(unaccent(description))`` (about 8 µs a row): 160 ms. A rare word is answered by
the GIN index either way. The price: about 90 bytes a ticket in the table, and the vector is
computed when a description is written. Exact words (``plainto_tsquery``), not prefixes,
because PostgreSQL's statistics estimate how many tickets hold a word, but not how many hold
a prefix; a wrong estimate picks the walk for a rare prefix and reads the whole table.

``unaccent()`` is only STABLE (it looks its dictionary up through ``search_path``), and a
generated column needs an IMMUTABLE expression: ``immutable_unaccent(text)`` wraps it, naming
the function and its dictionary with their schema (``public``, where
``CREATE EXTENSION unaccent`` puts them), the common practice. On SQLite the column exists
as a virtual (never stored) NULL, so one model describes both schemas.
"""
from sqlalchemy import DDL, ColumnElement, Computed, func, literal_column
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.types import Text

CONFIG = "spanish"
UNACCENT_FUNCTION = "immutable_unaccent"
CREATE_UNACCENT_SQL = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"CREATE OR REPLACE FUNCTION {UNACCENT_FUNCTION}(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$")
# What create_all (the tests) needs before the tickets table; the migration runs the same SQL.
CREATE_UNACCENT_DDL = [DDL(sql).execute_if(dialect="postgresql") for sql in CREATE_UNACCENT_SQL]
SEARCH_TYPE = TSVECTOR().with_variant(Text(), "sqlite")


class DescriptionVector(ColumnElement):
    """The generated column's expression: the description's Spanish lexemes (PostgreSQL)."""

    inherit_cache = True
    type = SEARCH_TYPE


@compiles(DescriptionVector, "postgresql")
def _vector_postgresql(element, compiler, **kw):
    return f"to_tsvector('{CONFIG}'::regconfig, {UNACCENT_FUNCTION}(description))"


@compiles(DescriptionVector)
def _vector_other(element, compiler, **kw):
    return "NULL"


def description_search_computed() -> Computed:
    """The ``Computed`` of ``Ticket.description_search`` (STORED on PostgreSQL, virtual on
    SQLite: persisted is left unsaid so each dialect renders its own)."""
    return Computed(DescriptionVector())


def matches(vector_column, typed: str):
    """``vector_column`` holds every word typed (Spanish stems, accents and case ignored)."""
    query = func.plainto_tsquery(literal_column(f"'{CONFIG}'::regconfig"),
                                 getattr(func, UNACCENT_FUNCTION)(typed))
    return vector_column.op("@@")(query)
