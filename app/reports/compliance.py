"""Weekly-report schedule and compliance rules: the only module that knows them.

Everything here is a pure function of its arguments (``now`` included); the database reads live
in ``app/reports/queries.py`` and the writes in ``app/reports/services.py``.

Rules
-----
* A unit owes one report per ISO week (Monday to Sunday, America/Mexico_City).
* The deadline is a weekday and a local time *inside the report's own ISO week*; it comes from
  the global settings ``report_deadline_weekday`` (0 = Monday) and ``report_deadline_time``
  ("HH:MM"), each overridable per unit (``Unit.report_deadline_weekday`` /
  ``Unit.report_deadline_time``; each column overrides its own half). A time of 00:00 means the
  first instant of that day (Friday 00:00 is the night between Thursday and Friday).
* A report handed in at the deadline instant or before is on time; one second later is late.
* A unit owes the weeks during which it was active from Monday 00:00 to the next Monday 00:00
  (local). Its activity is a list of periods (``UnitActivityPeriod``: creating a unit opens one,
  deactivating closes it, reactivating opens another), and a week is owed when one period covers
  all of it: a period started at Monday 00:00 sharp covers that week, one started later that
  week covers from the next week; a period ended at any instant of a week does not cover that
  week. So a unit deactivated in week 10 and reactivated in week 14 owes up to week 9 and again
  from week 15; deactivated and reactivated within one week, it does not owe that week. A unit
  without periods (marked inactive without a deactivation date) owes nothing.
* An excused week (justificado) stays excused whatever was handed in: it is the secretary's
  explicit decision and it is left out of the score.
* The period rule: a week belongs to the period (week, month, custom range, year) that contains
  its Monday, local date. So a week running from 30 March to 5 April is March's, and ISO week 1
  of 2026 (Monday 29 December 2025) is December 2025's. ``weeks_of_period`` is the one function
  that applies it; every compliance figure (dashboard, monthly series, unit pages, PDF, CSV)
  reads its weeks from it, so the months of a series add up to the indicator of each month.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, time, timedelta, timezone

from app.timeutil import LOCAL_TZ, WEEKDAYS_ES, parse_week_start, to_local
from app.validators import ValidationError

A_TIEMPO = "a_tiempo"
EXTEMPORANEO = "extemporaneo"
NO_ENTREGADO = "no_entregado"
PENDIENTE = "pendiente"
JUSTIFICADO = "justificado"

STATUSES = (A_TIEMPO, EXTEMPORANEO, NO_ENTREGADO, PENDIENTE, JUSTIFICADO)
STATUS_LABELS = {
    A_TIEMPO: "Entregado a tiempo",
    EXTEMPORANEO: "Extemporáneo",
    NO_ENTREGADO: "No entregado",
    PENDIENTE: "Pendiente",
    JUSTIFICADO: "Justificado",
}
# How each status counts, as stated on screen next to the figures.
STATUS_RULES = {
    A_TIEMPO: "Entregado en o antes de la fecha límite: vale 1.",
    EXTEMPORANEO: "Entregado después de la fecha límite: vale 0.5.",
    NO_ENTREGADO: "Venció el plazo sin informe: vale 0.",
    PENDIENTE: "Aún no vence el plazo: no se cuenta.",
    JUSTIFICADO: "La Secretaría Técnica lo justificó con un motivo: no se cuenta.",
}
# Score of a unit-week; statuses absent from this dict are left out of the means.
SCORES = {A_TIEMPO: 1.0, EXTEMPORANEO: 0.5, NO_ENTREGADO: 0.0}
# Units with fewer scored weeks than this in a range are not ranked.
MIN_WEEKS_FOR_RANKING = 4

# Weeks outside these ISO years are refused (keeps every UTC conversion far from overflow).
MIN_YEAR, MAX_YEAR = 2000, 2100
DEFAULT_WEEKDAY = 4  # Friday
DEFAULT_TIME = time(15, 0)


@dataclass(frozen=True)
class DeadlineRule:
    """Weekday (0 = Monday) and local time of the deadline inside the report's ISO week."""

    weekday: int = DEFAULT_WEEKDAY
    at: time = DEFAULT_TIME

    @property
    def label(self) -> str:
        return f"{WEEKDAYS_ES[self.weekday]} a las {self.at.strftime('%H:%M')}"


