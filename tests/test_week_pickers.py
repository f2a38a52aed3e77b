"""Week pickers: weeks shown as date ranges, sent as a day, and old AAAA-Wnn links still read."""
from datetime import date

import pytest

from app.timeutil import parse_week_start, week_options, week_range_label
from tests.factories import make_unit, make_user


@pytest.mark.parametrize("monday,label", [
    (date(2026, 11, 23), "semana del 23 al 29 de noviembre de 2026"),
    (date(2026, 11, 30), "semana del 30 de noviembre al 6 de diciembre de 2026"),
    (date(2025, 12, 29), "semana del 29 de diciembre de 2025 al 4 de enero de 2026"),
])
def test_a_week_reads_as_its_date_range(monday, label):
    assert week_range_label(monday) == label


@pytest.mark.parametrize("value,monday", [
    ("2026-11-26", date(2026, 11, 23)),  # any day snaps to its Monday
    ("2026-11-23", date(2026, 11, 23)),
    ("2026-W48", date(2026, 11, 23)),  # links bookmarked before the pickers showed dates
    (" 2026-w05 ", date(2026, 1, 26)),
])
def test_a_picker_value_gives_the_weeks_monday(value, monday):
    assert parse_week_start(value) == monday


@pytest.mark.parametrize("value", ["", None, "semana 3", "2026-W54", "2026-W", "2026-13-01"])
def test_an_unreadable_week_is_a_value_error(value):
    with pytest.raises(ValueError):
        parse_week_start(value)


def test_the_options_go_back_from_this_week_and_keep_an_older_choice():
    options = week_options(date(2020, 3, 4), latest=date(2026, 12, 1), count=3)
    assert [value for value, _, _ in options] == ["2026-11-30", "2026-11-23", "2026-11-16",
                                                   "2020-03-02"]
    assert [value for value, _, chosen in options if chosen] == ["2020-03-02"]
    assert week_options("no es semana", latest=date(2026, 12, 1), count=1) == [
        ("2026-11-30", "semana del 30 de noviembre al 6 de diciembre de 2026", False)]


@pytest.mark.parametrize("desde", ["2026-W40", "2026-10-01"])
def test_the_unit_report_page_reads_old_and_new_week_values(client, login_as, desde):
    login_as(make_user(role="unit", unit=make_unit()))
    page = client.get(f"/informes/mi-unidad?desde={desde}&hasta=2026-W42").get_data(as_text=True)
    assert 'type="week"' not in page
    assert '<option value="2026-09-28" selected>Semana del 28 de septiembre al 4 de octubre de 2026' in page
    assert '<option value="2026-10-12" selected>Semana del 12 al 18 de octubre de 2026' in page


def test_an_unreadable_week_in_the_link_falls_back_with_a_spanish_message(client, login_as):
    login_as(make_user(role="secretary"))
    page = client.get("/informes/?desde=semana-3").get_data(as_text=True)
    assert "Elija una semana de la lista. Se muestran las últimas 12 semanas." in page
