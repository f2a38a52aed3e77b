"""Table-driven tests of the deadline and compliance rules (no database, no client)."""
from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace

import pytest

from app.reports import compliance as cm
from app.timeutil import LOCAL_TZ
from app.validators import ValidationError

UTC = timezone.utc
FRIDAY_15 = cm.DeadlineRule(4, time(15, 0))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def unit(weekday=None, at=None):
    return SimpleNamespace(report_deadline_weekday=weekday, report_deadline_time=at)


@pytest.mark.parametrize("iso_year,iso_week,rule,expected_utc", [
    # Friday 15:00 local (UTC-6) = 21:00 UTC.
    (2026, 48, FRIDAY_15, utc(2026, 11, 27, 21, 0)),
    # A deadline at midnight is the first instant of that day.
    (2026, 48, cm.DeadlineRule(4, time(0, 0)), utc(2026, 11, 27, 6, 0)),
    # Monday 00:00: the very start of the report's week.
    (2026, 48, cm.DeadlineRule(0, time(0, 0)), utc(2026, 11, 23, 6, 0)),
    # Sunday 23:59 local is already Monday in UTC: still this week's deadline.
    (2026, 48, cm.DeadlineRule(6, time(23, 59)), utc(2026, 11, 30, 5, 59)),
    # Week 1 of 2026 starts on 29 December 2025: the deadline falls in the new year.
    (2026, 1, FRIDAY_15, utc(2026, 1, 2, 21, 0)),
    # Week 1 whose Monday is in the previous calendar year, deadline on that Monday.
    (2025, 1, cm.DeadlineRule(0, time(9, 0)), utc(2024, 12, 30, 15, 0)),
    # Week 53 of 2026 spans two years; its Friday is 1 January 2027.
    (2026, 53, FRIDAY_15, utc(2027, 1, 1, 21, 0)),
    (2020, 53, cm.DeadlineRule(3, time(12, 30)), utc(2020, 12, 31, 18, 30)),
    # A week spanning two months (26 October - 1 November 2026).
    (2026, 44, FRIDAY_15, utc(2026, 10, 30, 21, 0)),
    (2026, 44, cm.DeadlineRule(6, time(10, 0)), utc(2026, 11, 1, 16, 0)),
    # Before 2023 Mexico City kept summer time (UTC-5).
    (2022, 14, FRIDAY_15, utc(2022, 4, 8, 20, 0)),
])
def test_deadline_for_week(iso_year, iso_week, rule, expected_utc):
    assert cm.deadline_for_week(iso_year, iso_week, rule) == expected_utc


@pytest.mark.parametrize("iso_year,iso_week,message", [
    (2025, 53, "La semana indicada no existe."), (2026, 54, "La semana indicada no existe."),
    (2026, 0, "La semana indicada no existe."), (0, 1, "de los años 2000 a 2100"),
    (1999, 52, "de los años 2000 a 2100"), (9999, 52, "de los años 2000 a 2100"),
])
def test_a_week_that_does_not_exist_is_refused_in_spanish(iso_year, iso_week, message):
    with pytest.raises(ValidationError, match=message):
        cm.deadline_for_week(iso_year, iso_week, cm.DeadlineRule(6, time(23, 59)))


@pytest.mark.parametrize("unit_weekday,unit_time,expected", [
    (None, None, FRIDAY_15),
    (2, None, cm.DeadlineRule(2, time(15, 0))),
    (None, time(9, 30), cm.DeadlineRule(4, time(9, 30))),
    (0, time(0, 0), cm.DeadlineRule(0, time(0, 0))),
])
def test_unit_override_replaces_each_half_of_the_global_rule(unit_weekday, unit_time, expected):
    assert cm.unit_rule(unit(weekday=unit_weekday, at=unit_time), FRIDAY_15) == expected


def test_unit_deadline_uses_the_override():
    override = unit(weekday=0, at=time(10, 0))
    assert cm.unit_deadline(override, 2026, 48, FRIDAY_15) == utc(2026, 11, 23, 16, 0)


DEADLINE = utc(2026, 11, 27, 21, 0)


