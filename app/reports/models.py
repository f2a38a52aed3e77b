"""Weekly reports (informes semanales) handed in by each unit."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow


class WeeklyReport(db.Model):
    __tablename__ = "weekly_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    iso_year: Mapped[int] = mapped_column()
    iso_week: Mapped[int] = mapped_column()
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # First hand-in decides on time or late; later versions keep it.
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    summary: Mapped[str] = mapped_column(Text)
    # The free-text planned actions of reports from before the work programs, one per line
    # («Bacheo: 50 %»); progress on the programs' actions is in ``action_progress``.
    legacy_actions: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_stored_name: Mapped[str | None] = mapped_column(String(64))
    file_content_type: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(default=1)

    unit = relationship("Unit")
    submitter = relationship("User")

    __table_args__ = (UniqueConstraint("unit_id", "iso_year", "iso_week"),)


class WeeklyReportVersion(db.Model):
    """An earlier version of a weekly report, kept when it is resubmitted."""

    __tablename__ = "weekly_report_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("weekly_reports.id"), index=True)
    version: Mapped[int] = mapped_column()
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    summary: Mapped[str] = mapped_column(Text)
    legacy_actions: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_stored_name: Mapped[str | None] = mapped_column(String(64))
    file_content_type: Mapped[str | None] = mapped_column(String(100))


class ReportExcuse(db.Model):
    """A unit-week the secretary excused (justificado)."""

    __tablename__ = "report_excuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    iso_year: Mapped[int] = mapped_column()
    iso_week: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (UniqueConstraint("unit_id", "iso_year", "iso_week"),)
