"""The chart's geometry and the demo data that feeds the visits screen."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.timeutil import to_local, utcnow
from app.charts import nice_max
from app.visits.chart import AXIS_FLOOR, AXIS_STEPS, build_bar_chart
from app.visits.models import VisitCorrection
from app.visits.queries import MonthFigures, add_months, get_monthly_series


@pytest.mark.parametrize("value,expected", [(0, 10), (7, 10), (11, 20), (20, 20), (21, 50),
                                            (41895, 50000), (50001, 100000)])
def test_axis_top_is_a_round_number_at_or_above_the_maximum(value, expected):
    assert nice_max(value, floor=AXIS_FLOOR, steps=AXIS_STEPS) == expected


def test_bars_are_proportional_and_months_without_data_have_none():
    rows = [MonthFigures(2026, 1, 1000, None, None, "counter"),
            MonthFigures(2026, 2, 500, None, None, "manual"),
            MonthFigures(2026, 3, None, None, None, "none")]
    chart = build_bar_chart(rows)
    full, half, empty = chart["bars"]
    assert full.height == pytest.approx(2 * half.height, abs=0.2) and empty.height == 0
    assert full.y + full.height == pytest.approx(chart["baseline"])
    assert "enero 2026: 1,000 visitas (Contador propio)" == full.title
    assert empty.title.endswith("sin datos (Sin datos)") and full.short_label == "ene 26"


def test_demo_shows_typed_months_and_counter_months_with_history(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    local = to_local(utcnow())
    current = (local.year, local.month)
    rows = get_monthly_series(add_months(current, -23), current)
    assert [r.source for r in rows[-2:]] == ["counter", "counter"]
    assert {r.source for r in rows[:-2]} == {"manual"}
    assert db.session.scalar(select(func.count(VisitCorrection.id))) == 23