@pytest.mark.parametrize("owed,submitted_at,excused,now,expected", [
    (True, DEADLINE, False, DEADLINE, cm.A_TIEMPO),  # exactly at the deadline
    (True, DEADLINE - timedelta(days=3), False, DEADLINE + timedelta(days=30), cm.A_TIEMPO),
    (True, DEADLINE + timedelta(seconds=1), False, DEADLINE + timedelta(seconds=1),
     cm.EXTEMPORANEO),  # one second after
    (True, DEADLINE + timedelta(days=40), False, DEADLINE + timedelta(days=40), cm.EXTEMPORANEO),
    (True, None, False, DEADLINE, cm.PENDIENTE),  # the deadline instant has not passed yet
    (True, None, False, DEADLINE - timedelta(days=2), cm.PENDIENTE),
    (True, None, False, DEADLINE + timedelta(seconds=1), cm.NO_ENTREGADO),
    (True, None, True, DEADLINE + timedelta(days=1), cm.JUSTIFICADO),
    (True, DEADLINE + timedelta(hours=1), True, DEADLINE + timedelta(days=1), cm.JUSTIFICADO),
    (True, None, True, DEADLINE - timedelta(days=1), cm.JUSTIFICADO),
    (False, None, False, DEADLINE + timedelta(days=1), None),
    (False, DEADLINE, True, DEADLINE + timedelta(days=1), None),
])
def test_week_status(owed, submitted_at, excused, now, expected):
    assert cm.week_status(owed=owed, deadline_at=DEADLINE, submitted_at=submitted_at,
                          excused=excused, now=now) == expected


@pytest.mark.parametrize("deadline_rule,submitted_local,expected", [
    # Midnight deadline: 23:59:59 of the day before is on time, 00:00:01 is late.
    (cm.DeadlineRule(4, time(0, 0)), datetime(2026, 11, 26, 23, 59, 59), cm.A_TIEMPO),
    (cm.DeadlineRule(4, time(0, 0)), datetime(2026, 11, 27, 0, 0, 0), cm.A_TIEMPO),
    (cm.DeadlineRule(4, time(0, 0)), datetime(2026, 11, 27, 0, 0, 1), cm.EXTEMPORANEO),
    (FRIDAY_15, datetime(2026, 11, 27, 15, 0, 0), cm.A_TIEMPO),
    (FRIDAY_15, datetime(2026, 11, 27, 15, 0, 1), cm.EXTEMPORANEO),
])
def test_submission_around_the_deadline_in_local_time(deadline_rule, submitted_local, expected):
    deadline = cm.deadline_for_week(2026, 48, deadline_rule)
    submitted = submitted_local.replace(tzinfo=LOCAL_TZ).astimezone(UTC)
    assert cm.week_status(owed=True, deadline_at=deadline, submitted_at=submitted,
                          excused=False, now=submitted) == expected


# Week 48 of 2026 opens on Monday 23 November 2026 00:00 local = 06:00 UTC.
WEEK_START = utc(2026, 11, 23, 6, 0)
NEXT_WEEK_START = WEEK_START + timedelta(days=7)
LONG_AGO = WEEK_START - timedelta(days=300)


def periods(*spans):
    return [cm.ActivityPeriod(started_at, ended_at) for started_at, ended_at in spans]


@pytest.mark.parametrize("spans,owes", [
    ([(LONG_AGO, None)], True),
    ([(WEEK_START, None)], True),  # created at Monday 00:00 sharp: owes that week
    ([(WEEK_START + timedelta(seconds=1), None)], False),  # created mid-week: from next week
    ([(WEEK_START + timedelta(days=6, hours=17), None)], False),
    ([(WEEK_START - timedelta(seconds=1), None)], True),
    ([(LONG_AGO, WEEK_START)], False),  # deactivated that Monday
    ([(LONG_AGO, WEEK_START + timedelta(days=3))], False),
    ([(LONG_AGO, NEXT_WEEK_START - timedelta(seconds=1))], False),
    ([(LONG_AGO, NEXT_WEEK_START)], True),  # deactivated from next Monday on
    ([(LONG_AGO, NEXT_WEEK_START + timedelta(days=20))], True),
    ([], False),  # no period: marked inactive without a deactivation date
    # Deactivated and reactivated within the week: no period covers all of it.
    ([(LONG_AGO, WEEK_START + timedelta(days=1)), (WEEK_START + timedelta(days=2), None)], False),
    ([(LONG_AGO, WEEK_START + timedelta(hours=1)), (WEEK_START + timedelta(hours=2), None)],
     False),
    # Reactivated at Monday 00:00 sharp: owes that week.
    ([(LONG_AGO, WEEK_START - timedelta(days=10)), (WEEK_START, None)], True),
    # Deactivated mid-week and reactivated the next week: owes neither.
    ([(LONG_AGO, WEEK_START + timedelta(days=2)),
      (NEXT_WEEK_START + timedelta(days=1), None)], False),
    # Closed period before and one that opened later: the week falls in the gap.
    ([(LONG_AGO, WEEK_START - timedelta(days=7)),
      (WEEK_START + timedelta(days=1), NEXT_WEEK_START + timedelta(days=30))], False),
    # Order does not matter; overlapping periods are harmless.
    ([(WEEK_START + timedelta(days=1), None), (LONG_AGO, NEXT_WEEK_START)], True),
    ([(LONG_AGO, None), (LONG_AGO, WEEK_START)], True),
])
def test_unit_owes_week(spans, owes):
    assert cm.unit_owes_week(periods(*spans), 2026, 48) is owes


