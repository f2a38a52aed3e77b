"""The colonias catalogue and its change history.

A colonia is a SEPOMEX settlement of the configured municipality (or one the administrator
added). Renamed or merged colonias keep their row: a merged one points to the colonia that
absorbed it (``merged_into_id``) and is no longer offered, so old references still resolve.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow

# Where a row came from.
SOURCE_SEPOMEX = "sepomex"
SOURCE_MANUAL = "manual"

# ColoniaChange.action values.
IMPORTED = "importada"
ADDED = "agregada"
RENAMED = "renombrada"
MERGED = "fusionada"
MAPPED = "asignada"  # free-text colonias of tickets mapped to this catalogue entry
MATCHED = "cotejada"  # the match command linked free-text colonias to this entry


class Colonia(db.Model):
    __tablename__ = "colonias"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(60))  # SEPOMEX d_tipo_asenta: Colonia, Barrio…
    postal_code: Mapped[str] = mapped_column(String(5))
    city: Mapped[str | None] = mapped_column(String(120))
    # SEPOMEX id_asenta_cpcons: unique within the municipality; None for manual entries.
    sepomex_id: Mapped[str | None] = mapped_column(String(10))
    # The accent-free, lower-case name: typeahead and matching read it.
    search_name: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(10), default=SOURCE_SEPOMEX)
    active: Mapped[bool] = mapped_column(default=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("colonias.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    merged_into = relationship("Colonia", remote_side=[id])

    __table_args__ = (
        Index("ix_colonias_search_name", "search_name"),
        Index("ix_colonias_postal_code_sepomex_id", "postal_code", "sepomex_id"),
    )

    @property
    def label(self) -> str:
        """How forms list it: «Centro (Colonia), C.P. 99000»."""
        return f"{self.name} ({self.kind}), C.P. {self.postal_code}"


class ColoniaChange(db.Model):
    """Append-only history of the catalogue: imports, additions, renames, merges, mappings."""

    __tablename__ = "colonia_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    colonia_id: Mapped[int] = mapped_column(ForeignKey("colonias.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    # A merge: the colonia that absorbed this one.
    target_id: Mapped[int | None] = mapped_column(ForeignKey("colonias.id"))
    detail: Mapped[str | None] = mapped_column(Text)
    tickets: Mapped[int] = mapped_column(default=0)  # tickets it re-pointed
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    colonia = relationship("Colonia", foreign_keys=[colonia_id])
    target = relationship("Colonia", foreign_keys=[target_id])
    actor = relationship("User")
