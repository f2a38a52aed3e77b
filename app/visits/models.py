"""Website visits: monthly figures, their corrections and the built-in counter."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow


class MonthlyVisit(db.Model):
    """A month's figures entered by hand or imported; overrides the counter."""

    __tablename__ = "monthly_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    month: Mapped[int] = mapped_column()
    visits: Mapped[int] = mapped_column()
    unique_visitors: Mapped[int | None] = mapped_column()
    page_views: Mapped[int | None] = mapped_column()
    source: Mapped[str] = mapped_column(String(20))  # manual, ga4, matomo
    # Withdrawn by the secretary: the month shows the counter again; the row keeps the history.
    withdrawn: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    updated_by = relationship("User")

    __table_args__ = (UniqueConstraint("year", "month"),)

    @property
    def overrides(self) -> bool:
        """Whether these figures replace the counter's (not withdrawn)."""
        return not self.withdrawn


class VisitCorrection(db.Model):
    """Who changed a month's figures, when, and what they were before."""

    __tablename__ = "visit_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    monthly_visit_id: Mapped[int] = mapped_column(ForeignKey("monthly_visits.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    source: Mapped[str] = mapped_column(String(20))
    previous_visits: Mapped[int | None] = mapped_column()
    previous_unique_visitors: Mapped[int | None] = mapped_column()
    previous_page_views: Mapped[int | None] = mapped_column()
    new_visits: Mapped[int | None] = mapped_column()  # None: the figures were withdrawn
    new_unique_visitors: Mapped[int | None] = mapped_column()
    new_page_views: Mapped[int | None] = mapped_column()

    user = relationship("User")


class CounterDay(db.Model):
    """Built-in counter totals for one local day (no row per hit)."""

    __tablename__ = "counter_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    page_views: Mapped[int] = mapped_column(default=0)
    unique_visitors: Mapped[int] = mapped_column(default=0)


class CounterVisitor(db.Model):
    """Salted daily hash of a visitor, kept only to count uniques that day."""

    __tablename__ = "counter_visitors"

    day: Mapped[date] = mapped_column(primary_key=True)
    visitor_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
