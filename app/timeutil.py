"""Time helpers: stored in UTC, shown in America/Mexico_City."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

LOCAL_TZ = ZoneInfo("America/Mexico_City")
MONTHS_ES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
]
WEEKDAYS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored in UTC on every backend (SQLite included)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def to_local(value: datetime) -> datetime:
    return value.astimezone(LOCAL_TZ)


def local_today(now: datetime | None = None) -> date:
    return to_local(now or utcnow()).date()


def local_midnight_utc(day: date) -> datetime:
    """The UTC instant at which a local calendar day starts."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def local_day_range_utc(start: date, end_inclusive: date) -> tuple[datetime, datetime]:
    """[start, end] local days as a half-open UTC interval."""
    return local_midnight_utc(start), local_midnight_utc(end_inclusive + timedelta(days=1))


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return to_local(value).strftime("%d/%m/%Y %H:%M")


def format_weekday_time(value: datetime) -> str:
    """A moment of this week as «vie 15:00» (local time)."""
    local = to_local(value)
    return f"{WEEKDAYS_ES[local.weekday()][:3]} {local:%H:%M}"


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return value.strftime("%d/%m/%Y")


WEEK_CHOICES = 104  # weeks a week picker lists, back from the current one (two years)


def week_monday_of(day: date) -> date:
    """The Monday of the (ISO, Monday-to-Sunday) week containing ``day``."""
    return day - timedelta(days=day.weekday())


def week_range_label(monday: date) -> str:
    """«semana del 24 al 30 de noviembre de 2026»; the first end names its month (and year)
    only when the week spans two."""
    sunday = monday + timedelta(days=6)
    start = str(monday.day)
    if monday.month != sunday.month:
        start += f" de {MONTHS_ES[monday.month - 1]}"
    if monday.year != sunday.year:
        start += f" de {monday.year}"
    return f"semana del {start} al {sunday.day} de {MONTHS_ES[sunday.month - 1]} de {sunday.year}"


def parse_week_start(value: str | None) -> date:
    """The Monday of the week a picker sent: a day (AAAA-MM-DD, any day of the week) or, from
    links bookmarked before the pickers showed dates, the ISO notation AAAA-Wnn. ValueError
    when it is neither."""
    value = (value or "").strip().upper()
    if "-W" in value:
        year, week = value.split("-W", 1)
        return date.fromisocalendar(int(year), int(week), 1)
    return week_monday_of(date.fromisoformat(value))


def week_options(selected: date | str | None, latest: date | None = None,
                 count: int = WEEK_CHOICES) -> list[tuple[str, str, bool]]:
    """(value, label, is_selected) of a week picker, newest first: ``count`` weeks back from
    ``latest``'s week (this week by default), plus ``selected``'s week (a day or what a picker
    sent; ignored when unreadable) when outside them."""
    if isinstance(selected, str):
        try:
            selected = parse_week_start(selected)
        except ValueError:
            selected = None
    newest = week_monday_of(latest or local_today())
    mondays = [newest - timedelta(weeks=n) for n in range(count)]
    chosen = week_monday_of(selected) if selected else None
    if chosen and chosen not in mondays:
        mondays = sorted({*mondays, chosen}, reverse=True)
    return [(m.isoformat(), week_range_label(m), m == chosen) for m in mondays]
