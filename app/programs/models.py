"""Work programs: the plan's axes, each unit's yearly program, its actions, their history and
the progress each weekly report carries."""
from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow

QUANTITY = "cantidad"   # a goal counted in its own unit (120 luminarias, 35 km)
MILESTONE = "hito"      # a goal counted in percent (100 %)
LINEAR = "lineal"
QUARTERLY = "trimestral"


class PlanAxis(db.Model):
    """An axis of the municipal development plan (eje) with its objective; kept by the
    Secretaría and the admin."""

    __tablename__ = "plan_axes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    objective: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)


class WorkProgram(db.Model):
    """A unit's program for a year; its status is written only by ``lifecycle.py``."""

    __tablename__ = "work_programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))
    # 0 until approved; each change after approval adds one.
    version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit = relationship("Unit")
    actions = relationship("ProgramAction", back_populates="program",
                           order_by="ProgramAction.key")
    events = relationship("ProgramEvent", back_populates="program", order_by="ProgramEvent.id")

    __table_args__ = (UniqueConstraint("unit_id", "year"),
                      Index("ix_work_programs_year_status", "year", "status"))


class ProgramAction(db.Model):
    """One planned action: its goal, dates and curve. Cancelled with a reason, never deleted."""

    __tablename__ = "program_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("work_programs.id"), index=True)
    key: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    axis_id: Mapped[int] = mapped_column(ForeignKey("plan_axes.id"), index=True)
    goal_kind: Mapped[str] = mapped_column(String(20), default=QUANTITY)
    goal: Mapped[float] = mapped_column(Float)
    measure: Mapped[str] = mapped_column(String(60))  # «luminarias», «km», «%»
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    curve: Mapped[str] = mapped_column(String(20), default=LINEAR)
    # Quarterly curve: the cumulative quantity due by the end of each calendar quarter.
    target_q1: Mapped[float | None] = mapped_column(Float)
    target_q2: Mapped[float | None] = mapped_column(Float)
    target_q3: Mapped[float | None] = mapped_column(Float)
    target_q4: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancel_reason: Mapped[str | None] = mapped_column(Text)

    program = relationship("WorkProgram", back_populates="actions")
    axis = relationship("PlanAxis", lazy="joined")  # every list shows it

    __table_args__ = (UniqueConstraint("program_id", "key"),)

    @property
    def targets(self) -> tuple:
        return (self.target_q1, self.target_q2, self.target_q3, self.target_q4)


class ProgramActionTerms(db.Model):
    """An approved action's plan terms from ``valid_from`` on: written at the program's
    approval and at each change after it, so the figures of a past date read the plan that
    was in force then."""

    __tablename__ = "program_action_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("program_actions.id"))
    version: Mapped[int] = mapped_column()  # the program's version it belongs to
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime())
    goal_kind: Mapped[str] = mapped_column(String(20))
    goal: Mapped[float] = mapped_column(Float)
    measure: Mapped[str] = mapped_column(String(60))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    curve: Mapped[str] = mapped_column(String(20))
    target_q1: Mapped[float | None] = mapped_column(Float)
    target_q2: Mapped[float | None] = mapped_column(Float)
    target_q3: Mapped[float | None] = mapped_column(Float)
    target_q4: Mapped[float | None] = mapped_column(Float)

    action = relationship("ProgramAction")

    # Its index serves the figures' pick: the highest version in force per action.
    __table_args__ = (UniqueConstraint("action_id", "version"),)

    @property
    def targets(self) -> tuple:
        return (self.target_q1, self.target_q2, self.target_q3, self.target_q4)


TERM_FIELDS = ("goal_kind", "goal", "measure", "starts_on", "ends_on", "curve", "target_q1",
               "target_q2", "target_q3", "target_q4")


class ProgramEvent(db.Model):
    """Append-only history of a program: submitted, approved, returned, every change after
    approval (a new version, with its reason and what changed)."""

    __tablename__ = "program_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("work_programs.id"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("program_actions.id"))
    version: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)      # the reason or the returning note
    changes: Mapped[str | None] = mapped_column(Text)   # «Meta: 100 → 120 luminarias»
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    program = relationship("WorkProgram", back_populates="events")
    action = relationship("ProgramAction")
    actor = relationship("User", lazy="joined")


class ActionProgress(db.Model):
    """The cumulative progress of one action in one version of a weekly report.

    ``week_start`` repeats the report's Monday so the figures read a week range by index;
    ``current`` marks the rows of the report's current version (a resubmission keeps the
    earlier rows, no longer current), so the figures need no join to the reports."""

    __tablename__ = "action_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("weekly_reports.id"))
    version: Mapped[int] = mapped_column()
    action_id: Mapped[int] = mapped_column(ForeignKey("program_actions.id"))
    week_start: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    comment: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)       # why the progress went down
    evidence: Mapped[str | None] = mapped_column(Text)   # a link or where the proof is
    current: Mapped[bool] = mapped_column(default=True)

    action = relationship("ProgramAction", lazy="joined")

    __table_args__ = (UniqueConstraint("report_id", "version", "action_id"),
                      Index("ix_action_progress_action_id_week_start", "action_id",
                            "week_start"))
