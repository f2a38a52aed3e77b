"""Numbers as Mexico writes them (app/formatting.py): one table of cases for the screen and
the PDF, one for the CSV cells."""
from datetime import date, datetime, timezone

import pytest

from app import formatting as f

CASES = [
    (f.integer, (1803,), "1,803"),
    (f.integer, (1234567,), "1,234,567"),
    (f.integer, (0,), "0"),
    (f.integer, (None,), "—"),
    (f.number, (12.5,), "12.5"),
    (f.number, (50000,), "50,000"),
    (f.number, (37.5,), "37.5"),
    (f.percent, (0.805,), "80.5 %"),
    (f.percent, (1,), "100.0 %"),
    (f.percent, (0,), "0.0 %"),
    (f.percent, (None,), "—"),
    (f.days, (4.5,), "4.5"),
    (f.days, (1,), "1.0"),
    (f.days, (1234.56,), "1,234.6"),
    (f.signed, (12,), "+12"),
    (f.signed, (-33,), "\u221233"),
    (f.signed, (0,), "0"),
    (f.signed, (-1500,), "\u22121,500"),
    (f.signed, (-0.04, 1), "0.0"),
    (f.change, (53, 41), "+12 (+29.3 %)"),
    (f.change, (8, 41), "\u221233 (\u221280.5 %)"),
    (f.change, (5, 0), "+5"),
    (f.change, (3, 3), "0 (0.0 %)"),
    (f.change, (None, 3), "—"),
    (f.points, (0.85, 0.875), "\u22122.5 pts"),
    (f.points, (0.5, 0.0), "+50.0 pts"),
    (f.points, (None, 0.5), "—"),
]


@pytest.mark.parametrize("function,args,expected", CASES)
def test_numbers_are_written_as_in_mexico(function, args, expected):
    assert function(*args) == expected


MOMENT = datetime(2026, 3, 6, 21, 0, tzinfo=timezone.utc)  # 15:00 in Fresnillo
CELLS = [
    # cell, on screen and in the PDF, in a CSV
    (1803, "1,803", 1803),
    (None, "—", ""),
    (f.Percent(0.805), "80.5 %", 80.5),
    (f.Percent(None), "—", ""),
    (f.Days(4.25), "4.2", 4.2),
    (f.Rating(3.666), "3.7", 3.7),
    (f.Change(8, 41), "\u221233 (\u221280.5 %)", -33),
    (f.Change(None, 41), "—", ""),
    (f.Points(0.85, 0.875), "\u22122.5 pts", -2.5),
    (f.Trend(12, 10, 0.5), "▲ sube", 1),
    (f.Trend(8, 10, 0.5), "▼ baja", -1),
    (f.Trend(10.4, 10, 0.5), "= igual", 0),
    (f.Trend(0.85, 0.86, 0.01), "= igual", 0),
    (f.Trend(None, 10), "—", ""),
    (date(2026, 3, 6), "06/03/2026", "2026-03-06"),
    (MOMENT, "06/03/2026 15:00", "2026-03-06 15:00"),
    ("Centro", "Centro", "Centro"),
    ("=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
    ("+52 493", "+52 493", "'+52 493"),
    ("-33", "-33", "'-33"),
    ("@SUM(A1)", "@SUM(A1)", "'@SUM(A1)"),
]


@pytest.mark.parametrize("cell,shown,in_csv", CELLS)
def test_a_cell_is_text_on_screen_and_a_plain_value_in_a_csv(cell, shown, in_csv):
    assert f.display(cell) == shown
    assert f.csv_value(cell) == in_csv
