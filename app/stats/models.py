"""Cabinet PDFs as they were handed to the cabinet: the weekly memo and, from the meetings
feature, the minutes and the per-unit follow-ups (``kind``)."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, false
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


# --- Daily rollups (app/stats/rollups.py): what each closed local day added. ---------------
DAY, MONTH = "d", "m"  # grain: a day's rows, or a whole closed month's (day = its 1st)


class StatsDay(db.Model):
    """A local day whose rollups are written (closed); its rows are read instead of the
    tickets. Written in the same transaction as the rows."""

    __tablename__ = "stats_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Its most overdue tickets are in stats_overdue (days closed before migration 0026: no).
    overdue_listed: Mapped[bool] = mapped_column(default=False, server_default=false())


class StatsFlow(db.Model):
    """Received, channeled and concluded of a day (or month) per unit, channel, kind and
    category."""

    __tablename__ = "stats_flows"

    id: Mapped[int] = mapped_column(primary_key=True)
    grain: Mapped[str] = mapped_column(String(1))
    day: Mapped[date] = mapped_column()
    unit_id: Mapped[int | None] = mapped_column()
    channel: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    category_id: Mapped[int] = mapped_column()
    received: Mapped[int] = mapped_column()
    channeled: Mapped[int] = mapped_column()
    concluded: Mapped[int] = mapped_column()

    __table_args__ = (Index("ix_stats_flows_grain_day", "grain", "day"),)


class StatsColonia(db.Model):
    """Received of a day (or month) per unit and colonia (as typed, and the catalogue's),
    category and channel group (web or desk)."""

    __tablename__ = "stats_colonias"

    id: Mapped[int] = mapped_column(primary_key=True)
    grain: Mapped[str] = mapped_column(String(1))
    day: Mapped[date] = mapped_column()
    unit_id: Mapped[int | None] = mapped_column()
    colonia: Mapped[str | None] = mapped_column(String(120))
    colonia_id: Mapped[int | None] = mapped_column()
    category_id: Mapped[int] = mapped_column()
    web: Mapped[bool] = mapped_column()
    received: Mapped[int] = mapped_column()

    __table_args__ = (Index("ix_stats_colonias_grain_day", "grain", "day"),)


class StatsCitizen(db.Model):
    """The citizens with a citizen-attention request received that day (or month), per unit:
    distinct counts of any range are counted over these rows."""

    __tablename__ = "stats_citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    grain: Mapped[str] = mapped_column(String(1))
    day: Mapped[date] = mapped_column()
    unit_id: Mapped[int | None] = mapped_column()
    citizen_id: Mapped[int] = mapped_column()

    __table_args__ = (Index("ix_stats_citizens_grain_day_citizen_id", "grain", "day",
                            "citizen_id"),)


class StatsCitizenCount(db.Model):
    """The distinct citizens of a whole closed month: of every unit (``every_unit``) and of
    each unit (``unit_id``; None: tickets without a unit). Written with the month's rows, so
    a month's figure is one row, not a count over its citizens (the 12-month series)."""

    __tablename__ = "stats_citizen_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(index=True)
    every_unit: Mapped[bool] = mapped_column()
    unit_id: Mapped[int | None] = mapped_column()
    citizens: Mapped[int] = mapped_column()


class StatsResolution(db.Model):
    """A ticket solved that day (its first conclusion, as atendida or cerrada): the seconds
    from reception, for the medians and 90th percentiles of any range."""

    __tablename__ = "stats_resolutions"

    day: Mapped[date] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column()
    seconds: Mapped[int] = mapped_column()


class StatsOverdue(db.Model):
    """The most overdue tickets at a closed day's end, as they were then (``rank`` 1 is the
    most overdue): of all the units (``every_unit``; ``app/stats/rollups.OVERDUE_KEPT``) and
    of each unit (``OVERDUE_KEPT_PER_UNIT``). The past overdue lists of the dashboard and the
    memo read these rows, not the history."""

    __tablename__ = "stats_overdue"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column()
    every_unit: Mapped[bool] = mapped_column()
    unit_id: Mapped[int | None] = mapped_column()
    rank: Mapped[int] = mapped_column()
    ticket_id: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date] = mapped_column()

    __table_args__ = (Index("ix_stats_overdue_day_every_unit_rank", "day", "every_unit",
                            "rank"),)


class StatsState(db.Model):
    """Open (rezago) and overdue tickets per unit at a closed day's end."""

    __tablename__ = "stats_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    unit_id: Mapped[int | None] = mapped_column()
    open: Mapped[int] = mapped_column()
    overdue: Mapped[int] = mapped_column()