def test_unit_created_mid_week_owes_from_the_next_week():
    created = periods((WEEK_START + timedelta(days=2), None))
    assert [cm.unit_owes_week(created, 2026, w) for w in (47, 48, 49, 50)] == [
        False, False, True, True]


def test_deactivated_unit_stops_owing_from_the_week_it_was_deactivated():
    gone = periods((LONG_AGO, WEEK_START + timedelta(days=2)))
    assert [cm.unit_owes_week(gone, 2026, w) for w in (46, 47, 48, 49)] == [
        True, True, False, False]


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ).astimezone(UTC)


# Deactivated on Wednesday of week 10 of 2026 (4 March), reactivated on Thursday of week 14
# (2 April): weeks 10 to 14 are not owed, up to 9 and from 15 on are.
CYCLE = periods((local(2025, 6, 1), local(2026, 3, 4, 11)), (local(2026, 4, 2, 9), None))


@pytest.mark.parametrize("iso_week,owes", [
    (8, True), (9, True), (10, False), (11, False), (12, False), (13, False), (14, False),
    (15, True), (16, True), (30, True),
])
def test_a_deactivate_reactivate_cycle_owes_only_the_weeks_it_was_active(iso_week, owes):
    assert cm.unit_owes_week(CYCLE, 2026, iso_week) is owes


def test_a_reactivation_on_monday_at_midnight_owes_that_week():
    cycle = periods((local(2025, 6, 1), local(2026, 3, 4, 11)), (local(2026, 3, 30), None))
    assert [cm.unit_owes_week(cycle, 2026, w) for w in (9, 10, 13, 14, 15)] == [
        True, False, False, True, True]


def test_periods_may_be_any_objects_with_the_two_dates():
    row = SimpleNamespace(started_at=LONG_AGO, ended_at=None)
    assert cm.unit_owes_week([row], 2026, 48) is True
    assert cm.unit_owes_week((), 2026, 48) is False


@pytest.mark.parametrize("now,iso_week,future", [
    (utc(2026, 11, 29, 4, 50), (2026, 48), False),  # Saturday night local: current week
    (utc(2026, 11, 29, 4, 50), (2026, 49), True),
    (utc(2026, 11, 30, 5, 59, 59), (2026, 49), True),  # Sunday 23:59:59 local
    (utc(2026, 11, 30, 6, 0), (2026, 49), False),  # Monday 00:00 local
    (utc(2026, 12, 31, 12, 0), (2027, 1), True),  # 2026 has a week 53
    (utc(2026, 12, 31, 12, 0), (2026, 53), False),
    (utc(2026, 11, 29, 4, 50), (2025, 10), False),
])
def test_future_weeks(now, iso_week, future):
    assert cm.is_future_week(*iso_week, now) is future


@pytest.mark.parametrize("statuses,expected,mean,on_time", [
    ([cm.A_TIEMPO] * 4, 4, 1.0, 1.0),
    ([cm.A_TIEMPO, cm.EXTEMPORANEO, cm.NO_ENTREGADO, cm.A_TIEMPO], 4, 0.625, 0.5),
    # Excused and pending weeks are left out of both figures.
    ([cm.A_TIEMPO, cm.JUSTIFICADO, cm.EXTEMPORANEO, cm.PENDIENTE], 2, 0.75, 0.5),
    ([cm.EXTEMPORANEO, cm.EXTEMPORANEO, cm.JUSTIFICADO], 2, 0.5, 0.0),
    ([cm.NO_ENTREGADO, None, None, cm.NO_ENTREGADO], 2, 0.0, 0.0),
    ([cm.JUSTIFICADO, cm.PENDIENTE, None], 0, None, None),
    ([], 0, None, None),
])
def test_mean_score_and_on_time_share(statuses, expected, mean, on_time):
    result = cm.summarize(statuses)
    assert result.expected == expected
    assert result.mean_score == mean
    assert result.on_time_share == on_time
    assert result.owed == sum(1 for s in statuses if s is not None)


