"""When the scheduled mails go out: pure functions of ``now`` (tests pin the clock).

* Daily digest: only on business days (weekends, Mexican holidays and the municipality's
  non-working days send nothing); it lists the unit's tickets whose clock runs and whose due date
  is past (overdue) or within the next 2 business days.
* Report reminder: from the business day before the deadline's last day until the deadline.
  A deadline at 00:00 ends the day before (Friday 00:00 is the end of Thursday), so its
  reminder goes one business day before that.
"""
from datetime import date, datetime, timedelta

from app.businessdays import add_business_days, is_business_day, previous_business_day
from app.timeutil import to_local

DIGEST_BUSINESS_DAYS = 2


def digest_window(today: date, municipal=frozenset()) -> date | None:
    """The last due date the digest of ``today`` announces; None on a non-business day."""
    if not is_business_day(today, municipal):
        return None
    return add_business_days(today, DIGEST_BUSINESS_DAYS, municipal)


def reminder_day(deadline_at: datetime, municipal=frozenset()) -> date:
    """The local day the unit is reminded of a report deadline."""
    last_day = to_local(deadline_at - timedelta(microseconds=1)).date()
    return previous_business_day(last_day, municipal)


def is_reminder_due(deadline_at: datetime, now: datetime, municipal=frozenset()) -> bool:
    """From the reminder day on, and only while the deadline has not passed."""
    return reminder_day(deadline_at, municipal) <= to_local(now).date() and now <= deadline_at
