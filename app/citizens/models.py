"""Citizens served by the front desk or the web portal."""
from datetime import datetime

from sqlalchemy import Index, String
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

    # Name and phone are searched by prefix (LIKE 'abc%'): the pattern operator class lets
    # PostgreSQL use the index whatever the database's collation (equality still uses it).
    __table_args__ = (
        Index("ix_citizens_email", "email"),
        Index("ix_citizens_search_name", "search_name",
              postgresql_ops={"search_name": "varchar_pattern_ops"}),
        Index("ix_citizens_phone", "phone", postgresql_ops={"phone": "varchar_pattern_ops"}),
    )