def parse_time(value: str | None) -> time:
    """An "HH:MM" string as a time; raises ValidationError in Spanish."""
    try:
        hours, minutes = (value or "").strip().split(":")
        if len(hours) > 2 or len(minutes) != 2:
            raise ValueError
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValidationError("La hora debe tener el formato HH:MM (00:00 a 23:59).", "time")


def make_rule(weekday, at) -> DeadlineRule:
    """Validate a weekday (0-6) and a time (or "HH:MM") into a DeadlineRule."""
    if isinstance(at, str):
        at = parse_time(at)
    if not isinstance(at, time):
        raise ValidationError("Indique la hora límite.", "time")
    try:
        weekday = int(weekday)
    except (TypeError, ValueError):
        raise ValidationError("Elija el día límite.", "weekday")
    if not 0 <= weekday <= 6:
        raise ValidationError("Elija un día de lunes a domingo.", "weekday")
    return DeadlineRule(weekday, at.replace(second=0, microsecond=0, tzinfo=None))


def rule_from_settings(weekday: str | None, at: str | None) -> DeadlineRule:
    """The global rule from the settings' strings; missing or broken values fall back to
    Friday 15:00 so a bad row never breaks the pages."""
    try:
        return make_rule(DEFAULT_WEEKDAY if weekday is None else weekday,
                         DEFAULT_TIME if at is None else at)
    except ValidationError:
        return DeadlineRule()


def unit_rule(unit, global_rule: DeadlineRule) -> DeadlineRule:
    """The rule for one unit: its override columns replace the global halves they set."""
    weekday = unit.report_deadline_weekday
    at = unit.report_deadline_time
    return DeadlineRule(global_rule.weekday if weekday is None else weekday,
                        global_rule.at if at is None else at)


def week_monday(iso_year: int, iso_week: int) -> date:
    """The Monday of an ISO week; raises ValidationError for a week that does not exist."""
    if not isinstance(iso_year, int) or not MIN_YEAR <= iso_year <= MAX_YEAR:
        raise ValidationError(f"Indique una semana de los años {MIN_YEAR} a {MAX_YEAR}.", "week")
    try:
        return date.fromisocalendar(iso_year, iso_week, 1)
    except (TypeError, ValueError):
        raise ValidationError("La semana indicada no existe.", "week")


def week_of(day: date) -> tuple[int, int]:
    """(ISO year, ISO week) of a calendar day."""
    iso = day.isocalendar()
    return iso[0], iso[1]


def current_week(now: datetime) -> tuple[int, int]:
    """The local ISO week containing ``now``."""
    return week_of(to_local(now).date())


@lru_cache(maxsize=4096)
def week_start_utc(iso_year: int, iso_week: int) -> datetime:
    """The UTC instant of the local Monday 00:00 that opens the week."""
    monday = week_monday(iso_year, iso_week)
    return datetime.combine(monday, time.min, tzinfo=LOCAL_TZ).astimezone(timezone.utc)


