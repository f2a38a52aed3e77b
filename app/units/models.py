"""Administrative units (and the periods during which they were active), the service catalog
(with its extra questions) and non-working days. Settings live in ``app/settings.py``."""
from datetime import date, datetime, time

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow


class Unit(db.Model):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    head_name: Mapped[str | None] = mapped_column(String(150))
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(default=True)
    # Optional override of the global weekly-report deadline (0 = Monday).
    report_deadline_weekday: Mapped[int | None] = mapped_column()
    report_deadline_time: Mapped[time | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    staff = relationship("User", back_populates="unit")

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class UnitActivityPeriod(db.Model):
    """An interval during which a unit was active: the weekly reports it owed come from these.

    Creating a unit opens one at ``created_at``; deactivating it closes the open one
    (``ended_at``); reactivating opens a new one. ``Unit.active`` and ``Unit.deactivated_at``
    keep describing the current state; the periods keep the history.
    """

    __tablename__ = "unit_activity_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit = relationship("Unit")

    def __repr__(self) -> str:
        return f"<UnitActivityPeriod unit={self.unit_id} {self.started_at}-{self.ended_at}>"


class Category(db.Model):
    """An entry of the service catalog."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    default_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    due_days: Mapped[int] = mapped_column(default=10)
    active: Mapped[bool] = mapped_column(default=True)
    public: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    default_unit = relationship("Unit")


class CategoryAttribute(db.Model):
    """An extra question a catalog entry asks when a request is filed (an Open311 attribute).

    ``code`` is the GeoReport attribute code (``attribute[code]`` in POST requests), unique
    within its category; ``position`` is the specification's ``order``; ``choices`` holds the
    ``{"key", "name"}`` pairs of the list datatypes (empty otherwise). Attributes are
    deactivated, never deleted: tickets keep their answers.
    """

    __tablename__ = "category_attributes"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    code: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    datatype: Mapped[str] = mapped_column(String(20))
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=1)
    choices: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)

    category = relationship("Category")

    __table_args__ = (UniqueConstraint("category_id", "code",
                                       name="uq_category_attributes_category_id_code"),)


class NonWorkingDay(db.Model):
    """A municipal non-working day added by the administrator."""

    __tablename__ = "non_working_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    description: Mapped[str] = mapped_column(String(150))

