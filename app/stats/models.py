"""Cabinet PDFs as they were handed to the cabinet: the weekly memo and, from the meetings
feature, the minutes and the per-unit follow-ups (``kind``)."""
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow


class CabinetReport(db.Model):
    __tablename__ = "cabinet_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "memo" (weekly cabinet memo), "minutes" or "followup" (app/meetings).
    kind: Mapped[str] = mapped_column(String(20), default="memo", server_default="memo")
    iso_year: Mapped[int] = mapped_column()
    iso_week: Mapped[int] = mapped_column()
    notes: Mapped[str | None] = mapped_column(Text)
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)

    generated_by = relationship("User")
