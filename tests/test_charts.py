"""The one chart geometry (app/charts.py) that the SVG charts and the cabinet PDF draw."""
import pytest

from app.charts import bar_layout, nice_max


@pytest.mark.parametrize("value,expected", [(0, 1), (0.4, 1), (1, 1), (3, 5), (12, 20),
                                            (21, 25), (50, 50), (51, 100), (99.5, 100),
                                            (1803, 2000), (40258, 50000)])
def test_axis_top_is_one_two_two_and_a_half_or_five_times_a_power_of_ten(value, expected):
    assert nice_max(value) == expected


def test_quarter_ticks_keep_their_decimals_and_bars_are_proportional():
    layout = bar_layout([[50, 25, None]], width=100, height=60, margins=(10, 0, 0, 10))
    assert [t.value for t in layout.ticks] == [0, 12.5, 25, 37.5, 50]
    assert [t.y for t in layout.ticks] == [50, 37.5, 25, 12.5, 0]
    full, half, empty = layout.bars
    assert full.height == 50 and half.height == 25 and empty.height == 0
    assert full.y + full.height == layout.baseline and empty.value is None
    assert layout.centers == [25, 55, 85]


def test_grouped_bars_sit_side_by_side_inside_their_slot():
    layout = bar_layout([[1, 2], [3, 4]], width=200, height=100, margins=(0, 0, 0, 0))
    first, second = layout.bars[0], layout.bars[1]
    assert (first.group, first.series, second.group, second.series) == (0, 0, 0, 1)
    assert first.x == 10 and second.x == 50 and second.x + second.width <= layout.slot
