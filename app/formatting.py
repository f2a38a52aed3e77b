"""Numbers as text, as Mexico writes them: the one module for the screen, the PDF and the CSVs.

1,803 · 80.5 % · +12 (+25.0 %) · −33 · −2.5 pts · 4.5 (days). Templates use these through the
Jinja filters registered in ``app/__init__.py`` (``entero``, ``numero``, ``porcentaje``,
``dias``, ``celda``); dates and times are ``fecha`` and ``fechahora`` (app/timeutil.py).

Table cells are plain values (int, float, date, datetime, str, None) or one of the small cell
types below, so one table feeds both outputs: ``display`` gives the text shown on screen and in
the PDF, ``csv_value`` the machine-readable value of a CSV cell (1803, 80.5, -33,
2026-03-06; empty when there is no figure). Only text cells that begin with = + - @ (or a tab
or carriage return) get a leading apostrophe, so no spreadsheet runs them as a formula;
numbers never do.
"""
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from app.timeutil import format_date, format_datetime, to_local

DASH = "—"
MINUS = "\u2212"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def integer(value) -> str:
    """1,803 (rounded to a whole number); — without a value."""
    return DASH if value is None else f"{round(value):,}"


def number(value, places: int = 1) -> str:
    """Whole numbers as such (25), others with ``places`` decimals (12.5)."""
    if value is None:
        return DASH
    return integer(value) if float(value).is_integer() else f"{value:,.{places}f}"


def percent(share) -> str:
    """A share 0..1 as a percentage with one decimal: 80.5 %."""
    return DASH if share is None else f"{share * 100:,.1f} %"


def days(value) -> str:
    """A duration in days with one decimal: 4.5."""
    return DASH if value is None else f"{value:,.1f}"


def signed(value, places: int = 0) -> str:
    """+12, −33 (a true minus sign), 0; with ``places`` decimals: +2.5."""
    if value is None:
        return DASH
    value = round(value, places)
    if value == 0:
        return f"{0:.{places}f}"
    sign = "+" if value > 0 else MINUS
    return f"{sign}{abs(value):,.{places}f}"


def change(current, previous) -> str:
    """Difference and relative change: +12 (+25.0 %); the difference alone from zero."""
    if current is None or previous is None:
        return DASH
    diff = current - previous
    text = signed(diff, 0 if float(diff).is_integer() else 1)
    if previous:
        text += f" ({signed(diff / previous * 100, 1)} %)"
    return text


def points(current, previous) -> str:
    """The difference of two shares in percentage points: −2.5 pts."""
    if current is None or previous is None:
        return DASH
    return f"{signed((current - previous) * 100, 1)} pts"


@dataclass(frozen=True)
class Percent:
    """A share 0..1 shown as 80.5 %; 80.5 in a CSV."""

    share: float | None

    def text(self) -> str:
        return percent(self.share)

    def csv(self):
        return "" if self.share is None else round(self.share * 100, 1)


@dataclass(frozen=True)
class Days:
    """A duration in days shown as 4.5; 4.5 in a CSV."""

    value: float | None

    def text(self) -> str:
        return days(self.value)

    def csv(self):
        return "" if self.value is None else round(self.value, 1)


class Rating(Days):
    """A mean rating (1 to 5) with one decimal: 3.7."""


@dataclass(frozen=True)
class Change:
    """This period against the previous one: +12 (+25.0 %) on screen, 12 in a CSV."""

    current: float | None
    previous: float | None

    def text(self) -> str:
        return change(self.current, self.previous)

    def csv(self):
        if self.current is None or self.previous is None:
            return ""
        diff = self.current - self.previous
        return int(diff) if float(diff).is_integer() else round(diff, 1)


@dataclass(frozen=True)
class Points:
    """Two shares' difference: −2.5 pts on screen, -2.5 in a CSV."""

    current: float | None
    previous: float | None

    def text(self) -> str:
        return points(self.current, self.previous)

    def csv(self):
        if self.current is None or self.previous is None:
            return ""
        return round((self.current - self.previous) * 100, 1)


@dataclass(frozen=True)
class Trend:
    """A figure against its reference (the memo's 4-week average): ▲ sube, ▼ baja or = igual
    when the gap is within ``tolerance``; in words too, so it reads in black and white.
    1, -1 or 0 in a CSV."""

    current: float | None
    reference: float | None
    tolerance: float = 0

    @property
    def direction(self) -> int | None:
        if self.current is None or self.reference is None:
            return None
        gap = self.current - self.reference
        if abs(gap) <= self.tolerance + 1e-9:  # 0.85 − 0.86 is a hair over 0.01 in floats
            return 0
        return 1 if gap > 0 else -1

    def text(self) -> str:
        return {None: DASH, 1: "▲ sube", -1: "▼ baja", 0: "= igual"}[self.direction]

    def csv(self):
        return "" if self.direction is None else self.direction


CELL_TYPES = (Percent, Days, Change, Points, Trend)


def display(cell) -> str:
    """The text of a table cell on screen and in the PDF."""
    if isinstance(cell, CELL_TYPES):
        return cell.text()
    if cell is None:
        return DASH
    if isinstance(cell, bool):
        return "Sí" if cell else "No"
    if isinstance(cell, (int, float)):
        return number(cell)
    if isinstance(cell, datetime):
        return format_datetime(cell)
    if isinstance(cell, date):
        return format_date(cell)
    return str(cell)


def csv_value(cell):
    """The machine-readable value of a table cell in a CSV (see the module docstring)."""
    if isinstance(cell, CELL_TYPES):
        return cell.csv()
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "Sí" if cell else "No"
    if isinstance(cell, (int, float)):
        return cell
    if isinstance(cell, datetime):
        return to_local(cell).strftime("%Y-%m-%d %H:%M")
    if isinstance(cell, date):
        return cell.isoformat()
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def iter_csv(headers, rows, batch: int = 500):
    """The same CSV as ``to_csv``, streamed: bytes of ``batch`` rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(headers)
    for index, row in enumerate(rows, 1):
        writer.writerow([csv_value(cell) for cell in row])
        if index % batch == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_csv(headers, rows) -> bytes:
    """UTF-8 with BOM (Excel opens the accents right), comma-separated; each cell's
    machine-readable value (app/formatting.csv_value)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([csv_value(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
