"""Folio numbering: sequential per prefix and year, safe under concurrency."""
import secrets

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.tickets.models import FolioCounter

LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def next_folio(prefix: str, year: int) -> str:
    """Reserve the next number for prefix/year and return e.g. ``AC-2026-000123``.

    The counter row is incremented with a single UPDATE ... RETURNING, which takes
    a row lock on PostgreSQL: concurrent transactions queue on it and never share
    a number. The lock is held until the caller's transaction commits.
    """
    connection = db.session.connection()  # Core: no autoflush, same transaction
    value = _increment(connection, prefix, year)
    if value is None:  # first folio of the year: create the counter, then take a number
        _ensure_counter(connection, prefix, year)
        value = _increment(connection, prefix, year)
    return format_folio(prefix, year, value)


def _increment(connection, prefix: str, year: int) -> int | None:
    return connection.execute(
        update(FolioCounter)
        .where(FolioCounter.prefix == prefix, FolioCounter.year == year)
        .values(last_value=FolioCounter.last_value + 1)
        .returning(FolioCounter.last_value)
    ).scalar_one_or_none()


def _ensure_counter(connection, prefix: str, year: int) -> None:
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    connection.execute(
        insert(FolioCounter)
        .values(prefix=prefix, year=year, last_value=0)
        .on_conflict_do_nothing(index_elements=["prefix", "year"])
    )


def format_folio(prefix: str, year: int, value: int) -> str:
    return f"{prefix}-{year}-{value:06d}"


def new_lookup_code() -> str:
    """A private 8-character code the citizen uses with the folio."""
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(8))


def get_counter_value(prefix: str, year: int) -> int:
    """Last number issued for prefix/year (0 when none)."""
    value = db.session.scalar(
        select(FolioCounter.last_value).where(
            FolioCounter.prefix == prefix, FolioCounter.year == year)
    )
    return value or 0
