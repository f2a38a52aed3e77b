"""Statistics periods: ranges of local (America/Mexico_City) calendar days.

A period is ``first``..``last`` (local days, both included); its rows are those whose UTC
instant falls in ``[start_utc, end_utc)``, the local midnights that open ``first`` and close
``last``. Weeks are ISO weeks (Monday 00:00 local to the next Monday 00:00); months are local
calendar months. Pure functions: no database, ``now`` always passed in.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.timeutil import local_day_range_utc, local_today, parse_week_start
from app.validators import ValidationError

# The dashboard and its CSVs refuse longer ranges (figures stay cheap and the page readable).
MAX_RANGE_DAYS = 366
MONTHS_SHORT_ES = ["ene", "feb", "mar", "abr", "may", "jun",
                   "jul", "ago", "sep", "oct", "nov", "dic"]


@dataclass(frozen=True)
class Period:
    """Local days ``first``..``last`` (inclusive)."""

    first: date
    last: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The half-open UTC interval [start, end) of the period."""
        return local_day_range_utc(self.first, self.last)

    @property
    def start_utc(self) -> datetime:
        return self.bounds[0]

    @property
    def end_utc(self) -> datetime:
        return self.bounds[1]

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def is_iso_week(self) -> bool:
        return self.first.weekday() == 0 and self.days == 7

    @property
    def label(self) -> str:
        dates = f"{self.first.strftime('%d/%m/%Y')} al {self.last.strftime('%d/%m/%Y')}"
        if self.is_iso_week:
            iso = self.first.isocalendar()
            return f"Semana {iso[1]} de {iso[0]} ({dates})"
        return f"Del {dates}"

    def previous(self) -> "Period":
        """The period of the same length that ends the day before this one starts."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))


def week_period(iso_year: int, iso_week: int) -> Period:
    """The ISO week as a period; ValidationError in Spanish when the week does not exist."""
    try:
        monday = date.fromisocalendar(iso_year, iso_week, 1)
    except (TypeError, ValueError):
        raise ValidationError("La semana indicada no existe.", "week")
    return Period(monday, monday + timedelta(days=6))


def week_containing(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))


def current_week(now: datetime) -> Period:
    """The local ISO week that contains ``now``."""
    return week_containing(local_today(now))


def last_complete_week(now: datetime) -> Period:
    """The latest local ISO week that is over at ``now`` (the dashboard's and the PDF's
    default): the week before the running one."""
    return current_week(now).previous()


def is_running(period: Period, now: datetime) -> bool:
    """True while the period is not over at ``now`` (its last local day is today or later)."""
    return period.last >= local_today(now)


def running_label(period: Period) -> str:
    """«semana en curso» for an ISO week, «periodo en curso» for another range."""
    return "semana en curso" if period.is_iso_week else "periodo en curso"


def month_period(year: int, month: int) -> Period:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return Period(first, following - timedelta(days=1))


def last_months(day: date, count: int = 12) -> list[Period]:
    """The ``count`` local calendar months ending with the month of ``day``, oldest first; the
    last one ends at ``day`` (a month to date), so a series is the same whenever it is read."""
    months = []
    year, month = day.year, day.month
    for _ in range(count):
        months.append(month_period(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    months[0] = Period(months[0].first, min(months[0].last, day))
    return months[::-1]


def month_label(period: Period) -> str:
    """Short Spanish month label: "ene 2026"."""
    return f"{MONTHS_SHORT_ES[period.first.month - 1]} {period.first.year}"


def parse_date(value: str | None, label: str, field: str) -> date | None:
    """A "AAAA-MM-DD" string as a date (None when empty); ValidationError in Spanish."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"La fecha {label} no es válida: use el formato AAAA-MM-DD.", field)


def parse_week(value: str | None) -> Period | None:
    """What a week picker sent (a day, or AAAA-Wnn from an old link) as a period (None when
    empty); ValidationError."""
    if not (value or "").strip():
        return None
    try:
        monday = parse_week_start(value)
    except ValueError:
        raise ValidationError("Elija una semana de la lista.", "week")
    iso_year, iso_week, _ = monday.isocalendar()
    return week_period(iso_year, iso_week)


def week_value(period: Period) -> str:
    iso = period.first.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def resolve_range(first: date | None, last: date | None, now: datetime) -> Period:
    """The dashboard's period from its filter: the last complete week when both ends are empty.

    One empty end takes the other's value. Refuses a reversed range, one that starts in the
    future, or one longer than MAX_RANGE_DAYS (Spanish messages).
    """
    if first is None and last is None:
        return last_complete_week(now)
    first, last = first or last, last or first
    if first > last:
        raise ValidationError("La fecha inicial no puede ser posterior a la final.", "desde")
    if first > local_today(now):
        raise ValidationError("El periodo no puede comenzar en el futuro.", "desde")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError("El periodo no puede ser mayor de un año.", "hasta")
    return Period(first, last)


def check_not_future(period: Period, now: datetime) -> None:
    """Refuse a week that starts after the current one (the cabinet PDF)."""
    if period.first > local_today(now):
        raise ValidationError("No se puede generar el informe de una semana futura.", "week")