@pytest.mark.parametrize("statuses,ranked", [
    ([cm.A_TIEMPO] * 3 + [cm.JUSTIFICADO, cm.PENDIENTE], False),
    ([cm.A_TIEMPO] * 3 + [cm.NO_ENTREGADO], True),
])
def test_ranking_needs_four_scored_weeks(statuses, ranked):
    assert cm.summarize(statuses).ranked is ranked


def test_scores_match_the_published_rule():
    assert cm.SCORES == {cm.A_TIEMPO: 1, cm.EXTEMPORANEO: 0.5, cm.NO_ENTREGADO: 0}
    assert set(cm.STATUS_LABELS) == set(cm.STATUSES) == set(cm.STATUS_RULES)


@pytest.mark.parametrize("first,last,expected", [
    (date(2026, 11, 23), date(2026, 11, 23), [(2026, 48)]),
    (date(2026, 12, 21), date(2027, 1, 4), [(2026, 52), (2026, 53), (2027, 1)]),
    # Any days: the weeks whose Monday falls in them (21 Dec 2020 is before the 24th).
    (date(2020, 12, 24), date(2021, 1, 6), [(2020, 53), (2021, 1)]),
    (date(2026, 3, 3), date(2026, 3, 8), []),  # Tuesday to Sunday: no Monday, no week
    (date(2026, 3, 1), date(2026, 3, 31), [(2026, 10), (2026, 11), (2026, 12), (2026, 13),
                                           (2026, 14)]),  # 30 March to 5 April is March's
    (date(2026, 1, 1), date(2026, 1, 31), [(2026, 2), (2026, 3), (2026, 4), (2026, 5)]),
    (date(2025, 12, 1), date(2025, 12, 31), [(2025, 49), (2025, 50), (2025, 51), (2025, 52),
                                             (2026, 1)]),  # ISO week 1 of 2026 is December's
    (date(2026, 11, 30), date(2026, 11, 23), []),
])
def test_weeks_of_period_are_those_whose_monday_falls_in_it(first, last, expected):
    assert cm.weeks_of_period(first, last) == expected


@pytest.mark.parametrize("value,expected", [
    ("2026-W05", (2026, 5)), ("2026-w53", (2026, 53)), (" 2020-W53 ", (2020, 53))])
def test_parse_week_value(value, expected):
    assert cm.parse_week_value(value) == expected
    assert cm.week_value(*expected) == date.fromisocalendar(*expected, 1).isoformat()
    assert cm.parse_week_value(cm.week_value(*expected)) == expected


@pytest.mark.parametrize("value", ["", None, "2026-05", "2026-Wxx", "2025-W53", "hola"])
def test_bad_week_values_are_refused_in_spanish(value):
    with pytest.raises(ValidationError):
        cm.parse_week_value(value)


@pytest.mark.parametrize("weekday,at,expected", [
    ("4", "15:00", FRIDAY_15), (0, "00:00", cm.DeadlineRule(0, time(0, 0))),
    ("6", time(23, 59, 30), cm.DeadlineRule(6, time(23, 59))),
])
def test_make_rule(weekday, at, expected):
    assert cm.make_rule(weekday, at) == expected


@pytest.mark.parametrize("weekday,at,message", [
    ("7", "15:00", "Elija un día de lunes a domingo."), ("x", "15:00", "Elija el día límite."),
    ("4", "25:00", "HH:MM"), ("4", "15", "HH:MM"), ("4", None, "Indique la hora límite."),
])
def test_make_rule_refuses_bad_input(weekday, at, message):
    with pytest.raises(ValidationError, match=message):
        cm.make_rule(weekday, at)


@pytest.mark.parametrize("weekday,at,expected", [
    ("2", "09:15", cm.DeadlineRule(2, time(9, 15))), (None, None, FRIDAY_15),
    ("9", "15:00", FRIDAY_15), ("1", "nada", FRIDAY_15),
])
def test_rule_from_settings_falls_back_to_friday_15(weekday, at, expected):
    assert cm.rule_from_settings(weekday, at) == expected


def test_week_label_is_spanish():
    assert cm.week_label(2026, 53) == "Semana 53 de 2026 (28/12/2026 al 03/01/2027)"