@lru_cache(maxsize=8192)
def deadline_for_week(iso_year: int, iso_week: int, rule: DeadlineRule) -> datetime:
    """The deadline (UTC) of the report of an ISO week under a rule."""
    day = week_monday(iso_year, iso_week) + timedelta(days=rule.weekday)
    return datetime.combine(day, rule.at, tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def unit_deadline(unit, iso_year: int, iso_week: int, global_rule: DeadlineRule) -> datetime:
    """The deadline (UTC) of a unit's report for an ISO week."""
    return deadline_for_week(iso_year, iso_week, unit_rule(unit, global_rule))


def is_future_week(iso_year: int, iso_week: int, now: datetime) -> bool:
    """True when the week starts after the current local week (reports for it are refused)."""
    return (iso_year, iso_week) > current_week(now)


@dataclass(frozen=True)
class ActivityPeriod:
    """An interval during which a unit was active (``ended_at`` None: still active). Any object
    with these two attributes will do (the database rows of ``UnitActivityPeriod`` do)."""

    started_at: datetime
    ended_at: datetime | None = None


def unit_owes_week(periods: Iterable, iso_year: int, iso_week: int) -> bool:
    """Whether a unit with these activity periods owes a report for the week (see the module
    docstring): one period must cover the week from Monday 00:00 to the next Monday 00:00."""
    start = week_start_utc(iso_year, iso_week)
    end = start + timedelta(days=7)
    return any(period.started_at <= start and (period.ended_at is None or period.ended_at >= end)
               for period in periods)


def is_on_time(submitted_at: datetime, deadline_at: datetime) -> bool:
    """At the deadline instant is still on time; one second later is late."""
    return submitted_at <= deadline_at


def week_status(*, owed: bool, deadline_at: datetime, submitted_at: datetime | None,
                excused: bool, now: datetime) -> str | None:
    """The status code of one unit-week, or None when the unit did not owe that week.

    ``submitted_at`` is the first hand-in and ``deadline_at`` the deadline recorded with it
    (the unit's deadline for the week when nothing was handed in).
    """
    if not owed:
        return None
    if excused:
        return JUSTIFICADO
    if submitted_at is not None:
        return A_TIEMPO if is_on_time(submitted_at, deadline_at) else EXTEMPORANEO
    return NO_ENTREGADO if now > deadline_at else PENDIENTE


@dataclass
class ComplianceCounts:
    """Statuses of a set of unit-weeks and their score (the mean of SCORES)."""

    counts: dict = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    def add(self, status: str | None) -> None:
        if status is not None:
            self.counts[status] += 1

    def merge(self, other: "ComplianceCounts") -> None:
        for status, n in other.counts.items():
            self.counts[status] += n

    @property
    def owed(self) -> int:
        """Weeks owed, whatever their status."""
        return sum(self.counts.values())

    @property
    def expected(self) -> int:
        """Scored weeks: on time, late or missing (pending and excused weeks are left out)."""
        return sum(self.counts[status] for status in SCORES)

    @property
    def points(self) -> float:
        return sum(SCORES[status] * self.counts[status] for status in SCORES)

    @property
    def mean_score(self) -> float | None:
        """Mean score 0..1 over the scored weeks; None when there is none."""
        return self.points / self.expected if self.expected else None

    @property
    def on_time_share(self) -> float | None:
        """Share 0..1 of the scored weeks handed in on time; None when there is none."""
        return self.counts[A_TIEMPO] / self.expected if self.expected else None

    @property
    def ranked(self) -> bool:
        return self.expected >= MIN_WEEKS_FOR_RANKING


def due_status(status: str | None, deadline_at: datetime, now: datetime) -> str | None:
    """The status a unit-week counts with in a figure as of ``now``: before its deadline it is
    pending even if handed in already, so a running week is scored only by the weeks whose
    deadline has passed (an early report does not make a week read 100 % with units still
    to hand in). Excused weeks stay excused."""
    if status in SCORES and now <= deadline_at:
        return PENDIENTE
    return status


def summarize(statuses: Iterable[str | None]) -> ComplianceCounts:
    """Count statuses (None = not owed, ignored) into a ComplianceCounts."""
    result = ComplianceCounts()
    for status in statuses:
        result.add(status)
    return result


def weeks_of_period(first: date, last: date) -> list[tuple[int, int]]:
    """The ISO weeks that belong to the local days ``first``..``last`` (both included): those
    whose Monday falls in them (the period rule, see the module docstring). Given two
    Mondays, the weeks from the first's to the last's."""
    start = first + timedelta(days=(7 - first.weekday()) % 7)
    weeks = []
    while start <= last:
        weeks.append(week_of(start))
        start += timedelta(days=7)
    return weeks


def parse_week_value(value: str | None) -> tuple[int, int]:
    """What a week picker sent (a day, or AAAA-Wnn from an old link) as (ISO year, ISO week);
    ValidationError in Spanish."""
    try:
        monday = parse_week_start(value)
    except ValueError:
        raise ValidationError("Elija una semana de la lista.", "week")
    iso_year, iso_week = week_of(monday)
    week_monday(iso_year, iso_week)
    return iso_year, iso_week


def week_value(iso_year: int, iso_week: int) -> str:
    """What a week picker sends for an ISO week: its Monday, "2026-01-26"."""
    return week_monday(iso_year, iso_week).isoformat()


def week_label(iso_year: int, iso_week: int) -> str:
    """Spanish label of a week: "Semana 5 de 2026 (26/01 al 01/02)"."""
    monday = week_monday(iso_year, iso_week)
    sunday = monday + timedelta(days=6)
    return (f"Semana {iso_week} de {iso_year} "
            f"({monday.strftime('%d/%m/%Y')} al {sunday.strftime('%d/%m/%Y')})")
