"""When the scheduled mails go out: weekends, Mexican holidays and municipal days."""
from datetime import date, datetime, time, timezone

import pytest

from app.notifications.links import public_url
from app.notifications.schedule import digest_window, is_reminder_due, reminder_day
from app.timeutil import LOCAL_TZ

MUNICIPAL = frozenset({date(2026, 3, 5)})  # a Thursday the municipality declared non-working


def local(day, hour=9, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(timezone.utc)


@pytest.mark.parametrize("today,municipal,expected", [
    (date(2026, 3, 2), frozenset(), date(2026, 3, 4)),     # Monday -> Wednesday
    (date(2026, 3, 6), frozenset(), date(2026, 3, 10)),    # Friday -> over the weekend
    (date(2026, 3, 12), frozenset(), date(2026, 3, 17)),   # Thursday -> skips Mon 16 (holiday)
    (date(2026, 3, 3), MUNICIPAL, date(2026, 3, 6)),       # Tuesday -> skips the municipal day
    (date(2026, 3, 7), frozenset(), None),                 # Saturday: no digest
    (date(2026, 3, 8), frozenset(), None),                 # Sunday: no digest
    (date(2026, 3, 16), frozenset(), None),                # Benito Juárez: no digest
    (date(2026, 3, 5), MUNICIPAL, None),                   # municipal non-working day
])
def test_digest_runs_on_business_days_and_looks_two_business_days_ahead(today, municipal, expected):
    assert digest_window(today, municipal) == expected


@pytest.mark.parametrize("deadline,municipal,expected", [
    (local(date(2026, 3, 6), 15), frozenset(), date(2026, 3, 5)),   # Fri 15:00 -> Thursday
    (local(date(2026, 3, 6), 15), MUNICIPAL, date(2026, 3, 4)),     # Thursday off -> Wednesday
    (local(date(2026, 3, 9), 10), frozenset(), date(2026, 3, 6)),   # Mon 10:00 -> Friday before
    (local(date(2026, 3, 17), 10), frozenset(), date(2026, 3, 13)), # Tue after holiday Monday
    (local(date(2026, 3, 6), 0), frozenset(), date(2026, 3, 4)),    # Fri 00:00 ends Thursday
])
def test_reminder_day_is_the_business_day_before_the_deadline(deadline, municipal, expected):
    assert reminder_day(deadline, municipal) == expected


@pytest.mark.parametrize("now,due", [
    (local(date(2026, 3, 4), 18), False),         # Wednesday: too early
    (local(date(2026, 3, 5), 0, 1), True),        # Thursday, first minute
    (local(date(2026, 3, 6), 15, 0), True),       # at the deadline instant
    (local(date(2026, 3, 6), 15, 1), False),      # after it: the missed list takes over
])
def test_reminder_is_due_from_the_reminder_day_until_the_deadline(now, due):
    assert is_reminder_due(local(date(2026, 3, 6), 15), now) is due


def test_links_use_the_public_base_url_and_fall_back_to_the_path(app):
    app.config["PUBLIC_BASE_URL"] = "https://atencion.fresnillo.gob.mx/"
    assert public_url("notifications.preferences", "/x") == \
        "https://atencion.fresnillo.gob.mx/cuenta/avisos"
    assert public_url("no.such_endpoint", "/consulta?folio={folio}", folio="DW-2026-00001 &x") == \
        "https://atencion.fresnillo.gob.mx/consulta?folio=DW-2026-00001%20%26x"
