"""Citizens served by the front desk or the web portal."""
from datetime import datetime

from sqlalchemy import DDL, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow


class Citizen(db.Model):
    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    # Lower-case, accent-free copy of the name for prefix search.
    search_name: Mapped[str] = mapped_column(String(150))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(255))
    colonia: Mapped[str | None] = mapped_column(String(120))
    localidad: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    # The intake matches a citizen by equal name and phone (the pattern operator class keeps
    # these usable for LIKE 'abc%' whatever the database's collation). The searches match a
    # word of the name or any part of the phone (LIKE '%abc%'): trigram indexes on PostgreSQL.
    __table_args__ = (
        Index("ix_citizens_email", "email"),
        Index("ix_citizens_search_name", "search_name",
              postgresql_ops={"search_name": "varchar_pattern_ops"}),
        Index("ix_citizens_phone", "phone", postgresql_ops={"phone": "varchar_pattern_ops"}),
        Index("ix_citizens_search_name_trgm", "search_name", postgresql_using="gin",
              postgresql_ops={"search_name": "gin_trgm_ops"}),
        Index("ix_citizens_phone_trgm", "phone", postgresql_using="gin",
              postgresql_ops={"phone": "gin_trgm_ops"}),
    )


# The trigram operator class must exist before the citizens table (tests use create_all).
event.listen(Citizen.__table__, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))
