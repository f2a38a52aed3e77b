"""The monthly visits bar chart: app/charts.py's geometry plus each month's source and title."""
from dataclasses import dataclass

from app.charts import bar_layout
from app.formatting import integer
from app.timeutil import MONTHS_ES

WIDTH, HEIGHT = 960, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 16, 48
# Visits are whole numbers: the axis tops at 10 at least, on a 1/2/5 scale.
AXIS_FLOOR, AXIS_STEPS = 10, (1, 2, 5)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    source: str
    title: str
    short_label: str


def build_bar_chart(rows) -> dict:
    """Bars, axis ticks and size for a list of MonthFigures (months without data get no bar)."""
    layout = bar_layout([[r.visits for r in rows]], width=WIDTH, height=HEIGHT,
                        margins=(LEFT, RIGHT, TOP, BOTTOM), floor=AXIS_FLOOR, steps=AXIS_STEPS)
    bars = []
    for row, bar in zip(rows, layout.bars):
        visits = "sin datos" if row.visits is None else f"{integer(row.visits)} visitas"
        bars.append(Bar(
            x=bar.x, y=bar.y, width=bar.width, height=bar.height, source=row.source,
            title=f"{row.label}: {visits} ({row.source_label})",
            short_label=f"{MONTHS_ES[row.month - 1][:3]} {str(row.year)[2:]}"))
    ticks = [{"value": tick.value, "y": tick.y} for tick in layout.ticks]
    return {"bars": bars, "ticks": ticks, "width": WIDTH, "height": HEIGHT, "left": LEFT,
            "right": layout.right, "baseline": layout.baseline, "slot": layout.slot}
