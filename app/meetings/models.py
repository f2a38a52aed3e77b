"""Meetings, their agenda and attendance, agreements and the agreements' append-only history."""
from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow

ORDINARY = "ordinaria"
EXTRAORDINARY = "extraordinaria"
KIND_LABELS = {ORDINARY: "Ordinaria", EXTRAORDINARY: "Extraordinaria"}

meeting_units = Table(
    "meeting_units", db.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id"), primary_key=True),
)

agreement_units = Table(
    "agreement_units", db.metadata,
    Column("agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id"), primary_key=True, index=True),
)


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=ORDINARY)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The archived minutes (a cabinet_reports row of kind "minutes").
    minutes_id: Mapped[int | None] = mapped_column(ForeignKey("cabinet_reports.id"))

    created_by = relationship("User")
    present_units = relationship("Unit", secondary=meeting_units, order_by="Unit.name")
    agenda = relationship("AgendaItem", back_populates="meeting", order_by="AgendaItem.position",
                          cascade="all, delete-orphan")
    agreements = relationship("Agreement", back_populates="meeting", order_by="Agreement.id")
    minutes = relationship("CabinetReport", foreign_keys=[minutes_id])


class AgendaItem(db.Model):
    """One point of the agenda: proposed from the data (``source``) or added by the Secretaría."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(20), default="manual")
    text: Mapped[str] = mapped_column(Text)
    discussed: Mapped[bool] = mapped_column(default=False)

    meeting = relationship("Meeting", back_populates="agenda")


class Agreement(db.Model):
    """A decision of a meeting; its status is written only by ``app/meetings/workflow.py``."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the unit last reported it done (cumplido propuesto): decides «on time».
    reported_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    meeting = relationship("Meeting", back_populates="agreements")
    units = relationship("Unit", secondary=agreement_units, order_by="Unit.name",
                         lazy="selectin")  # every list shows them: one query per page
    events = relationship("AgreementEvent", back_populates="agreement",
                          order_by="AgreementEvent.id")

    __table_args__ = (Index("ix_agreements_status_due_date", "status", "due_date"),)


class AgreementEvent(db.Model):
    """Append-only history: one row per status change, with who and when."""

    __tablename__ = "agreement_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    status_from: Mapped[str | None] = mapped_column(String(20))
    status_to: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    # The optional evidence file of a «cumplido propuesto», stored like ticket attachments
    # (``app/tickets/files.py``: outside static/, under a random name in UPLOAD_DIR).
    evidence_file_name: Mapped[str | None] = mapped_column(String(255))
    evidence_stored_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    evidence_content_type: Mapped[str | None] = mapped_column(String(100))
    evidence_size: Mapped[int | None] = mapped_column()

    agreement = relationship("Agreement", back_populates="events")
    actor = relationship("User")


class MeetingFollowup(db.Model):
    """The follow-up PDF archived for one responsible unit of a meeting (once)."""

    __tablename__ = "meeting_followups"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    report_id: Mapped[int] = mapped_column(ForeignKey("cabinet_reports.id"))

    report = relationship("CabinetReport")

    __table_args__ = (UniqueConstraint("meeting_id", "unit_id"),)
